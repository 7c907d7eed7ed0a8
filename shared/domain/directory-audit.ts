/**
 * The directory's audit trail (issue 23 item 6): every change to a unit, a person or the council roster is an
 * event — who, when, before → after — chained by hash per entity (audit.ts), so a removed or edited event shows.
 * Pure: the adapters store the events these functions return next to the change they describe.
 */
import type { ActorRef } from '#schemas/records';
import { chainHash, GENESIS_HASH } from './audit.ts';
import type { DirectoryEntity } from './directory-entities.ts';

export { type DirectoryEntity, directoryEntities } from './directory-entities.ts';

export interface DirectoryEvent {
  readonly entity: DirectoryEntity;
  readonly entityId: string;
  readonly seq: number;
  readonly at: string;
  readonly actor: ActorRef;
  readonly action: string;
  readonly before?: Record<string, unknown>;
  readonly after: Record<string, unknown>;
  readonly reason?: string;
  readonly prevHash: string;
  readonly hash: string;
}

/** Where an entity's chain stands: the last event's number and hash (none yet: 0 and the genesis hash). */
export interface ChainHead {
  readonly eventSeq: number;
  readonly lastHash: string;
}

export const noEvents: ChainHead = { eventSeq: 0, lastHash: GENESIS_HASH };

/** The next event of an entity's chain. */
export function nextDirectoryEvent(
  head: ChainHead,
  change: { entity: DirectoryEntity; entityId: string; at: string; actor: ActorRef; action: string; before?: Record<string, unknown> | undefined; after: Record<string, unknown>; reason?: string | undefined },
): DirectoryEvent {
  const body = {
    entity: change.entity,
    entityId: change.entityId,
    seq: head.eventSeq + 1,
    at: change.at,
    actor: change.actor,
    action: change.action,
    ...(change.before ? { before: change.before } : {}),
    after: change.after,
    ...(change.reason ? { reason: change.reason } : {}),
    prevHash: head.lastHash,
  };
  return { ...body, hash: chainHash(head.lastHash, body) };
}

/** Fields whose value differs between before and after: what the admin's list shows for each change. */
export function changedFields(before: Record<string, unknown> | undefined, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before?.[k]) !== JSON.stringify(after[k])).sort();
}
