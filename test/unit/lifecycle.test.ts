import { describe, expect, it } from 'vitest';
import { awardForms, findAwardForm, needsCouncilVote } from '#domain/catalogue';
import { ConflictError, IllegalTransitionError } from '#domain/errors';
import {
  assertDossierAcceptsDocument,
  canTransition,
  changeForOutcome,
  dossierStatuses,
  eventNames,
  humanSteps,
  type LifecycleEvent,
  statusNames,
  terminalStatuses,
  transition,
  transitions,
} from '#domain/lifecycle';
import type { CompleteTaskInput } from '#schemas/api';

// Every event the table knows (computed here: no handler needs the list, and a top-level computation in the
// domain module would be bundled by every handler that imports the lifecycle).
const lifecycleEvents = [...new Set(Object.values(transitions).flatMap((t) => Object.keys(t)))] as LifecycleEvent[];

/** The error `fn` throws (fails the test when it throws nothing). */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

/** The moves the lifecycle must allow, written out by hand from docs/architecture.md §2 / docs/domain.md §4 (not read from the table). */
const expectedMoves: readonly (readonly [string, LifecycleEvent, string])[] = [
  ['Draft', 'submit', 'Submitted'],
  ['Draft', 'withdraw', 'Withdrawn'],
  ['Submitted', 'passCompleteness', 'UnderAppraisal'],
  ['Submitted', 'requestSupplement', 'SupplementRequested'],
  ['Submitted', 'withdraw', 'Withdrawn'],
  ['SupplementRequested', 'answerSupplement', 'Submitted'],
  ['SupplementRequested', 'expireSupplement', 'Returned'],
  ['SupplementRequested', 'withdraw', 'Withdrawn'],
  ['UnderAppraisal', 'appraiseEligible', 'AwaitingCouncil'],
  ['UnderAppraisal', 'appraiseEligibleWithoutVote', 'AwaitingDecision'],
  ['UnderAppraisal', 'appraiseIneligible', 'NotApproved'],
  ['UnderAppraisal', 'requestSupplement', 'SupplementRequested'],
  ['UnderAppraisal', 'withdraw', 'Withdrawn'],
  ['AwaitingCouncil', 'passCouncil', 'AwaitingDecision'],
  ['AwaitingCouncil', 'failCouncil', 'NotApproved'],
  ['AwaitingDecision', 'approve', 'Awarded'],
  ['AwaitingDecision', 'reject', 'NotApproved'],
  // docs/domain.md §3: a form decided upward is forwarded by the chair, then closed by the central answers.
  ['AwaitingDecision', 'forwardUpward', 'ForwardedUpward'],
  ['ForwardedUpward', 'concludeAwarded', 'Awarded'],
  ['ForwardedUpward', 'concludeNotApproved', 'NotApproved'],
];

describe('the dossier lifecycle table', () => {
  const legal = dossierStatuses.flatMap((from) =>
    Object.entries(transitions[from] as Record<string, string>).map(([event, to]) => [from, event as LifecycleEvent, to] as const),
  );
  // Every status × every event: the pairs the table does not list.
  const grid = dossierStatuses.flatMap((from) => lifecycleEvents.map((event) => [from, event] as const));
  const expectedTo = (from: string, event: string) => expectedMoves.find(([f, e]) => f === from && e === event)?.[2];
  const illegal = grid.filter(([from, event]) => expectedTo(from, event) === undefined);

  it('knows every event of the lifecycle, and the table lists exactly the expected moves', () => {
    // Assess
    expect([...lifecycleEvents].sort()).toEqual([...new Set(expectedMoves.map(([, e]) => e))].sort());
    expect(legal.map((m) => m.join(' ')).sort()).toEqual(expectedMoves.map((m) => m.join(' ')).sort());
    expect(illegal.length).toBe(dossierStatuses.length * lifecycleEvents.length - expectedMoves.length);
  });

  it.each(expectedMoves)('%s --%s--> %s', (from, event, to) => {
    // Act
    const next = transition(from as (typeof dossierStatuses)[number], event);
    // Assess
    expect(next).toBe(to);
    expect(canTransition(from as (typeof dossierStatuses)[number], event)).toBe(true);
  });

  it.each(illegal)('refuses %s --%s with 409 ILLEGAL_TRANSITION', (from, event) => {
    // Act
    const error = thrownBy(() => transition(from, event));
    // Assess
    expect(error).toBeInstanceOf(IllegalTransitionError);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, code: 'ILLEGAL_TRANSITION', field: 'status', from, event });
    // People read the action and the status by their names, never the codes (LANGUAGE.md rule 1).
    const { messages } = error as IllegalTransitionError;
    expect(messages.vi).toContain(`"${eventNames[event].vi}"`);
    expect(messages.vi).toContain(`"${statusNames[from].vi}"`);
    expect(messages.en).toContain(statusNames[from].en);
    expect(messages.vi).not.toMatch(new RegExp(`\\b(${from}|${event})\\b`));
    expect(canTransition(from, event)).toBe(false);
  });

  it.each(terminalStatuses)('lets nothing leave the terminal status %s', (status) => {
    // Act
    const outcomes = lifecycleEvents.map((event) => thrownBy(() => transition(status, event)));
    // Assess
    expect(outcomes).toHaveLength(lifecycleEvents.length);
    for (const error of outcomes) expect(error).toMatchObject({ status: 409, code: 'ILLEGAL_TRANSITION' });
    expect(lifecycleEvents.some((event) => canTransition(status, event))).toBe(false);
  });

  it('reaches every status from Draft, and every non-terminal status can still end', () => {
    // Arrange
    const reachable = (start: string, moves: readonly (readonly [string, string, string])[]) => {
      const seen = new Set<string>([start]);
      for (let grew = true; grew; ) {
        grew = false;
        for (const [from, , to] of moves) if (seen.has(from) && !seen.has(to)) grew = Boolean(seen.add(to));
      }
      return seen;
    };
    // Assess
    expect([...reachable('Draft', legal)].sort()).toEqual([...dossierStatuses].sort());
    for (const status of dossierStatuses) {
      const ends = [...reachable(status, legal)].filter((s) => (terminalStatuses as readonly string[]).includes(s));
      expect(ends.length, status).toBeGreaterThan(0);
    }
  });

  it('lets the unit withdraw only before the council (docs/domain.md §2)', () => {
    // Assess
    expect(dossierStatuses.filter((s) => canTransition(s, 'withdraw'))).toEqual(['Draft', 'Submitted', 'SupplementRequested', 'UnderAppraisal']);
  });
});

describe('documents on a dossier', () => {
  it('are accepted in any kind while the dossier is a draft', () => {
    for (const kind of ['proposalLetter', 'achievementSummary', 'reviewMinutes']) expect(() => assertDossierAcceptsDocument({ status: 'Draft' }, kind)).not.toThrow();
  });

  it('are accepted during a supplement step only in the kinds it names (409 KIND_NOT_REQUESTED, field kind, otherwise)', () => {
    const dossier = { status: 'SupplementRequested', missingDocuments: ['achievementSummary'] };
    expect(() => assertDossierAcceptsDocument(dossier, 'achievementSummary')).not.toThrow();
    // Act
    const error = thrownBy(() => assertDossierAcceptsDocument(dossier, 'proposalLetter'));
    // Assess
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, code: 'KIND_NOT_REQUESTED', field: 'kind' });
    expect((error as ConflictError).messages.en).toContain('proposalLetter');
    expect((error as ConflictError).messages.vi).toContain('achievementSummary');
    // a supplement step that names no kind takes none
    expect(() => assertDossierAcceptsDocument({ status: 'SupplementRequested' }, 'achievementSummary')).toThrow(expect.objectContaining({ code: 'KIND_NOT_REQUESTED' }));
  });

  it.each(dossierStatuses.filter((s) => s !== 'Draft' && s !== 'SupplementRequested'))('are refused (409 DOSSIER_LOCKED) while the dossier is %s', (status) => {
    // Act
    const error = thrownBy(() => assertDossierAcceptsDocument({ status, missingDocuments: ['proposalLetter'] }, 'proposalLetter'));
    // Assess
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, code: 'DOSSIER_LOCKED', field: 'status' });
    expect((error as ConflictError).messages.en).toContain(status);
    expect((error as ConflictError).messages.vi).not.toBe((error as ConflictError).messages.en);
  });

  it('refuses a status it does not know, naming it', () => {
    expect(() => assertDossierAcceptsDocument({ status: 'Archived' }, 'proposalLetter')).toThrow(
      expect.objectContaining({ status: 409, code: 'DOSSIER_LOCKED', message: expect.stringContaining('Archived') }),
    );
  });
});

describe('what a completed human step means (changeForOutcome)', () => {
  const flag = findAwardForm('coThiDuaTinh');
  const adHoc = findAwardForm('bangKhenChuTichTinhDotXuat');

  it.each([
    ['chienSiThiDuaTinh', 'appraiseEligible', 'AwaitingCouncil'],
    ['coThiDuaTinh', 'appraiseEligible', 'AwaitingCouncil'],
    ['tapTheLaoDongXuatSac', 'appraiseEligible', 'AwaitingCouncil'],
    ['bangKhenChuTichTinh', 'appraiseEligible', 'AwaitingCouncil'],
    ['bangKhenChuTichTinhDotXuat', 'appraiseEligibleWithoutVote', 'AwaitingDecision'],
  ] as const)('sends an eligible %s dossier on with %s (to %s)', (code, event, status) => {
    // Arrange
    const form = findAwardForm(code);
    // Act
    const change = changeForOutcome({ step: 'appraisal', result: 'eligible' }, form);
    // Assess
    expect(change).toEqual({ event, outcome: { outcome: 'eligible' } });
    expect(transition('UnderAppraisal', change.event)).toBe(status);
  });

  it('covers every form of the catalogue: the council only when the form needs a vote', () => {
    for (const form of awardForms) {
      const { event } = changeForOutcome({ step: 'appraisal', result: 'eligible' }, form);
      expect(event, form.code).toBe(needsCouncilVote(form) ? 'appraiseEligible' : 'appraiseEligibleWithoutVote');
    }
  });

  it("keeps the appraiser's note of an eligible dossier", () => {
    expect(changeForOutcome({ step: 'appraisal', result: 'eligible', note: 'Đủ tiêu chuẩn' }, adHoc)).toEqual({
      event: 'appraiseEligibleWithoutVote',
      details: { note: 'Đủ tiêu chuẩn' },
      outcome: { outcome: 'eligible' },
    });
  });

  it('records the reason of an ineligible appraisal (docs/domain.md §10 case 7)', () => {
    // Act
    const change = changeForOutcome({ step: 'appraisal', result: 'ineligible', reason: 'Chỉ có 2 lần CSTĐ cơ sở liên tục' }, findAwardForm('chienSiThiDuaTinh'));
    // Assess
    expect(change).toEqual({
      event: 'appraiseIneligible',
      details: { reason: 'Chỉ có 2 lần CSTĐ cơ sở liên tục' },
      set: { outcomeReason: 'Chỉ có 2 lần CSTĐ cơ sở liên tục' },
      outcome: { outcome: 'ineligible' },
    });
    expect(transition('UnderAppraisal', change.event)).toBe('NotApproved');
  });

  it('lists the missing documents of a supplement request (docs/domain.md §10 case 3)', () => {
    // Arrange
    const missingDocuments = ['reviewMinutes', 'achievementReport'] as const;
    // Act
    const change = changeForOutcome({ step: 'appraisal', result: 'supplement', reason: 'Thiếu biên bản họp xét', missingDocuments: [...missingDocuments] }, flag);
    // Assess
    expect(change).toEqual({
      event: 'requestSupplement',
      details: { missing: ['reviewMinutes', 'achievementReport'], reason: 'Thiếu biên bản họp xét' },
      set: { missingDocuments: ['reviewMinutes', 'achievementReport'] },
      outcome: { outcome: 'supplement' },
    });
    expect(transition('UnderAppraisal', change.event)).toBe('SupplementRequested');
  });

  it("records the chair's decision number and date on approval (docs/domain.md §10 case 1)", () => {
    // Act
    const change = changeForOutcome({ step: 'chairDecision', decision: 'approve', decisionNumber: '123/QĐ-UBND', decisionDate: '2026-12-15' }, flag);
    // Assess
    expect(change).toEqual({
      event: 'approve',
      details: { decisionNumber: '123/QĐ-UBND', decisionDate: '2026-12-15' },
      set: { decision: { number: '123/QĐ-UBND', date: '2026-12-15' } },
      outcome: { outcome: 'approve', decisionNumber: '123/QĐ-UBND', decisionDate: '2026-12-15' },
    });
    expect(transition('AwaitingDecision', change.event)).toBe('Awarded');
  });

  it("records the reason of the chair's refusal", () => {
    // Act
    const change = changeForOutcome({ step: 'chairDecision', decision: 'reject', reason: 'Thành tích chưa tiêu biểu' }, flag);
    // Assess
    expect(change).toEqual({ event: 'reject', details: { reason: 'Thành tích chưa tiêu biểu' }, set: { outcomeReason: 'Thành tích chưa tiêu biểu' }, outcome: { outcome: 'reject' } });
    expect(transition('AwaitingDecision', change.event)).toBe('NotApproved');
  });

  it("answers a supplement request, with the unit's note when there is one", () => {
    expect(changeForOutcome({ step: 'supplement' }, flag)).toEqual({ event: 'answerSupplement', outcome: { outcome: 'answered' } });
    expect(changeForOutcome({ step: 'supplement', note: 'Đã bổ sung biên bản' }, flag)).toEqual({
      event: 'answerSupplement',
      details: { note: 'Đã bổ sung biên bản' },
      outcome: { outcome: 'answered' },
    });
  });

  it('only ever produces a move that is legal from the status its step waits in', () => {
    // Arrange
    const inputs: CompleteTaskInput[] = [
      { step: 'supplement' },
      { step: 'appraisal', result: 'eligible' },
      { step: 'appraisal', result: 'ineligible', reason: 'x' },
      { step: 'appraisal', result: 'supplement', reason: 'x', missingDocuments: ['proposalLetter'] },
      { step: 'chairDecision', decision: 'approve', decisionNumber: '1/QĐ-UBND', decisionDate: '2026-12-15' },
      { step: 'chairDecision', decision: 'reject', reason: 'x' },
    ];
    // Assess
    for (const form of awardForms) {
      for (const input of inputs) {
        // A form decided upward is approved by signing a proposal (tờ trình), numbered as one.
        const fitted = input.step === 'chairDecision' && input.decision === 'approve' && form.level === 'central' ? { ...input, decisionNumber: '1/TTr-UBND' } : input;
        const { event } = changeForOutcome(fitted, form);
        expect(canTransition(humanSteps[input.step].status, event), `${form.code} ${input.step} → ${event}`).toBe(true);
      }
    }
  });
});

describe('the chair and a form decided upward', () => {
  const nominees = [{ name: 'Nguyễn Thị Một', recipientType: 'individual' }, { name: 'Trần Văn Hai', recipientType: 'individual' }];
  it('signs the proposal: the dossier is forwarded upward, nobody is awarded yet, the proposal number and date are kept', () => {
    const change = changeForOutcome({ step: 'chairDecision', decision: 'approve', decisionNumber: '12/TTr-UBND', decisionDate: '2055-12-20' }, findAwardForm('huanChuongLaoDongHangBa'), nominees);
    expect(change.event).toBe('forwardUpward');
    expect(change.outcome).toEqual({ outcome: 'forward', decisionNumber: '12/TTr-UBND', decisionDate: '2055-12-20' });
    expect(change.set?.proposal).toEqual({ number: '12/TTr-UBND', date: '2055-12-20' });
    expect(change.set?.decision).toBeUndefined();
    expect(change.set?.nominees).toBeUndefined();
  });

  it('refuses a decision number for a form decided upward, and a proposal number for a provincial one', () => {
    const central = thrownBy(() => changeForOutcome({ step: 'chairDecision', decision: 'approve', decisionNumber: '12/QĐ-UBND', decisionDate: '2055-12-20' }, findAwardForm('chienSiThiDuaToanQuoc'), nominees));
    expect(central).toMatchObject({ status: 400, field: 'decisionNumber' });
    expect((central as ConflictError).messages.vi).toContain('TTr-UBND');
    const provincial = thrownBy(() => changeForOutcome({ step: 'chairDecision', decision: 'approve', decisionNumber: '12/TTr-UBND', decisionDate: '2055-12-20' }, findAwardForm('bangKhenChuTichTinh'), nominees));
    expect(provincial).toMatchObject({ status: 400, field: 'decisionNumber' });
  });
});
