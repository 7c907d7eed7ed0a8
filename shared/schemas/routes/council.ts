/** The council: its rosters (terms) and its sessions — ballots, recusals, the close and its minutes. */
import * as z from 'zod/mini';
import { permissions } from '#domain/roles';
import { CastBallotInput } from '../input/cast-ballot.ts';
import { CreateRosterInput, EditRosterInput, ListRostersQuery, RosterPathParams } from '../input/council-rosters.ts';
import { DeclareRecusalInput } from '../input/declare-recusal.ts';
import { ListCouncilSessionsQuery } from '../input/list-council-sessions.ts';
import { OpenCouncilSessionInput } from '../input/open-council-session.ts';
import { CouncilSessionRecord, DossierTallyRecord, RosterAuditEventRecord } from '../records.ts';
import { anObject, idParam, type RouteDescriptor } from './descriptor.ts';

export const listRosters = {
  method: 'GET', path: '/api/council-rosters', handler: 'council-rosters', auth: 'signedIn',
  roles: permissions.readRosters,
  summary: "The council's rosters (terms), newest first; ?on=yyyy-mm-dd gives the one in force that day (admin, council secretary, secretariat head)",
  input: { query: ListRostersQuery },
  response: z.object({ on: z.optional(z.string()), rosters: z.array(anObject()) }),
} as const satisfies RouteDescriptor;

export const createRoster = {
  method: 'POST', path: '/api/council-rosters', handler: 'council-rosters', auth: 'signedIn',
  roles: permissions.manageRosters,
  summary: 'Set up a council term: chair, vice-chairs, members (position, unit), secretary, from/to (admin)',
  input: { body: CreateRosterInput },
  response: z.object({ roster: anObject() }),
} as const satisfies RouteDescriptor;

export const getRoster = {
  method: 'GET', path: '/api/council-rosters/{rosterId}', handler: 'council-rosters', auth: 'signedIn',
  roles: permissions.readRosters,
  summary: 'One council roster (admin, council secretary, secretariat head)',
  input: { path: RosterPathParams },
  response: z.object({ roster: anObject() }),
} as const satisfies RouteDescriptor;

export const editRoster = {
  method: 'PUT', path: '/api/council-rosters/{rosterId}', handler: 'council-rosters', auth: 'signedIn',
  roles: permissions.manageRosters,
  summary: 'Change a council roster (admin; optimistic lock by version)',
  input: { path: RosterPathParams, body: EditRosterInput },
  response: z.object({ roster: anObject() }),
} as const satisfies RouteDescriptor;

export const rosterHistory = {
  method: 'GET', path: '/api/council-rosters/{rosterId}/history', handler: 'council-rosters', auth: 'signedIn',
  roles: permissions.manageRosters,
  summary: 'Every change to a council roster: who, when, before → after, with its hash chain checked (admin)',
  input: { path: RosterPathParams },
  response: z.object({ rosterId: z.string(), intact: z.boolean(), firstBrokenSeq: z.nullable(z.number()), events: z.array(RosterAuditEventRecord) }),
} as const satisfies RouteDescriptor;

export const listSessions = {
  method: 'GET', path: '/api/council-sessions', handler: 'list-council-sessions', auth: 'signedIn',
  access: 'the secretariat head, the council secretary, the chair and admin all; a member their own',
  summary: "Council sessions newest first (?state, ?year, ?limit, ?cursor): all for the secretariat, chair and admin; a member's own sessions",
  input: { query: ListCouncilSessionsQuery },
  response: z.looseObject({ sessions: z.array(anObject()), next: z.optional(z.string()) }),
} as const satisfies RouteDescriptor;

export const openSession = {
  method: 'POST', path: '/api/council-sessions', handler: 'open-council-session', auth: 'signedIn',
  roles: permissions.manageSession,
  summary: 'Open a council session: its electorate is the roster in force on its date, less the members marked absent',
  input: { body: OpenCouncilSessionInput },
  response: z.object({ session: CouncilSessionRecord }),
} as const satisfies RouteDescriptor;

export const getSession = {
  method: 'GET', path: '/api/council-sessions/{sessionId}', handler: 'get-council-session', auth: 'signedIn',
  access: "the secretariat head, the council secretary, the chair, admin and the session's members",
  summary: 'A council session: members, dossiers, who has voted',
  input: { path: z.object({ sessionId: idParam() }) },
  response: z.object({ session: z.omit(CouncilSessionRecord, { closing: true }), participations: z.array(anObject()) }),
} as const satisfies RouteDescriptor;

export const castBallot = {
  method: 'POST', path: '/api/council-sessions/{sessionId}/ballots', handler: 'cast-ballot', auth: 'signedIn',
  access: "the session's members",
  summary: 'Cast a secret ballot',
  input: { path: z.object({ sessionId: idParam() }), body: CastBallotInput },
  response: z.object({ voted: z.literal(true), sessionId: z.string(), dossierId: z.string() }),
} as const satisfies RouteDescriptor;

export const declareRecusal = {
  method: 'POST', path: '/api/council-sessions/{sessionId}/recusals', handler: 'declare-recusal', auth: 'signedIn',
  access: "the session's members",
  summary: 'A member declares a conflict of interest on a dossier',
  input: { path: z.object({ sessionId: idParam() }), body: DeclareRecusalInput },
  response: z.object({ recused: z.literal(true), sessionId: z.string(), dossierId: z.string() }),
} as const satisfies RouteDescriptor;

export const closeSession = {
  method: 'POST', path: '/api/council-sessions/{sessionId}/close', handler: 'close-council-session', auth: 'signedIn',
  roles: permissions.manageSession,
  summary: 'Close the session, tally and write the minutes',
  input: { path: z.object({ sessionId: idParam() }), body: 'none' },
  response: z.object({ sessionId: z.string(), results: z.array(DossierTallyRecord), minutesKey: z.optional(z.string()) }),
} as const satisfies RouteDescriptor;

export const downloadMinutes = {
  method: 'GET', path: '/api/council-sessions/{sessionId}/minutes/{kind}', handler: 'download-minutes', auth: 'signedIn',
  access: "the secretariat head, the council secretary, the chair, admin and the session's members",
  summary: 'Short-lived download URL of a closed session\'s tally minutes: the page (html), the DOCX to sign and the PDF (the secretariat, the chair, the session\'s members)',
  input: { path: z.object({ sessionId: idParam(), kind: idParam() }) },
  response: z.object({ url: z.string(), fileName: z.string(), expiresInSeconds: z.number() }),
} as const satisfies RouteDescriptor;

export const verifySessionAudit = {
  method: 'GET', path: '/api/council-sessions/{sessionId}/audit', handler: 'verify-audit', auth: 'signedIn',
  roles: permissions.verifyAudit,
  summary: "Recompute the session's audit hash chain (secretariat head, admin)",
  input: { path: z.object({ sessionId: idParam() }) },
  response: z.object({ id: z.string(), events: z.number(), intact: z.boolean(), firstBrokenSeq: z.nullable(z.number()) }),
} as const satisfies RouteDescriptor;

export const councilRoutes = [listRosters, createRoster, getRoster, editRoster, rosterHistory, listSessions, openSession, getSession, castBallot, declareRecusal, closeSession, downloadMinutes, verifySessionAudit] as const;
