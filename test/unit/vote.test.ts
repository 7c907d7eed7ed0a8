import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertQuorum, automaticRecusals, closeStep, tallySession } from '#domain/council';
import { ConflictError } from '#domain/errors';
import { councilRuleOf } from '#domain/regulation';
import { agreeNeeded, type BallotChoice, quorumMet, quorumNeeded, tallyDossier } from '#domain/vote';

const ballots = (agree: number, disagree: number, abstain = 0): BallotChoice[] => [
  ...Array<BallotChoice>(agree).fill('agree'),
  ...Array<BallotChoice>(disagree).fill('disagree'),
  ...Array<BallotChoice>(abstain).fill('abstain'),
];
const onMembers = (threshold: number) => ({ threshold, denominator: 'members' as const });
const memberIds = (n: number) => Array.from({ length: n }, (_, i) => `m${i + 1}`);

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('council arithmetic (docs/domain.md §5, §10)', () => {
  it('case 4 — 21 members, 90 %: 19 agree passes (1900 ≥ 1890), 18 fails', () => {
    // Act
    const pass = tallyDossier({ choices: ballots(19, 2), membersTotal: 21, membersPresent: 21, rule: onMembers(0.9) });
    const fail = tallyDossier({ choices: ballots(18, 3), membersTotal: 21, membersPresent: 21, rule: onMembers(0.9) });
    // Assess
    expect(pass).toMatchObject({ passed: true, agree: 19, needed: 19, base: 21 });
    expect(fail).toMatchObject({ passed: false, agree: 18, needed: 19 });
  });

  it('case 5 — 15 members, 2/3: 10 agree passes, 9 fails', () => {
    const pass = tallyDossier({ choices: ballots(10, 5), membersTotal: 15, membersPresent: 15, rule: onMembers(2 / 3) });
    const fail = tallyDossier({ choices: ballots(9, 6), membersTotal: 15, membersPresent: 15, rule: onMembers(2 / 3) });
    expect(pass).toMatchObject({ passed: true, needed: 10 });
    expect(fail).toMatchObject({ passed: false, needed: 10 });
  });

  it('case 6 — 13 of 21 present is below the 2/3 quorum of 14', () => {
    expect(quorumNeeded(21, 2 / 3)).toBe(14);
    expect(quorumMet(13, 21, 2 / 3)).toBe(false);
    expect(quorumMet(14, 21, 2 / 3)).toBe(true);
    expect(quorumMet(0, 0, 2 / 3)).toBe(false);
  });

  it('never counts an abstention as agree: 18 agree + 3 abstain still fails case 4', () => {
    // Act
    const result = tallyDossier({ choices: ballots(18, 0, 3), membersTotal: 21, membersPresent: 21, rule: onMembers(0.9) });
    // Assess
    expect(result).toMatchObject({ passed: false, agree: 18, disagree: 0, abstain: 3 });
  });

  it('counts on all members, so an absent member weighs as not agreeing', () => {
    // 4 present of 5, all agree: 4 ≥ 3.5 passes 70 %; of 10 members, 4 < 7 fails.
    expect(tallyDossier({ choices: ballots(4, 0), membersTotal: 5, membersPresent: 4, rule: onMembers(0.7) }).passed).toBe(true);
    expect(tallyDossier({ choices: ballots(4, 0), membersTotal: 10, membersPresent: 4, rule: onMembers(0.7) }).passed).toBe(false);
    // Counted on those present instead, the same 4 of 4 passes.
    expect(tallyDossier({ choices: ballots(4, 0), membersTotal: 10, membersPresent: 4, rule: { threshold: 0.7, denominator: 'present' } })).toMatchObject({ passed: true, base: 4 });
  });

  it('passes iff agree × 100 ≥ pct × total for any whole percentage (docs/domain.md §5)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 60 }), fc.nat(), (pct, total, seed) => {
        const agree = seed % (total + 1);
        const result = tallyDossier({ choices: ballots(agree, total - agree), membersTotal: total, membersPresent: total, rule: onMembers(pct / 100) });
        return result.passed === agree * 100 >= pct * total && agreeNeeded(total, pct / 100) === Math.ceil((pct * total) / 100);
      }),
      { numRuns: 500 },
    );
  });

  it('passes iff agree × 3 ≥ 2 × total at 2/3, and never needs more than all members', () => {
    for (let total = 1; total <= 60; total += 1) {
      for (let agree = 0; agree <= total; agree += 1) {
        const { passed } = tallyDossier({ choices: ballots(agree, total - agree), membersTotal: total, membersPresent: total, rule: onMembers(2 / 3) });
        expect(passed, `${agree}/${total}`).toBe(agree * 3 >= 2 * total);
      }
      expect(quorumMet(total, total, 2 / 3)).toBe(true);
      expect(quorumNeeded(total, 2 / 3)).toBe(Math.ceil((2 * total) / 3));
    }
  });

  it('ignores ballot order and counts invalid choices as not agreeing', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('agree', 'disagree', 'abstain', 'blank', ''), { maxLength: 30 }), fc.integer({ min: 0, max: 10 }), (choices, extra) => {
        const total = choices.length + extra;
        const input = { membersTotal: total, membersPresent: choices.length, rule: onMembers(0.7) };
        const a = tallyDossier({ ...input, choices: choices as BallotChoice[] });
        const b = tallyDossier({ ...input, choices: [...choices].reverse() as BallotChoice[] });
        return a.passed === b.passed && a.agree === choices.filter((c) => c === 'agree').length && a.agree + a.disagree + a.abstain === choices.length;
      }),
    );
  });
});

describe('tallying a council session', () => {
  const participate = (dossierId: string, members: readonly string[]) => members.map((memberId) => ({ dossierId, memberId }));

  it('case 6 — refuses a session where 13 of 21 members took part: ConflictError NO_QUORUM (409)', () => {
    // Arrange
    const members = memberIds(21);
    const session = { memberIds: members, dossierIds: ['d1'] };
    const participations = participate('d1', members.slice(0, 13));
    // Act
    const error = thrownBy(() => tallySession(session, participations, { d1: ballots(13, 0) }, councilRuleOf, [{ id: 'd1', awardCode: 'coThiDuaTinh' }]));
    // Assess
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, code: 'NO_QUORUM', field: 'sessionId' });
    expect((error as ConflictError).messages.en).toContain('13/21');
    expect((error as ConflictError).messages.vi).toContain('14');
  });

  it('case 6 — tallies once 14 of 21 took part', () => {
    // Arrange
    const members = memberIds(21);
    const participations = participate('d1', members.slice(0, 14));
    // Act
    const [result] = tallySession({ memberIds: members, dossierIds: ['d1'] }, participations, { d1: ballots(14, 0) }, councilRuleOf, [{ id: 'd1', awardCode: 'coThiDuaTinh' }]);
    // Assess: 80 % of 21 (Cờ thi đua, Decree 98/2023 Art. 30(7)) = 16.8 → 17 needed, 14 agree fails
    expect(result).toMatchObject({ dossierId: 'd1', passed: false, flagged: false, counts: { agree: 14, base: 21, needed: 17 } });
  });

  it('case 4 — CSTĐ cấp tỉnh: 19 of 21 passes, 18 fails, whatever the rest vote', () => {
    // Arrange
    const members = memberIds(21);
    const session = { memberIds: members, dossierIds: ['pass', 'fail'] };
    const participations = [...participate('pass', members), ...participate('fail', members)];
    // Act
    const results = tallySession(session, participations, { pass: ballots(19, 1, 1), fail: ballots(18, 0, 3) }, councilRuleOf, [
      { id: 'pass', awardCode: 'chienSiThiDuaTinh' },
      { id: 'fail', awardCode: 'chienSiThiDuaTinh' },
    ]);
    // Assess
    expect(results.map((r) => [r.dossierId, r.passed])).toEqual([['pass', true], ['fail', false]]);
    expect(results[1]).toMatchObject({ threshold: 0.9, denominator: 'members', counts: { agree: 18, abstain: 3, needed: 19 } });
    expect(results[0]?.source).toMatch(/90/);
  });

  it("applies each dossier's own form threshold in one session", () => {
    // Arrange: 10 members, 8 agree on both dossiers
    const members = memberIds(10);
    const participations = [...participate('flag', members), ...participate('cstd', members)];
    // Act
    const results = tallySession({ memberIds: members, dossierIds: ['flag', 'cstd'] }, participations, { flag: ballots(8, 2), cstd: ballots(8, 2) }, councilRuleOf, [
      { id: 'flag', awardCode: 'coThiDuaTinh' },
      { id: 'cstd', awardCode: 'chienSiThiDuaTinh' },
    ]);
    // Assess: 8 ≥ 7 (70 %) passes the flag; 8 < 9 (90 %) fails the fighter title
    expect(results.map((r) => r.passed)).toEqual([true, false]);
  });

  it('flags, and does not pass, a dossier whose ballots and participations disagree', () => {
    // Arrange
    const members = memberIds(5);
    const session = { memberIds: members, dossierIds: ['d1'] };
    const four = participate('d1', members.slice(0, 4));
    const dossiers = [{ id: 'd1', awardCode: 'coThiDuaTinh' }];
    // Act
    const [consistent] = tallySession(session, four, { d1: ballots(4, 0) }, councilRuleOf, dossiers);
    const [extraBallot] = tallySession(session, four, { d1: ballots(5, 0) }, councilRuleOf, dossiers);
    const [missingBallot] = tallySession(session, four, { d1: ballots(3, 0) }, councilRuleOf, dossiers);
    // Assess
    expect(consistent).toMatchObject({ passed: true, flagged: false, counts: { agree: 4, ballots: 4, participations: 4, base: 5, needed: 4 } });
    expect(extraBallot).toMatchObject({ passed: false, flagged: true, counts: { ballots: 5, participations: 4 } });
    // 3 agree of 5 members would fail 70 % anyway; what matters is the flag.
    expect(missingBallot).toMatchObject({ passed: false, flagged: true, counts: { ballots: 3, participations: 4 } });
  });
});

describe('recusals', () => {
  const members = memberIds(7);
  const everyone = (d: string) => members.map((memberId) => ({ dossierId: d, memberId }));

  it('stay in the base by default (docs/domain.md §5: total members); a province whose regulation says so takes them out: 6 of 6 then passes 90 % where 6 of 7 does not', () => {
    // Arrange
    const session = { memberIds: members, dossierIds: ['d1'], recusals: { d1: [{ memberId: 'm7', reason: 'own unit', automatic: true }] } };
    const participations = everyone('d1').filter((p) => p.memberId !== 'm7');
    const choices = { d1: ballots(6, 0) };
    // Act
    const leaving = (d: Parameters<typeof councilRuleOf>[0]) => ({ ...councilRuleOf(d), recusedLeaveBase: true });
    const [byDefault] = tallySession(session, participations, choices, councilRuleOf, [{ id: 'd1', awardCode: 'chienSiThiDuaTinh' }]);
    const [provinceOption] = tallySession(session, participations, choices, leaving, [{ id: 'd1', awardCode: 'chienSiThiDuaTinh' }]);
    const [without] = tallySession({ ...session, recusals: {} }, participations, choices, leaving, [{ id: 'd1', awardCode: 'chienSiThiDuaTinh' }]);
    // Assess
    expect(byDefault).toMatchObject({ passed: false, counts: { base: 7, needed: 7, recused: 1 } });
    expect(provinceOption).toMatchObject({ passed: true, counts: { base: 6, needed: 6, recused: 1 } });
    expect(without).toMatchObject({ passed: false, counts: { base: 7, needed: 7 } });
  });

  it('finds members of the submitting unit, and members who are nominees themselves', () => {
    // Arrange
    const dossier = { unitId: 'so-giao-duc', nominees: [{ name: 'Phan  Thị Giang', recipientType: 'individual' }] };
    // Act
    const found = automaticRecusals({ units: { m2: 'so-giao-duc', m3: 'xa-an-binh' }, names: { m7: 'phan thị giang', m4: 'Phan Văn Giang' } }, members, dossier);
    // Assess
    expect(found.map((r) => [r.memberId, r.automatic])).toEqual([['m2', true], ['m7', true]]);
    expect(found[1]?.reason).toMatch(/nominee/);
  });

  it('never counts more agree votes than members took part, and never passes a flagged dossier', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 7 }), fc.array(fc.constantFrom('agree', 'disagree', 'abstain'), { minLength: 5, maxLength: 7 }), (voters, choices) => {
        const participations = everyone('d1').slice(0, voters);
        const [result] = tallySession({ memberIds: members, dossierIds: ['d1'] }, participations, { d1: choices }, councilRuleOf, [{ id: 'd1', awardCode: 'coThiDuaTinh' }]);
        if (!result) return false;
        return result.flagged === (choices.length !== voters) && (result.flagged ? !result.passed : result.counts.agree <= result.counts.participations);
      }),
    );
  });
});

describe('closing a session in two steps', () => {
  it('begins on an open session, finishes a closed one as done', () => {
    expect(closeStep({ state: 'open' }, 1_000)).toBe('begin');
    expect(closeStep({ state: 'closed' }, 1_000)).toBe('done');
  });

  it('answers busy while the closer that holds the lease may still run, and resumes once its lease has ended', () => {
    // Arrange
    const closing = { state: 'closing', closing: { leaseUntil: 10_000 } };
    // Act + Assess
    expect(closeStep(closing, 9_999)).toBe('busy');
    expect(closeStep(closing, 10_000)).toBe('resume');
    expect(closeStep({ state: 'closing', closing: { leaseUntil: 0 } }, 1)).toBe('resume'); // a released lease
    expect(closeStep({ state: 'closing' }, 1)).toBe('resume');
  });

  it('checks the quorum before voting stops, with the message the tally gives', () => {
    // Arrange
    const members = memberIds(21);
    const session = { memberIds: members, dossierIds: ['d1'] };
    const took = (n: number) => members.slice(0, n).map((memberId) => ({ dossierId: 'd1', memberId }));
    // Act
    const error = thrownBy(() => assertQuorum(session, took(13), councilRuleOf, [{ id: 'd1', awardCode: 'coThiDuaTinh' }]));
    // Assess
    expect(error).toMatchObject({ status: 409, code: 'NO_QUORUM' });
    expect(() => assertQuorum(session, took(14), councilRuleOf, [{ id: 'd1', awardCode: 'coThiDuaTinh' }])).not.toThrow();
  });
});

describe('nominee by nominee', () => {
  const participate = (dossierId: string, members: readonly string[]) => members.map((memberId) => ({ dossierId, memberId }));
  it('a dossier of 12 nominees on 21 members at 90 %: one with 18 agree fails and the others with 19 pass; the papers stay one per member', () => {
    // Arrange: 21 papers; nominee 4 gets 18 agree (3 papers disagree on it), every other nominee 19 (2 abstain everywhere)
    const members = memberIds(21);
    const nominees = Array.from({ length: 12 }, (_, i) => ({ name: `Người ${i + 1}`, recipientType: 'individual' }));
    const papers = members.map((_, m) => ({ choices: Object.fromEntries(nominees.map((__, i) => [String(i), m >= 19 ? 'abstain' : i === 4 && m === 18 ? 'disagree' : 'agree'])) }));
    // Act
    const [result] = tallySession({ memberIds: members, dossierIds: ['d1'] }, participate('d1', members), { d1: papers }, councilRuleOf, [{ id: 'd1', awardCode: 'chienSiThiDuaTinh', nominees }]);
    // Assess
    expect(result!.nominees).toHaveLength(12);
    expect(result!.nominees!.filter((n) => !n.passed).map((n) => [n.nomineeIndex, n.agree, n.needed])).toEqual([[4, 18, 19]]);
    expect(result!.nominees!.filter((n) => n.passed).every((n) => n.agree === 19 && n.base === 21)).toBe(true);
    expect(result!.passed).toBe(true);
  });

  it('votes only on the nominees still in play: one found ineligible at appraisal is not on the paper', () => {
    const members = memberIds(5);
    const nominees = [{ name: 'A', recipientType: 'collective' }, { name: 'B', recipientType: 'collective', outcome: 'notAwarded' as const, outcomeStage: 'appraisal' as const, outcomeReason: 'x' }];
    const [result] = tallySession({ memberIds: members, dossierIds: ['d1'] }, participate('d1', members), { d1: members.map(() => ({ choices: { '0': 'agree' } })) }, councilRuleOf, [{ id: 'd1', awardCode: 'coThiDuaTinh', nominees }]);
    expect(result!.nominees!.map((n) => [n.name, n.passed])).toEqual([['A', true]]);
  });
});
