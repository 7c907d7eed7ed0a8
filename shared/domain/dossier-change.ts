import type { ActorRef, AuditEventRecord, DossierRecord } from '#schemas/records';
import { chainHash, GENESIS_HASH } from './audit.ts';
import { type DossierStatus, type LifecycleEvent, terminalStatuses, transition } from './lifecycle.ts';
import { type Counts, countsDelta } from './year-end.ts';

const isClosed = (s: string) => (terminalStatuses as readonly string[]).includes(s);

export interface ChangeRequest {
  /** Lifecycle event; omitted for events that record something without moving the dossier (e.g. a verified document). */
  readonly event?: LifecycleEvent;
  /** Audit action name; defaults to the lifecycle event. */
  readonly action?: string;
  readonly actor: ActorRef;
  readonly details?: Record<string, unknown>;
  readonly set?: Partial<Pick<DossierRecord, 'decision' | 'proposal' | 'centralReminders' | 'missingDocuments' | 'outcomeReason' | 'submittedAt' | 'rules' | 'nominees' | 'revocations'>>;
}

export interface DossierChange {
  readonly before: DossierRecord;
  readonly after: DossierRecord;
  readonly auditEvent: AuditEventRecord;
  /**
   * What the change adds to its year's counters (year-end.ts): closing a dossier adds its counts, and a change
   * to a closed dossier's counted facts (an award revoked) the difference; empty for any other change. Written
   * in the same transaction, so counters cannot disagree with records.
   */
  readonly counts: Counts;
}

/**
 * Every change to a dossier is one step: check the transition, bump the version (optimistic lock), and chain
 * one audit event onto the previous one. Pure: the repository persists the result atomically.
 */
export function planChange(dossier: DossierRecord, request: ChangeRequest, now: Date): DossierChange {
  const toStatus = request.event ? transition(dossier.status as DossierStatus, request.event) : dossier.status;
  const at = now.toISOString();
  const seq = dossier.eventSeq + 1;
  const body = {
    dossierId: dossier.id,
    seq,
    at,
    actor: request.actor,
    action: request.action ?? request.event ?? 'note',
    ...(request.event ? { fromStatus: dossier.status, toStatus } : {}),
    ...(request.details ? { details: request.details } : {}),
    prevHash: dossier.lastHash,
  };
  const hash = chainHash(dossier.lastHash, body);
  const after: DossierRecord = {
    ...dossier,
    ...request.set,
    status: toStatus,
    ...(isClosed(toStatus) && !isClosed(dossier.status) ? { closedAt: at } : {}),
    version: dossier.version + 1,
    eventSeq: seq,
    lastHash: hash,
    updatedAt: at,
  };
  return { before: dossier, after, auditEvent: { ...body, hash }, counts: countsDelta(dossier, after) };
}

/** The system itself, for steps no person takes (completeness check, deadlines). */
export const systemActor: ActorRef = { userId: 'system', name: 'Hệ thống / System', roles: ['system'] };

export interface CreationRequest {
  readonly id: string;
  readonly unitId: string;
  readonly createdBy: ActorRef;
  readonly contactEmail?: string;
  readonly fields: Pick<DossierRecord, 'awardCode' | 'kind' | 'year' | 'title' | 'nominees'> & Partial<Pick<DossierRecord, 'summary' | 'clusterRanking'>>;
}

/** A new draft and the first link of its audit chain. */
export function planCreation(request: CreationRequest, now: Date): { dossier: DossierRecord; auditEvent: AuditEventRecord } {
  const at = now.toISOString();
  const body = { dossierId: request.id, seq: 1, at, actor: request.createdBy, action: 'created', toStatus: 'Draft', prevHash: GENESIS_HASH };
  const auditEvent = { ...body, hash: chainHash(GENESIS_HASH, body) };
  const dossier: DossierRecord = {
    id: request.id,
    unitId: request.unitId,
    ...request.fields,
    status: 'Draft',
    version: 1,
    eventSeq: 1,
    lastHash: auditEvent.hash,
    createdAt: at,
    updatedAt: at,
    createdBy: request.createdBy,
    ...(request.contactEmail ? { contactEmail: request.contactEmail } : {}),
  };
  return { dossier, auditEvent };
}
