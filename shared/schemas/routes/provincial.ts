/** The province's own work: its regulation, emulation clusters, year-end reports, award history and proposals upward. */
import * as z from 'zod/mini';
import { permissions } from '#domain/roles';
import { PersonQuery, RecordHistoryInput } from '../input/award-history.ts';
import { ClusterPathParams, PledgePathParams, PutClusterInput, PutPledgeInput, RankClusterInput } from '../input/clusters.ts';
import { RegulationInput, RegulationPathParams } from '../input/regulation.ts';
import { ReportVersionQuery, ReportYearParams } from '../input/report-year.ts';
import { CentralOutcomeInput } from '../input/upward.ts';
import { AwardHistoryRecord, ClusterRecord, DossierRecord, PledgeRecord, ReportVersionRecord } from '../records.ts';
import { anObject, idParam, type RouteDescriptor } from './descriptor.ts';

export const getRegulations = {
  method: 'GET', path: '/api/regulations', handler: 'regulations', auth: 'signedIn',
  summary: "The province's regulation in force today, the versions to come, and the defaults with their sources",
  input: {},
  response: z.object({ today: z.string(), inForce: anObject(), versions: z.array(anObject()), defaults: anObject() }),
} as const satisfies RouteDescriptor;

export const putRegulation = {
  method: 'PUT', path: '/api/regulations/{effectiveFrom}', handler: 'regulations', auth: 'signedIn',
  roles: permissions.setRegulation,
  summary: 'Issue (or replace, until it takes effect) the regulation effective from a date: per form vote, threshold, base, documents, deadlines (admin; audited)',
  input: { path: RegulationPathParams, body: RegulationInput },
  response: z.object({ regulation: anObject() }),
} as const satisfies RouteDescriptor;

export const listClusters = {
  method: 'GET', path: '/api/clusters/{year}', handler: 'list-clusters', auth: 'signedIn',
  summary: 'Emulation clusters and blocs of a year, with pledges and rankings',
  input: { path: ReportYearParams },
  response: z.looseObject({ year: z.number(), clusters: z.array(ClusterRecord), unitNames: z.record(z.string(), z.string()) }),
} as const satisfies RouteDescriptor;

export const putCluster = {
  method: 'PUT', path: '/api/clusters/{year}/{clusterId}', handler: 'put-cluster', auth: 'signedIn',
  roles: permissions.manageClusters,
  summary: 'Create or change a cluster/bloc and its member units (admin)',
  input: { path: ClusterPathParams, body: PutClusterInput },
  response: z.object({ cluster: ClusterRecord }),
} as const satisfies RouteDescriptor;

export const signPledge = {
  method: 'PUT', path: '/api/clusters/{year}/{clusterId}/pledges/{unitId}', handler: 'sign-pledge', auth: 'signedIn',
  access: 'the member unit itself',
  summary: "A member unit's emulation pledge (giao ước thi đua)",
  input: { path: PledgePathParams, body: PutPledgeInput },
  response: z.object({ pledge: PledgeRecord }),
} as const satisfies RouteDescriptor;

export const rankCluster = {
  method: 'POST', path: '/api/clusters/{year}/{clusterId}/ranking', handler: 'rank-cluster', auth: 'signedIn',
  access: "the cluster's head unit",
  summary: "Year-end scores and ranks (cluster head); the leader's Emulation Flag proposal becomes a draft dossier",
  input: { path: ClusterPathParams, body: RankClusterInput },
  response: z.object({ cluster: ClusterRecord, proposal: DossierRecord }),
} as const satisfies RouteDescriptor;

export const yearEndReport = {
  method: 'GET', path: '/api/reports/{year}', handler: 'year-end-report', auth: 'signedIn',
  access: 'the secretariat, the chair and admin',
  summary: "A year's statistics report (latest or ?version=n): tables and download links",
  input: { path: ReportYearParams, query: ReportVersionQuery },
  response: z.looseObject({ report: ReportVersionRecord, tables: z.array(anObject()) }),
} as const satisfies RouteDescriptor;

export const runYearEnd = {
  method: 'POST', path: '/api/reports/{year}/run', handler: 'run-year-end', auth: 'signedIn',
  access: 'the secretariat head and admin',
  summary: 'Run the year-end aggregation now (secretariat head, admin); unchanged figures give the same version',
  input: { path: ReportYearParams, body: 'none' },
  response: anObject(),
} as const satisfies RouteDescriptor;

export const awardHistory = {
  method: 'GET', path: '/api/award-history', handler: 'award-history', auth: 'signedIn',
  access: 'the secretariat and the chair; a unit its own people',
  summary: "A person's earlier awards by unit, name and year of birth (secretariat, chair; a unit its own people)",
  input: { query: PersonQuery },
  response: z.object({ personKey: z.string(), entries: z.array(AwardHistoryRecord) }),
} as const satisfies RouteDescriptor;

export const recordAwardHistory = {
  method: 'POST', path: '/api/award-history', handler: 'award-history', auth: 'signedIn',
  access: 'the secretariat; a unit officer for their own people',
  summary: 'Record an earlier award that predates the system: form, year, decision number and date (secretariat; a unit for its own people; audited)',
  input: { body: RecordHistoryInput },
  response: z.object({ entry: AwardHistoryRecord }),
} as const satisfies RouteDescriptor;

export const upwardProposals = {
  method: 'GET', path: '/api/upward-proposals', handler: 'upward', auth: 'signedIn',
  roles: permissions.readUpwardQueue,
  summary: 'Proposals forwarded upward still awaiting the central answer, oldest first, overdue marked (secretariat, chair, admin)',
  input: {},
  response: z.object({ today: z.string(), overdueAfterMonths: z.number(), proposals: z.array(anObject()) }),
} as const satisfies RouteDescriptor;

export const recordCentralOutcome = {
  method: 'POST', path: '/api/dossiers/{dossierId}/central-outcomes', handler: 'upward', auth: 'signedIn',
  access: 'the secretariat (officer, head)',
  summary: "Record the central level's answer for one nominee: decision number, date, issuing body, awarded or not and why (secretariat; audited)",
  input: { path: z.object({ dossierId: idParam() }), body: CentralOutcomeInput },
  response: z.object({ dossier: DossierRecord, awaiting: z.number() }),
} as const satisfies RouteDescriptor;

export const provincialRoutes = [getRegulations, putRegulation, listClusters, putCluster, signPledge, rankCluster, yearEndReport, runYearEnd, awardHistory, recordAwardHistory, upwardProposals, recordCentralOutcome] as const;
