/** The directory: people (accounts), units, bulk imports of both, and the trail of every change to them. */
import * as z from 'zod/mini';
import { permissions } from '#domain/roles';
import { ListDirectoryChangesQuery } from '../input/directory-changes.ts';
import { ImportPathParams, StartImportInput } from '../input/directory-import.ts';
import { CreatePersonInput, PersonInput, PersonPathParams } from '../input/people.ts';
import { CreateUnitInput, DeactivateUnitInput, EditUnitInput, ListUnitsQuery, UnitPathParams } from '../input/units.ts';
import { UnitAuditEventRecord, UnitRecord } from '../records.ts';
import { anObject, type RouteDescriptor } from './descriptor.ts';

/** A unit as the API shows it: its chain fields stay server-side (the history route shows the chain). */
const unitView = z.omit(UnitRecord, { eventSeq: true, lastHash: true });

export const listPeople = {
  method: 'GET', path: '/api/people', handler: 'people', auth: 'signedIn',
  roles: permissions.managePeople,
  summary: "The province's people: accounts, roles, unit, enabled (admin)",
  input: {},
  response: z.object({ people: z.array(anObject()) }),
} as const satisfies RouteDescriptor;

export const createPerson = {
  method: 'POST', path: '/api/people', handler: 'people', auth: 'signedIn',
  roles: permissions.managePeople,
  summary: 'Create an account (an invitation e-mail with a temporary password), its roles and unit (admin)',
  input: { body: CreatePersonInput },
  response: z.object({ person: anObject() }),
} as const satisfies RouteDescriptor;

export const getPerson = {
  method: 'GET', path: '/api/people/{username}', handler: 'people', auth: 'signedIn',
  roles: permissions.managePeople,
  summary: 'One account (admin)',
  input: { path: PersonPathParams },
  response: z.object({ person: anObject() }),
} as const satisfies RouteDescriptor;

export const editPerson = {
  method: 'PUT', path: '/api/people/{username}', handler: 'people', auth: 'signedIn',
  roles: permissions.managePeople,
  summary: "Set an account's name, e-mail, roles and unit (admin)",
  input: { path: PersonPathParams, body: PersonInput },
  response: z.object({ person: anObject() }),
} as const satisfies RouteDescriptor;

export const disablePerson = {
  method: 'POST', path: '/api/people/{username}/disable', handler: 'people', auth: 'signedIn',
  roles: permissions.managePeople,
  summary: 'Disable an account: no new sign-in (admin)',
  input: { path: PersonPathParams, body: 'none' },
  response: z.object({ person: anObject() }),
} as const satisfies RouteDescriptor;

export const enablePerson = {
  method: 'POST', path: '/api/people/{username}/enable', handler: 'people', auth: 'signedIn',
  roles: permissions.managePeople,
  summary: 'Enable an account again (admin)',
  input: { path: PersonPathParams, body: 'none' },
  response: z.object({ person: anObject() }),
} as const satisfies RouteDescriptor;

export const personHistory = {
  method: 'GET', path: '/api/people/{username}/history', handler: 'people', auth: 'signedIn',
  roles: permissions.managePeople,
  summary: "Every change to an account: who, when, before → after, with its hash chain checked (admin)",
  input: { path: PersonPathParams },
  response: z.object({ username: z.string(), intact: z.boolean(), firstBrokenSeq: z.nullable(z.number()), events: z.array(anObject()) }),
} as const satisfies RouteDescriptor;

export const listDirectoryChanges = {
  method: 'GET', path: '/api/directory-changes', handler: 'directory-changes', auth: 'signedIn',
  roles: permissions.readDirectoryChanges,
  summary: 'Every change to units, people, the council roster and the regulation, newest first; filter by entity (admin)',
  input: { query: ListDirectoryChangesQuery },
  response: z.looseObject({ changes: z.array(anObject()) }),
} as const satisfies RouteDescriptor;

export const listUnits = {
  method: 'GET', path: '/api/units', handler: 'units', auth: 'signedIn',
  summary: 'The unit directory: search by q (any name, no diacritics needed), type, active; names as of ?on=yyyy-mm-dd',
  input: { query: ListUnitsQuery },
  response: z.object({ on: z.string(), units: z.array(unitView) }),
} as const satisfies RouteDescriptor;

export const createUnit = {
  method: 'POST', path: '/api/units', handler: 'units', auth: 'signedIn',
  roles: permissions.manageUnits,
  summary: 'Add a unit to the directory (admin)',
  input: { body: CreateUnitInput },
  response: z.object({ unit: unitView }),
} as const satisfies RouteDescriptor;

export const getUnit = {
  method: 'GET', path: '/api/units/{unitId}', handler: 'units', auth: 'signedIn',
  summary: 'One unit with its name history',
  input: { path: UnitPathParams },
  response: z.object({ unit: unitView }),
} as const satisfies RouteDescriptor;

export const editUnit = {
  method: 'PATCH', path: '/api/units/{unitId}', handler: 'units', auth: 'signedIn',
  roles: permissions.manageUnits,
  summary: 'Edit a unit: a dated rename keeps the old name for older records (admin; optimistic lock by version)',
  input: { path: UnitPathParams, body: EditUnitInput },
  response: z.object({ unit: unitView }),
} as const satisfies RouteDescriptor;

export const deactivateUnit = {
  method: 'POST', path: '/api/units/{unitId}/deactivate', handler: 'units', auth: 'signedIn',
  roles: permissions.manageUnits,
  summary: 'Close a unit (merger, dissolution): never deleted, old records keep its name (admin)',
  input: { path: UnitPathParams, body: DeactivateUnitInput },
  response: z.object({ unit: unitView }),
} as const satisfies RouteDescriptor;

export const unitHistory = {
  method: 'GET', path: '/api/units/{unitId}/history', handler: 'units', auth: 'signedIn',
  roles: permissions.manageUnits,
  summary: "Every change to a unit: who, when, before → after, with its hash chain checked (admin)",
  input: { path: UnitPathParams },
  response: z.object({ unitId: z.string(), intact: z.boolean(), firstBrokenSeq: z.nullable(z.number()), events: z.array(UnitAuditEventRecord) }),
} as const satisfies RouteDescriptor;

export const startImport = {
  method: 'POST', path: '/api/directory-imports', handler: 'directory-import', auth: 'signedIn',
  roles: permissions.importDirectory,
  summary: 'Start a bulk import of units or people (admin): a presigned POST for the XLSX or CSV file, under 20 MB',
  input: { body: StartImportInput },
  response: z.object({ import: anObject(), upload: anObject() }),
} as const satisfies RouteDescriptor;

export const previewImport = {
  method: 'POST', path: '/api/directory-imports/{importId}/preview', handler: 'directory-import', auth: 'signedIn',
  roles: permissions.importDirectory,
  summary: 'Dry run of an uploaded import file: every row with what it would create or change, every error by row and column (admin)',
  input: { path: ImportPathParams, body: 'none' },
  response: z.looseObject({ import: anObject(), counts: anObject(), rows: z.array(anObject()), errors: z.array(anObject()) }),
} as const satisfies RouteDescriptor;

export const applyImport = {
  method: 'POST', path: '/api/directory-imports/{importId}/apply', handler: 'directory-import', auth: 'signedIn',
  roles: permissions.importDirectory,
  summary: 'Apply a previewed import without errors; idempotent, and answers `remaining` when called again is needed (admin)',
  input: { path: ImportPathParams, body: 'none' },
  response: z.object({ import: anObject(), created: z.number(), updated: z.number(), unchanged: z.number(), remaining: z.number() }),
} as const satisfies RouteDescriptor;

export const directoryRoutes = [listPeople, createPerson, getPerson, editPerson, disablePerson, enablePerson, personHistory, listDirectoryChanges, listUnits, createUnit, getUnit, editUnit, deactivateUnit, unitHistory, startImport, previewImport, applyImport] as const;
