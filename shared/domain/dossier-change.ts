import type { ActorRef, AuditEventRecord, DossierRecord } from '#schemas/records';
import { chainHash } from './audit.ts';
import { type DossierStatus, type LifecycleEvent, transition } from './lifecycle.ts';

export interface ChangeRequest {
  /** Lifecycle event; omitted for events that record something without moving the dossier (e.g. a verified document). */
  readonly event?: LifecycleEvent;
  /** Audit action name; defaults to the lifecycle event. */
  readonly action?: string;
  readonly actor: ActorRef;
  readonly details?: Record<string, unknown>;
  readonly set?: Partial<Pick<DossierRecord, 'decision' | 'missingDocuments' | 'outcomeReason' | 'submittedAt'>>;
}

export interface DossierChange {
  readonly before: DossierRecord;
  readonly after: DossierRecord;
  readonly auditEvent: AuditEventRecord;
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
    version: dossier.version + 1,
    eventSeq: seq,
    lastHash: hash,
    updatedAt: at,
  };
  return { before: dossier, after, auditEvent: { ...body, hash } };
}

/** The system itself, for steps no person takes (completeness check, deadlines). */
export const systemActor: ActorRef = { userId: 'system', name: 'Hệ thống / System', roles: ['system'] };
