import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findAwardForm } from '#domain/catalogue';
import { automaticRecusals, tallySession } from '#domain/council';
import { ConflictError } from '#domain/errors';
import { type BallotChoice, quorumMet, tallyDossier } from '#domain/vote';

const agreeing = (agree: number, total: number): BallotChoice[] => [...Array(agree).fill('agree'), ...Array(total - agree).fill('disagree')];

describe('council arithmetic (DOMAIN §5, §10)', () => {
  it('case 4 — 21 members, 90 %: 19 agree passes (1900 ≥ 1890), 18 fails', () => {
    const rule = { threshold: 0.9, denominator: 'members' as const };
    expect(tallyDossier({ choices: agreeing(19, 21), membersTotal: 21, membersPresent: 21, rule }).passed).toBe(true);
    expect(tallyDossier({ choices: agreeing(18, 21), membersTotal: 21, membersPresent: 21, rule }).passed).toBe(false);
  });

  it('case 5 — 15 members, 2/3: 10 agree passes, 9 fails', () => {
    const rule = { threshold: 2 / 3, denominator: 'members' as const };
    expect(tallyDossier({ choices: agreeing(10, 15), membersTotal: 15, membersPresent: 15, rule })).toMatchObject({ passed: true, needed: 10 });
    expect(tallyDossier({ choices: agreeing(9, 15), membersTotal: 15, membersPresent: 15, rule }).passed).toBe(false);
  });

  it('case 6 — 13 of 21 present is below the 2/3 quorum (14)', () => {
    expect(quorumMet(13, 21, 2 / 3)).toBe(false);
    expect(quorumMet(14, 21, 2 / 3)).toBe(true);
  });

  it('counts the base on all members, so absent members weigh as not agreeing', () => {
    const rule = { threshold: 0.7, denominator: 'members' as const };
    // 4 of 5 present all agree: 4 ≥ 3.5 passes; with 10 members 4 < 7 fails
    expect(tallyDossier({ choices: agreeing(4, 4), membersTotal: 5, membersPresent: 4, rule }).passed).toBe(true);
    expect(tallyDossier({ choices: agreeing(4, 4), membersTotal: 10, membersPresent: 4, rule }).passed).toBe(false);
  });

  it('never counts an abstention as agree, and ballot order never changes the result', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<BallotChoice>('agree', 'disagree', 'abstain'), { maxLength: 30 }), fc.integer({ min: 1, max: 30 }), (choices, extra) => {
        const total = choices.length + extra;
        const rule = { threshold: 0.7, denominator: 'members' as const };
        const a = tallyDossier({ choices, membersTotal: total, membersPresent: choices.length, rule });
        const b = tallyDossier({ choices: [...choices].reverse(), membersTotal: total, membersPresent: choices.length, rule });
        return a.passed === b.passed && a.agree === choices.filter((c) => c === 'agree').length && a.agree + a.disagree + a.abstain === choices.length;
      }),
    );
  });
});

describe('tallying a session', () => {
  const members = ['m1', 'm2', 'm3', 'm4', 'm5'];
  const dossiers = [{ id: 'd1', awardCode: 'coThiDuaTinh' }];
  const session = { memberIds: members, dossierIds: ['d1'] };

  it('refuses to tally without quorum', () => {
    const participations = [{ dossierId: 'd1', memberId: 'm1' }, { dossierId: 'd1', memberId: 'm2' }, { dossierId: 'd1', memberId: 'm3' }];
    expect(() => tallySession(session, participations, { d1: ['agree', 'agree', 'agree'] }, findAwardForm, dossiers)).toThrow(ConflictError);
    try {
      tallySession(session, participations, { d1: ['agree', 'agree', 'agree'] }, findAwardForm, dossiers);
    } catch (error) {
      expect(error).toMatchObject({ code: 'NO_QUORUM', status: 409 });
    }
  });

  it('applies the form threshold and flags a dossier whose ballots and participations disagree', () => {
    const participations = members.slice(0, 4).map((memberId) => ({ dossierId: 'd1', memberId }));
    const [ok] = tallySession(session, participations, { d1: ['agree', 'agree', 'agree', 'agree'] }, findAwardForm, dossiers);
    expect(ok).toMatchObject({ passed: true, flagged: false, counts: { agree: 4, base: 5 } });
    const [odd] = tallySession(session, participations, { d1: ['agree', 'agree', 'agree', 'agree', 'agree'] }, findAwardForm, dossiers);
    expect(odd).toMatchObject({ passed: false, flagged: true });
  });
});

describe('recusals', () => {
  const members = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'];
  const everyone = (d: string) => members.map((memberId) => ({ dossierId: d, memberId }));

  it('take recused members out of the base: 6 of 6 passes 90 % where 6 of 7 would not', () => {
    // Prepare
    const session = { memberIds: members, dossierIds: ['d1'], recusals: { d1: [{ memberId: 'm7', reason: 'own unit', automatic: true }] } };
    const participations = everyone('d1').filter((p) => p.memberId !== 'm7');
    const choices = { d1: ['agree', 'agree', 'agree', 'agree', 'agree', 'agree'] };
    // Act
    const [withRecusal] = tallySession(session, participations, choices, findAwardForm, [{ id: 'd1', awardCode: 'chienSiThiDuaTinh' }]);
    const [without] = tallySession({ ...session, recusals: {} }, participations, choices, findAwardForm, [{ id: 'd1', awardCode: 'chienSiThiDuaTinh' }]);
    // Assess
    expect(withRecusal).toMatchObject({ passed: true, counts: { base: 6, needed: 6, recused: 1 } });
    expect(without).toMatchObject({ passed: false, counts: { base: 7, needed: 7 } });
  });

  it('finds members of the submitting unit, and members who are nominees themselves', () => {
    const dossier = { unitId: 'so-giao-duc', nominees: [{ name: 'Phan  Thị Giang', recipientType: 'individual' }] };
    const found = automaticRecusals({ units: { m2: 'so-giao-duc', m3: 'xa-an-binh' }, names: { m7: 'phan thị giang', m4: 'Phan Văn Giang' } }, members, dossier);
    expect(found.map((r) => [r.memberId, r.automatic])).toEqual([['m2', true], ['m7', true]]);
    expect(found[1]?.reason).toMatch(/nominee/);
  });

  it('never counts more agree votes than members took part, whatever the ballots', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 7 }), fc.array(fc.constantFrom('agree', 'disagree', 'abstain'), { minLength: 5, maxLength: 7 }), (voters, raw) => {
        const participations = everyone('d1').slice(0, voters);
        const choices = raw.slice(0, voters);
        const [result] = tallySession({ memberIds: members, dossierIds: ['d1'] }, participations, { d1: choices }, findAwardForm, [{ id: 'd1', awardCode: 'coThiDuaTinh' }]);
        return result !== undefined && result.counts.agree <= result.counts.participations && (result.flagged ? !result.passed : true);
      }),
    );
  });
});
