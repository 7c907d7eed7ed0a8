import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, chainHash, firstBrokenLink } from '#domain/audit';
import { planChange, systemActor } from '#domain/dossier-change';
import { IllegalTransitionError } from '#domain/errors';
import type { AuditEventRecord, DossierRecord } from '#schemas/records';

const actor = { userId: 'unit-a-officer', roles: ['unitOfficer'], unitId: 'so-giao-duc' };
function draft(): { dossier: DossierRecord; events: AuditEventRecord[] } {
  const body = { dossierId: 'd-1', seq: 1, at: '2026-11-25T01:00:00.000Z', actor, action: 'created', toStatus: 'Draft', prevHash: GENESIS_HASH };
  const created = { ...body, hash: chainHash(GENESIS_HASH, body) };
  const dossier: DossierRecord = {
    id: 'd-1', unitId: 'so-giao-duc', year: 2026, awardCode: 'bangKhenChuTichTinhDotXuat', kind: 'adHoc', title: 'Bằng khen đột xuất',
    nominees: [{ name: 'Nguyễn Văn Dũng', recipientType: 'individual' }], status: 'Draft', version: 1, eventSeq: 1, lastHash: created.hash,
    createdAt: body.at, updatedAt: body.at, createdBy: actor,
  };
  return { dossier, events: [created] };
}

describe('the hash-chained audit trail', () => {
  it('chains each change onto the previous one and bumps the version', () => {
    // Prepare
    let { dossier, events } = draft();
    // Act
    for (const [event, at] of [['submit', '2026-11-25T02:00:00Z'], ['passCompleteness', '2026-11-25T02:00:01Z'], ['appraiseEligibleWithoutVote', '2026-11-26T03:00:00Z']] as const) {
      const change = planChange(dossier, { event, actor: event === 'passCompleteness' ? systemActor : actor }, new Date(at));
      dossier = change.after;
      events = [...events, change.auditEvent];
    }
    // Assess
    expect(dossier).toMatchObject({ status: 'AwaitingDecision', version: 4, eventSeq: 4, lastHash: events.at(-1)?.hash });
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    events.slice(1).forEach((e, i) => expect(e.prevHash).toBe(events[i]?.hash));
    expect(firstBrokenLink(events)).toBeNull();
  });

  it('finds the first tampered event', () => {
    let { dossier, events } = draft();
    for (const event of ['submit', 'passCompleteness'] as const) {
      const change = planChange(dossier, { event, actor }, new Date('2026-11-25T02:00:00Z'));
      dossier = change.after;
      events = [...events, change.auditEvent];
    }
    const tampered = events.map((e) => (e.seq === 2 ? { ...e, actor: { ...e.actor, userId: 'someone-else' } } : e));
    expect(firstBrokenLink(tampered)).toBe(2);
    const dropped = events.filter((e) => e.seq !== 2);
    expect(firstBrokenLink(dropped)).toBe(3);
  });

  it('refuses an illegal move and leaves the record untouched', () => {
    const { dossier } = draft();
    const before = structuredClone(dossier);
    expect(() => planChange(dossier, { event: 'approve', actor }, new Date())).toThrow(IllegalTransitionError);
    expect(dossier).toEqual(before);
  });

  it('records a note without moving the dossier', () => {
    const { dossier } = draft();
    const change = planChange(dossier, { action: 'documentVerified', actor, details: { kind: 'proposalLetter' } }, new Date('2026-11-25T03:00:00Z'));
    expect(change.after.status).toBe('Draft');
    expect(change.auditEvent).toMatchObject({ action: 'documentVerified', seq: 2, details: { kind: 'proposalLetter' } });
    expect(change.auditEvent).not.toHaveProperty('toStatus');
  });
});
