import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, canonicalJson, chainHash, firstBrokenLink } from '#domain/audit';
import { planChange, systemActor } from '#domain/dossier-change';
import { IllegalTransitionError } from '#domain/errors';
import type { LifecycleEvent } from '#domain/lifecycle';
import type { AuditEventRecord, DossierRecord } from '#schemas/records';

const actor = { userId: 'unit-a-officer', roles: ['unitOfficer'], unitId: 'so-giao-duc' };

/** A dossier just created, with its first (genesis-linked) audit event. */
function draft(): { dossier: DossierRecord; events: AuditEventRecord[] } {
  const body = { dossierId: 'd-1', seq: 1, at: '2026-11-25T01:00:00.000Z', actor, action: 'created', toStatus: 'Draft', prevHash: GENESIS_HASH };
  const created = { ...body, hash: chainHash(GENESIS_HASH, body) };
  const dossier: DossierRecord = {
    id: 'd-1', unitId: 'so-giao-duc', year: 2026, awardCode: 'coThiDuaTinh', kind: 'regular', title: 'Cờ thi đua: xã An Bình',
    nominees: [{ name: 'UBND xã An Bình', recipientType: 'collective' }], status: 'Draft', version: 1, eventSeq: 1, lastHash: created.hash,
    createdAt: body.at, updatedAt: body.at, createdBy: actor,
  };
  return { dossier, events: [created] };
}

/** Applies each change in turn, one minute apart. */
function run(steps: readonly { event?: LifecycleEvent; action?: string; details?: Record<string, unknown>; set?: Partial<DossierRecord> }[]) {
  let { dossier, events } = draft();
  steps.forEach((step, i) => {
    const change = planChange(dossier, { ...step, actor }, new Date(Date.UTC(2026, 10, 25, 2, i)));
    dossier = change.after;
    events = [...events, change.auditEvent];
  });
  return { dossier, events };
}

// docs/domain.md §10 case 1: a commune's flag dossier, voted and decided 123/QĐ-UBND.
const happyPath = [
  { event: 'submit' },
  { event: 'passCompleteness' },
  { event: 'appraiseEligible' },
  { event: 'passCouncil', details: { agree: 15, base: 21 } },
  { event: 'approve', set: { decision: { number: '123/QĐ-UBND', date: '2026-12-15' } } },
] as const;

describe('the hash-chained audit trail (planChange)', () => {
  it("links each event to the previous event's hash, from the genesis on", () => {
    // Act
    const { events } = run(happyPath);
    // Assess
    expect(events[0]?.prevHash).toBe(GENESIS_HASH);
    events.slice(1).forEach((e, i) => expect(e.prevHash).toBe(events[i]?.hash));
    for (const e of events) expect(e.hash).toBe(chainHash(e.prevHash, e));
    expect(new Set(events.map((e) => e.hash)).size).toBe(events.length);
    expect(firstBrokenLink(events)).toBeNull();
  });

  it('bumps version and sequence once per change, and moves the dossier along the lifecycle', () => {
    // Act
    const { dossier, events } = run(happyPath);
    // Assess
    expect(dossier).toMatchObject({ status: 'Awarded', version: 6, eventSeq: 6, lastHash: events.at(-1)?.hash, decision: { number: '123/QĐ-UBND', date: '2026-12-15' } });
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(events.slice(1).map((e) => [e.action, e.fromStatus, e.toStatus])).toEqual([
      ['submit', 'Draft', 'Submitted'],
      ['passCompleteness', 'Submitted', 'UnderAppraisal'],
      ['appraiseEligible', 'UnderAppraisal', 'AwaitingCouncil'],
      ['passCouncil', 'AwaitingCouncil', 'AwaitingDecision'],
      ['approve', 'AwaitingDecision', 'Awarded'],
    ]);
    expect(dossier.updatedAt).toBe(events.at(-1)?.at);
  });

  it('finds the first tampered event, whatever was changed', () => {
    // Arrange
    const { events } = run(happyPath);
    const tamper = (seq: number, change: (e: AuditEventRecord) => AuditEventRecord) => events.map((e) => (e.seq === seq ? change(e) : e));
    // Assess
    expect(firstBrokenLink(tamper(3, (e) => ({ ...e, actor: { ...e.actor, userId: 'someone-else' } })))).toBe(3);
    expect(firstBrokenLink(tamper(5, (e) => ({ ...e, details: { agree: 21, base: 21 } })))).toBe(5);
    expect(firstBrokenLink(tamper(4, (e) => ({ ...e, toStatus: 'NotApproved' })))).toBe(4);
    // Rewriting the hash too breaks the next link.
    expect(firstBrokenLink(tamper(2, (e) => {
      const forged = { ...e, at: '2026-01-01T00:00:00.000Z' };
      return { ...forged, hash: chainHash(forged.prevHash, forged) };
    }))).toBe(3);
  });

  it('finds a dropped or reordered event', () => {
    const { events } = run(happyPath);
    expect(firstBrokenLink(events.filter((e) => e.seq !== 2))).toBe(3);
    expect(firstBrokenLink([events[0], events[2], events[1], ...events.slice(3)] as AuditEventRecord[])).toBe(3);
    expect(firstBrokenLink(events.slice(1))).toBe(2);
  });

  it('refuses an illegal move and changes nothing', () => {
    // Arrange
    const { dossier } = draft();
    const before = structuredClone(dossier);
    // Act
    const act = () => planChange(dossier, { event: 'approve', actor }, new Date('2026-11-25T03:00:00Z'));
    // Assess
    expect(act).toThrow(IllegalTransitionError);
    expect(act).toThrow(expect.objectContaining({ status: 409, code: 'ILLEGAL_TRANSITION' }));
    expect(dossier).toEqual(before);
  });

  it('never changes the record it is given, even when the change is legal', () => {
    // Arrange
    const { dossier } = draft();
    const before = structuredClone(dossier);
    // Act
    const change = planChange(dossier, { event: 'submit', actor, set: { submittedAt: '2026-11-25T03:00:00.000Z' } }, new Date('2026-11-25T03:00:00Z'));
    // Assess
    expect(dossier).toEqual(before);
    expect(change.before).toEqual(before);
    expect(change.after).toMatchObject({ status: 'Submitted', version: 2, submittedAt: '2026-11-25T03:00:00.000Z' });
  });

  it('records a note without moving the dossier, still chained and versioned', () => {
    // Arrange
    const { dossier } = draft();
    // Act
    const change = planChange(dossier, { action: 'documentVerified', actor: systemActor, details: { kind: 'proposalLetter' } }, new Date('2026-11-25T03:00:00Z'));
    // Assess
    expect(change.after).toMatchObject({ status: 'Draft', version: 2, eventSeq: 2, lastHash: change.auditEvent.hash });
    expect(change.auditEvent).toMatchObject({ action: 'documentVerified', seq: 2, prevHash: dossier.lastHash, details: { kind: 'proposalLetter' } });
    expect(change.auditEvent).not.toHaveProperty('toStatus');
  });
});

describe('canonical JSON', () => {
  it('hashes the same content the same way whatever the key order, and ignores undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: 'x' } })).toBe(canonicalJson({ a: { c: 'x', d: [1, 2] }, b: 1 }));
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
    expect(chainHash(GENESIS_HASH, { a: 1, b: 2 })).toBe(chainHash(GENESIS_HASH, { b: 2, a: 1, hash: 'ignored' }));
    expect(chainHash(GENESIS_HASH, { a: 1 })).not.toBe(chainHash(GENESIS_HASH, { a: 2 }));
  });
});
