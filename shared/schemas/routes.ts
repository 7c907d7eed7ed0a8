/**
 * The HTTP API's routes: the one list the CDK stack, the local gateway (through the synthesized template)
 * and the OpenAPI document are built from. `handler` is the folder under functions/. Pure data: no
 * imports, so the CDK app and the openapi function can both read it.
 */
export interface ApiRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly handler: string;
  /** Public routes skip the JWT authorizer (health and published awards only). */
  readonly public?: boolean;
  /** A signed-in person with no role yet may call it (only /api/me: every other route answers them 403). */
  readonly withoutRole?: boolean;
  readonly summary: string;
}

export const apiRoutes = [
  { method: 'GET', path: '/api/health', handler: 'health', public: true, summary: 'Health check' },
  { method: 'GET', path: '/api/public/catalogue', handler: 'public-awards', public: true, summary: 'Award catalogue (forms, documents, deadlines)' },
  { method: 'GET', path: '/api/public/awards', handler: 'public-awards', public: true, summary: 'Published awards of a year' },
  { method: 'GET', path: '/api/me', handler: 'inbox', withoutRole: true, summary: 'The signed-in user as the API sees them' },
  { method: 'POST', path: '/api/dossiers', handler: 'create-dossier', summary: 'Create a draft dossier' },
  { method: 'GET', path: '/api/dossiers', handler: 'list-dossiers', summary: "Dossiers visible to the caller (a unit its own; the secretariat, chair and council all): filter by unit, form, status, year, overdue, words in title or nominee names (q); sort by last change or deadline, either order; page with ?limit and ?cursor; ?format=csv or xlsx exports every matching dossier" },
  { method: 'GET', path: '/api/dossiers/{dossierId}', handler: 'get-dossier', summary: 'A dossier with documents, tasks and audit trail' },
  { method: 'POST', path: '/api/dossiers/{dossierId}/documents', handler: 'presign-upload', summary: 'Presigned POST for one document upload' },
  { method: 'POST', path: '/api/dossiers/{dossierId}/documents/{documentId}/verify', handler: 'verify-document', summary: 'Verify an uploaded document (type, sha256, PDF safety)' },
  { method: 'GET', path: '/api/dossiers/{dossierId}/documents/{documentId}/download', handler: 'download-document', summary: 'Short-lived download URL' },
  { method: 'GET', path: '/api/dossiers/{dossierId}/decision-documents/{kind}', handler: 'download-decision-document', summary: "Short-lived download URL of a file made from the chair's approval: the draft decision (docx) and the certificate list (xlsx) for the secretariat and the chair, the decision (pdf) also for the submitting unit" },
  { method: 'POST', path: '/api/dossiers/{dossierId}/submit', handler: 'submit-dossier', summary: 'Submit the dossier: starts its workflow' },
  { method: 'POST', path: '/api/dossiers/{dossierId}/return', handler: 'return-dossier', summary: 'Return a dossier whose supplement deadline passed (secretariat; where the regulation does not return it by itself)' },
  { method: 'POST', path: '/api/dossiers/{dossierId}/withdraw', handler: 'withdraw-dossier', summary: 'Withdraw the dossier (submitting unit)' },
  { method: 'POST', path: '/api/dossiers/{dossierId}/tasks/{step}/complete', handler: 'complete-task', summary: 'Complete a human step (supplement, appraisal, chair decision)' },
  { method: 'GET', path: '/api/tasks', handler: 'inbox', summary: "The caller's open tasks by due date" },
  { method: 'GET', path: '/api/council-rosters', handler: 'council-rosters', summary: "The council's rosters (terms), newest first; ?on=yyyy-mm-dd gives the one in force that day (admin, council secretary, secretariat head)" },
  { method: 'POST', path: '/api/council-rosters', handler: 'council-rosters', summary: 'Set up a council term: chair, vice-chairs, members (position, unit), secretary, from/to (admin)' },
  { method: 'GET', path: '/api/council-rosters/{rosterId}', handler: 'council-rosters', summary: 'One council roster (admin, council secretary, secretariat head)' },
  { method: 'PUT', path: '/api/council-rosters/{rosterId}', handler: 'council-rosters', summary: 'Change a council roster (admin; optimistic lock by version)' },
  { method: 'GET', path: '/api/council-rosters/{rosterId}/history', handler: 'council-rosters', summary: 'Every change to a council roster: who, when, before → after, with its hash chain checked (admin)' },
  { method: 'GET', path: '/api/council-sessions', handler: 'list-council-sessions', summary: "Council sessions newest first (?state, ?year, ?limit, ?cursor): all for the secretariat, chair and admin; a member's own sessions" },
  { method: 'POST', path: '/api/council-sessions', handler: 'open-council-session', summary: 'Open a council session: its electorate is the roster in force on its date, less the members marked absent' },
  { method: 'GET', path: '/api/council-sessions/{sessionId}', handler: 'get-council-session', summary: 'A council session: members, dossiers, who has voted' },
  { method: 'POST', path: '/api/council-sessions/{sessionId}/ballots', handler: 'cast-ballot', summary: 'Cast a secret ballot' },
  { method: 'POST', path: '/api/council-sessions/{sessionId}/recusals', handler: 'declare-recusal', summary: 'A member declares a conflict of interest on a dossier' },
  { method: 'POST', path: '/api/council-sessions/{sessionId}/close', handler: 'close-council-session', summary: 'Close the session, tally and write the minutes' },
  { method: 'GET', path: '/api/council-sessions/{sessionId}/minutes/{kind}', handler: 'download-minutes', summary: 'Short-lived download URL of a closed session\'s tally minutes: the page (html), the DOCX to sign and the PDF (the secretariat, the chair, the session\'s members)' },
  { method: 'GET', path: '/api/council-sessions/{sessionId}/audit', handler: 'verify-audit', summary: "Recompute the session's audit hash chain (secretariat head, admin)" },
  { method: 'POST', path: '/api/dossiers/{dossierId}/redrive', handler: 'redrive-workflow', summary: 'Run a failed workflow again from the step that failed (Step Functions redrive; secretariat head, admin)' },
  { method: 'GET', path: '/api/integrity', handler: 'check-integrity', summary: 'Every dossier: audit chain intact, and its workflow execution agrees with it (secretariat head, admin)' },
  { method: 'GET', path: '/api/dossiers/{dossierId}/audit', handler: 'verify-audit', summary: "Recompute the dossier's audit hash chain (secretariat head, admin)" },
  { method: 'GET', path: '/api/people', handler: 'people', summary: "The province's people: accounts, roles, unit, enabled (admin)" },
  { method: 'POST', path: '/api/people', handler: 'people', summary: 'Create an account (an invitation e-mail with a temporary password), its roles and unit (admin)' },
  { method: 'GET', path: '/api/people/{username}', handler: 'people', summary: 'One account (admin)' },
  { method: 'PUT', path: '/api/people/{username}', handler: 'people', summary: "Set an account's name, e-mail, roles and unit (admin)" },
  { method: 'POST', path: '/api/people/{username}/disable', handler: 'people', summary: 'Disable an account: no new sign-in (admin)' },
  { method: 'POST', path: '/api/people/{username}/enable', handler: 'people', summary: 'Enable an account again (admin)' },
  { method: 'GET', path: '/api/people/{username}/history', handler: 'people', summary: "Every change to an account: who, when, before → after, with its hash chain checked (admin)" },
  { method: 'GET', path: '/api/regulations', handler: 'regulations', summary: "The province's regulation in force today, the versions to come, and the defaults with their sources" },
  { method: 'PUT', path: '/api/regulations/{effectiveFrom}', handler: 'regulations', summary: 'Issue (or replace, until it takes effect) the regulation effective from a date: per form vote, threshold, base, documents, deadlines (admin; audited)' },
  { method: 'GET', path: '/api/directory-changes', handler: 'directory-changes', summary: 'Every change to units, people, the council roster and the regulation, newest first; filter by entity (admin)' },
  { method: 'GET', path: '/api/clusters/{year}', handler: 'list-clusters', summary: 'Emulation clusters and blocs of a year, with pledges and rankings' },
  { method: 'PUT', path: '/api/clusters/{year}/{clusterId}', handler: 'put-cluster', summary: 'Create or change a cluster/bloc and its member units (admin)' },
  { method: 'PUT', path: '/api/clusters/{year}/{clusterId}/pledges/{unitId}', handler: 'sign-pledge', summary: "A member unit's emulation pledge (giao ước thi đua)" },
  { method: 'POST', path: '/api/clusters/{year}/{clusterId}/ranking', handler: 'rank-cluster', summary: "Year-end scores and ranks (cluster head); the leader's Emulation Flag proposal becomes a draft dossier" },
  { method: 'GET', path: '/api/units', handler: 'units', summary: 'The unit directory: search by q (any name, no diacritics needed), type, active; names as of ?on=yyyy-mm-dd' },
  { method: 'POST', path: '/api/units', handler: 'units', summary: 'Add a unit to the directory (admin)' },
  { method: 'GET', path: '/api/units/{unitId}', handler: 'units', summary: 'One unit with its name history' },
  { method: 'PATCH', path: '/api/units/{unitId}', handler: 'units', summary: 'Edit a unit: a dated rename keeps the old name for older records (admin; optimistic lock by version)' },
  { method: 'POST', path: '/api/units/{unitId}/deactivate', handler: 'units', summary: 'Close a unit (merger, dissolution): never deleted, old records keep its name (admin)' },
  { method: 'GET', path: '/api/units/{unitId}/history', handler: 'units', summary: "Every change to a unit: who, when, before → after, with its hash chain checked (admin)" },
  { method: 'POST', path: '/api/directory-imports', handler: 'directory-import', summary: 'Start a bulk import of units or people (admin): a presigned POST for the XLSX or CSV file, under 20 MB' },
  { method: 'POST', path: '/api/directory-imports/{importId}/preview', handler: 'directory-import', summary: 'Dry run of an uploaded import file: every row with what it would create or change, every error by row and column (admin)' },
  { method: 'POST', path: '/api/directory-imports/{importId}/apply', handler: 'directory-import', summary: 'Apply a previewed import without errors; idempotent, and answers `remaining` when called again is needed (admin)' },
  // Revocation of an award (Law 06/2022 Ch. VII): the secretariat proposes, the chair decides.
  { method: 'POST', path: '/api/dossiers/{dossierId}/revocations', handler: 'revoke-award', summary: "Propose revoking an awarded dossier's awards — some nominees or the whole decision — on one of the Law's grounds, with a reason (secretariat)" },
  { method: 'POST', path: '/api/dossiers/{dossierId}/revocations/{proposalId}/decision', handler: 'revoke-award', summary: "The chair revokes (revocation decision number and date) or declines a pending proposal; the same answer sent again is a no-op" },
  { method: 'GET', path: '/api/reports/{year}', handler: 'year-end-report', summary: "A year's statistics report (latest or ?version=n): tables and download links" },
  { method: 'POST', path: '/api/reports/{year}/run', handler: 'run-year-end', summary: 'Run the year-end aggregation now (secretariat head, admin); unchanged figures give the same version' },
  // Proposals to the central level (issue 25): earlier awards, the upward queue and the central answers.
  { method: 'GET', path: '/api/award-history', handler: 'award-history', summary: "A person's earlier awards by unit, name and year of birth (secretariat, chair; a unit its own people)" },
  { method: 'POST', path: '/api/award-history', handler: 'award-history', summary: 'Record an earlier award that predates the system: form, year, decision number and date (secretariat; a unit for its own people; audited)' },
  { method: 'GET', path: '/api/upward-proposals', handler: 'upward', summary: 'Proposals forwarded upward still awaiting the central answer, oldest first, overdue marked (secretariat, chair, admin)' },
  { method: 'POST', path: '/api/dossiers/{dossierId}/central-outcomes', handler: 'upward', summary: "Record the central level's answer for one nominee: decision number, date, issuing body, awarded or not and why (secretariat; audited)" },
] as const satisfies readonly ApiRoute[];

export type ApiHandlerName = (typeof apiRoutes)[number]['handler'];
