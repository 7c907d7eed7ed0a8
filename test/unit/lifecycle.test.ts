import { describe, expect, it } from 'vitest';
import { findAwardForm } from '#domain/catalogue';
import { IllegalTransitionError } from '#domain/errors';
import {
  assertDossierAcceptsDocuments,
  canTransition,
  changeForOutcome,
  dossierStatuses,
  lifecycleEvents,
  type LifecycleEvent,
  terminalStatuses,
  transition,
  transitions,
} from '#domain/lifecycle';

describe('the dossier lifecycle table', () => {
  const legal = dossierStatuses.flatMap((from) =>
    Object.entries(transitions[from] as Record<string, string>).map(([event, to]) => [from, event as LifecycleEvent, to] as const),
  );
  const illegal = dossierStatuses.flatMap((from) =>
    lifecycleEvents.filter((event) => !(event in transitions[from])).map((event) => [from, event] as const),
  );

  it('has both legal and illegal moves to check', () => {
    expect(legal.length).toBeGreaterThanOrEqual(17);
    expect(illegal.length).toBeGreaterThan(legal.length);
  });

  it.each(legal)('%s --%s--> %s', (from, event, to) => {
    expect(transition(from, event)).toBe(to);
    expect(canTransition(from, event)).toBe(true);
  });

  it.each(illegal)('refuses %s --%s with 409 ILLEGAL_TRANSITION', (from, event) => {
    let thrown: unknown;
    try {
      transition(from, event);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(IllegalTransitionError);
    expect(thrown).toMatchObject({ status: 409, code: 'ILLEGAL_TRANSITION', field: 'status' });
    expect((thrown as IllegalTransitionError).messages.vi).toContain(from);
    expect(canTransition(from, event)).toBe(false);
  });

  it('is the path of ARCHITECTURE §2, move for move', () => {
    expect(legal.map(([from, event, to]) => `${from} ${event} ${to}`).sort()).toEqual(
      [
        'Draft submit Submitted',
        'Draft withdraw Withdrawn',
        'Submitted passCompleteness UnderAppraisal',
        'Submitted requestSupplement SupplementRequested',
        'Submitted withdraw Withdrawn',
        'SupplementRequested answerSupplement Submitted',
        'SupplementRequested expireSupplement Returned',
        'SupplementRequested withdraw Withdrawn',
        'UnderAppraisal appraiseEligible AwaitingCouncil',
        'UnderAppraisal appraiseEligibleWithoutVote AwaitingDecision',
        'UnderAppraisal appraiseIneligible NotApproved',
        'UnderAppraisal requestSupplement SupplementRequested',
        'UnderAppraisal withdraw Withdrawn',
        'AwaitingCouncil passCouncil AwaitingDecision',
        'AwaitingCouncil failCouncil NotApproved',
        'AwaitingDecision approve Awarded',
        'AwaitingDecision reject NotApproved',
      ].sort(),
    );
  });

  it('lets nothing leave a terminal status', () => {
    for (const status of terminalStatuses) expect(Object.keys(transitions[status])).toEqual([]);
  });

  it('reaches every status from Draft', () => {
    const seen = new Set<string>(['Draft']);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [from, , to] of legal) if (seen.has(from) && !seen.has(to)) grew = seen.add(to).size > 0;
    }
    expect([...seen].sort()).toEqual([...dossierStatuses].sort());
  });

  it('accepts documents only while drafting or answering a supplement request', () => {
    expect(() => assertDossierAcceptsDocuments('Draft')).not.toThrow();
    expect(() => assertDossierAcceptsDocuments('SupplementRequested')).not.toThrow();
    for (const status of dossierStatuses.filter((s) => s !== 'Draft' && s !== 'SupplementRequested')) {
      expect(() => assertDossierAcceptsDocuments(status)).toThrow(expect.objectContaining({ status: 409, code: 'DOSSIER_LOCKED' }));
    }
  });
});

describe('what a completed human step means', () => {
  const flag = findAwardForm('coThiDuaTinh');
  const adHoc = findAwardForm('bangKhenChuTichTinhDotXuat');

  it('sends an eligible dossier to the council, or straight to the chair when its form needs no vote', () => {
    expect(changeForOutcome({ step: 'appraisal', result: 'eligible' }, flag)).toMatchObject({ event: 'appraiseEligible', outcome: { outcome: 'eligible' } });
    expect(changeForOutcome({ step: 'appraisal', result: 'eligible' }, adHoc)).toMatchObject({ event: 'appraiseEligibleWithoutVote', outcome: { outcome: 'eligible' } });
  });

  it('keeps the reason of an ineligible appraisal and the missing documents of a supplement request', () => {
    expect(changeForOutcome({ step: 'appraisal', result: 'ineligible', reason: 'Chưa đủ 3 lần CSTĐ cơ sở' }, flag)).toEqual({
      event: 'appraiseIneligible',
      details: { reason: 'Chưa đủ 3 lần CSTĐ cơ sở' },
      set: { outcomeReason: 'Chưa đủ 3 lần CSTĐ cơ sở' },
      outcome: { outcome: 'ineligible' },
    });
    expect(changeForOutcome({ step: 'appraisal', result: 'supplement', reason: 'Thiếu biên bản', missingDocuments: ['reviewMinutes'] }, flag)).toMatchObject({
      event: 'requestSupplement',
      set: { missingDocuments: ['reviewMinutes'] },
      outcome: { outcome: 'supplement' },
    });
  });

  it("records the chair's decision number and date, or the reason of a refusal", () => {
    expect(changeForOutcome({ step: 'chairDecision', decision: 'approve', decisionNumber: '123/QĐ-UBND', decisionDate: '2026-12-15' }, flag)).toMatchObject({
      event: 'approve',
      set: { decision: { number: '123/QĐ-UBND', date: '2026-12-15' } },
      outcome: { outcome: 'approve', decisionNumber: '123/QĐ-UBND', decisionDate: '2026-12-15' },
    });
    expect(changeForOutcome({ step: 'chairDecision', decision: 'reject', reason: 'Không tiêu biểu' }, flag)).toMatchObject({ event: 'reject', set: { outcomeReason: 'Không tiêu biểu' } });
    expect(changeForOutcome({ step: 'supplement' }, flag)).toEqual({ event: 'answerSupplement', outcome: { outcome: 'answered' } });
  });
});
