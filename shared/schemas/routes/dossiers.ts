/** Dossiers: filing, documents, the human steps, revocation, and the checks on their workflow and audit trail. */
import * as z from 'zod/mini';
import { permissions } from '#domain/roles';
import { CompleteTaskInput } from '../input/complete-task.ts';
import { CreateDossierInput } from '../input/create-dossier.ts';
import { IntegrityQuery } from '../input/integrity.ts';
import { ListDossiersQuery } from '../input/list-dossiers.ts';
import { PresignUploadInput } from '../input/presign-upload.ts';
import { DecideRevocationInput, ProposeRevocationInput } from '../input/revocation.ts';
import { ReturnDossierInput, WithdrawInput } from '../input/withdraw.ts';
import { AuditEventRecord, DocumentRecord, DossierRecord, RevocationProposal } from '../records.ts';
import { anObject, idParam, type RouteDescriptor } from './descriptor.ts';

export const createDossier = {
  method: 'POST', path: '/api/dossiers', handler: 'create-dossier', auth: 'signedIn',
  access: 'a unit officer, for their own unit',
  summary: 'Create a draft dossier',
  input: { body: CreateDossierInput },
  response: z.object({ dossier: DossierRecord }),
} as const satisfies RouteDescriptor;

export const listDossiers = {
  method: 'GET', path: '/api/dossiers', handler: 'list-dossiers', auth: 'signedIn',
  access: "a unit its own; the secretariat, the chair and the council every unit's",
  summary: "Dossiers visible to the caller (a unit its own; the secretariat, chair and council all): filter by unit, form, status, year, overdue, words in title or nominee names (q); sort by last change or deadline, either order; page with ?limit and ?cursor; ?format=csv or xlsx exports every matching dossier",
  input: { query: ListDossiersQuery },
  response: z.looseObject({ dossiers: z.array(anObject()), next: z.optional(z.string()) }),
  files: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
} as const satisfies RouteDescriptor;

export const getDossier = {
  method: 'GET', path: '/api/dossiers/{dossierId}', handler: 'get-dossier', auth: 'signedIn',
  access: 'its unit; the secretariat, the chair and the council',
  summary: 'A dossier with documents, tasks and audit trail',
  input: { path: z.object({ dossierId: idParam() }) },
  response: z.looseObject({ dossier: DossierRecord, documents: z.array(DocumentRecord), events: z.array(AuditEventRecord), tasks: z.array(anObject()) }),
} as const satisfies RouteDescriptor;

export const presignUpload = {
  method: 'POST', path: '/api/dossiers/{dossierId}/documents', handler: 'presign-upload', auth: 'signedIn',
  access: "the dossier's unit officer",
  summary: 'Presigned POST for one document upload',
  input: { path: z.object({ dossierId: idParam() }), body: PresignUploadInput },
  response: z.object({ document: DocumentRecord, upload: z.object({ url: z.string(), fields: z.record(z.string(), z.string()) }) }),
} as const satisfies RouteDescriptor;

export const verifyDocument = {
  method: 'POST', path: '/api/dossiers/{dossierId}/documents/{documentId}/verify', handler: 'verify-document', auth: 'signedIn',
  access: "the dossier's unit officer",
  summary: 'Verify an uploaded document (type, sha256, PDF safety)',
  input: { path: z.object({ dossierId: idParam(), documentId: idParam() }), body: 'none' },
  response: z.object({ document: DocumentRecord }),
} as const satisfies RouteDescriptor;

export const downloadDocument = {
  method: 'GET', path: '/api/dossiers/{dossierId}/documents/{documentId}/download', handler: 'download-document', auth: 'signedIn',
  access: 'whoever may read the dossier',
  summary: 'Short-lived download URL',
  input: { path: z.object({ dossierId: idParam(), documentId: idParam() }) },
  response: z.object({ url: z.string() }),
} as const satisfies RouteDescriptor;

export const downloadDecisionDocument = {
  method: 'GET', path: '/api/dossiers/{dossierId}/decision-documents/{kind}', handler: 'download-decision-document', auth: 'signedIn',
  access: 'the secretariat and the chair; the decision PDF also its unit',
  summary: "Short-lived download URL of a file made from the chair's approval: the draft decision (docx) and the certificate list (xlsx) for the secretariat and the chair, the decision (pdf) also for the submitting unit",
  input: { path: z.object({ dossierId: idParam(), kind: idParam() }) },
  response: z.object({ url: z.string(), fileName: z.string(), expiresInSeconds: z.number() }),
} as const satisfies RouteDescriptor;

export const submitDossier = {
  method: 'POST', path: '/api/dossiers/{dossierId}/submit', handler: 'submit-dossier', auth: 'signedIn',
  access: "the dossier's unit officer",
  summary: 'Submit the dossier: starts its workflow',
  input: { path: z.object({ dossierId: idParam() }), body: 'none' },
  response: z.object({ dossier: DossierRecord }),
} as const satisfies RouteDescriptor;

export const returnDossier = {
  method: 'POST', path: '/api/dossiers/{dossierId}/return', handler: 'return-dossier', auth: 'signedIn',
  access: 'the secretariat (officer, head)',
  summary: 'Return a dossier whose supplement deadline passed (secretariat; where the regulation does not return it by itself)',
  input: { path: z.object({ dossierId: idParam() }), body: ReturnDossierInput },
  response: z.object({ dossier: DossierRecord }),
} as const satisfies RouteDescriptor;

export const withdrawDossier = {
  method: 'POST', path: '/api/dossiers/{dossierId}/withdraw', handler: 'withdraw-dossier', auth: 'signedIn',
  access: "the dossier's unit",
  summary: 'Withdraw the dossier (submitting unit)',
  input: { path: z.object({ dossierId: idParam() }), body: WithdrawInput },
  response: z.object({ dossier: DossierRecord }),
} as const satisfies RouteDescriptor;

export const completeTask = {
  method: 'POST', path: '/api/dossiers/{dossierId}/tasks/{step}/complete', handler: 'complete-task', auth: 'signedIn',
  access: "supplement: the unit's officer; appraisal: the secretariat; chairDecision: the chair",
  summary: 'Complete a human step (supplement, appraisal, chair decision)',
  input: { path: z.object({ dossierId: idParam(), step: idParam() }), body: CompleteTaskInput, pathInBody: ['step'] },
  response: z.looseObject({ dossier: DossierRecord }),
} as const satisfies RouteDescriptor;

export const openTasks = {
  method: 'GET', path: '/api/tasks', handler: 'inbox', auth: 'signedIn',
  summary: "The caller's open tasks by due date",
  input: {},
  response: z.object({ tasks: z.array(anObject()) }),
} as const satisfies RouteDescriptor;

export const me = {
  method: 'GET', path: '/api/me', handler: 'inbox', auth: 'account',
  summary: 'The signed-in user as the API sees them',
  input: {},
  response: z.object({ actor: anObject() }),
} as const satisfies RouteDescriptor;

export const redriveWorkflow = {
  method: 'POST', path: '/api/dossiers/{dossierId}/redrive', handler: 'redrive-workflow', auth: 'signedIn',
  roles: permissions.redrive,
  summary: 'Run a failed workflow again from the step that failed (Step Functions redrive; secretariat head, admin)',
  input: { path: z.object({ dossierId: idParam() }), body: 'none' },
  response: z.object({ dossier: DossierRecord }),
} as const satisfies RouteDescriptor;

export const checkIntegrity = {
  method: 'GET', path: '/api/integrity', handler: 'check-integrity', auth: 'signedIn',
  roles: permissions.checkIntegrity,
  summary: 'Every dossier: audit chain intact, and its workflow execution agrees with it (secretariat head, admin)',
  input: { query: IntegrityQuery },
  response: z.looseObject({ checked: z.number(), intact: z.boolean() }),
} as const satisfies RouteDescriptor;

export const verifyDossierAudit = {
  method: 'GET', path: '/api/dossiers/{dossierId}/audit', handler: 'verify-audit', auth: 'signedIn',
  roles: permissions.verifyAudit,
  summary: "Recompute the dossier's audit hash chain (secretariat head, admin)",
  input: { path: z.object({ dossierId: idParam() }) },
  response: z.object({ id: z.string(), events: z.number(), intact: z.boolean(), firstBrokenSeq: z.nullable(z.number()) }),
} as const satisfies RouteDescriptor;

export const proposeRevocation = {
  method: 'POST', path: '/api/dossiers/{dossierId}/revocations', handler: 'revoke-award', auth: 'signedIn',
  access: 'the secretariat (officer, head)',
  summary: "Propose revoking an awarded dossier's awards — some nominees or the whole decision — on one of the Law's grounds, with a reason (secretariat)",
  input: { path: z.object({ dossierId: idParam() }), body: ProposeRevocationInput },
  response: z.object({ dossier: DossierRecord, proposal: RevocationProposal }),
} as const satisfies RouteDescriptor;

export const decideRevocation = {
  method: 'POST', path: '/api/dossiers/{dossierId}/revocations/{proposalId}/decision', handler: 'revoke-award', auth: 'signedIn',
  access: 'the chair',
  summary: "The chair revokes (revocation decision number and date) or declines a pending proposal; the same answer sent again is a no-op",
  input: { path: z.object({ dossierId: idParam(), proposalId: idParam() }), body: DecideRevocationInput, pathInBody: ['proposalId'] },
  response: z.object({ dossier: DossierRecord, replayed: z.optional(z.boolean()) }),
} as const satisfies RouteDescriptor;

export const dossiersRoutes = [createDossier, listDossiers, getDossier, presignUpload, verifyDocument, downloadDocument, downloadDecisionDocument, submitDossier, returnDossier, withdrawDossier, completeTask, openTasks, me, redriveWorkflow, checkIntegrity, verifyDossierAudit, proposeRevocation, decideRevocation] as const;
