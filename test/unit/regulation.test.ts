import { describe, expect, it } from 'vitest';
import { tallySession } from '#domain/council';
import { ConflictError, ValidationError } from '#domain/errors';
import { changeForOutcome } from '#domain/lifecycle';
import { councilRuleOf, defaultRegulation, planRegulation, type Regulation, regulationOn, rulesForDossier } from '#domain/regulation';

const actor = { userId: 'u-admin' };
const now = new Date('2026-12-03T03:00:00Z');
const { effectiveFrom: _e, version: _v, ...settings } = defaultRegulation;
const input = { ...settings, forms: { ...settings.forms, bangKhenChuTichTinh: { ...settings.forms.bangKhenChuTichTinh, councilVote: 'none' as const } } };

describe('the regulation in force on a date', () => {
  const v = (effectiveFrom: string): Regulation => ({ ...defaultRegulation, effectiveFrom, version: 1 });
  it('is the latest text that took effect on or before the date, else the defaults', () => {
    const versions = [v('2026-01-01'), v('2026-12-04'), v('2026-06-01')];
    expect(regulationOn(versions, '2026-12-03').effectiveFrom).toBe('2026-06-01');
    expect(regulationOn(versions, '2026-12-04').effectiveFrom).toBe('2026-12-04');
    expect(regulationOn(versions, '2025-12-31')).toBe(defaultRegulation);
  });

  it('a province that sends Bằng khen without a vote: the appraisal goes straight to the chair for a dossier submitted under it, not for one submitted before', () => {
    const planned = planRegulation(input, '2026-12-04', undefined, '2026-12-03', actor, now);
    const submittedToday = { awardCode: 'bangKhenChuTichTinh', rules: rulesForDossier(regulationOn([planned], '2026-12-03'), 'bangKhenChuTichTinh') };
    const submittedTomorrow = { awardCode: 'bangKhenChuTichTinh', rules: rulesForDossier(regulationOn([planned], '2026-12-04'), 'bangKhenChuTichTinh') };
    expect(changeForOutcome({ step: 'appraisal', result: 'eligible' }, { council: councilRuleOf(submittedToday) }).event).toBe('appraiseEligible');
    expect(changeForOutcome({ step: 'appraisal', result: 'eligible' }, { council: councilRuleOf(submittedTomorrow) }).event).toBe('appraiseEligibleWithoutVote');
    // A dossier stored before snapshots existed is judged by the defaults.
    expect(councilRuleOf({ awardCode: 'coThiDuaTinh' })).toMatchObject({ vote: 'secret', threshold: 0.8, denominator: 'members', recusedLeaveBase: false });
  });
});

describe('issuing a regulation', () => {
  it('numbers the versions of one effective date and refuses to rewrite a text already in force or to date one in the past', () => {
    const first = planRegulation(input, '2026-12-10', undefined, '2026-12-03', actor, now);
    expect(first).toMatchObject({ effectiveFrom: '2026-12-10', version: 1, updatedBy: 'u-admin' });
    expect(planRegulation(input, '2026-12-10', first, '2026-12-03', actor, now).version).toBe(2);
    expect(() => planRegulation(input, '2026-12-10', first, '2026-12-10', actor, now)).toThrow(ConflictError);
    expect(() => planRegulation(input, '2026-12-02', undefined, '2026-12-03', actor, now)).toThrow(ValidationError);
  });
});

describe('thresholds at and one short of each boundary, for every form that votes (21 members, the defaults)', () => {
  const members = Array.from({ length: 21 }, (_, i) => `m${i + 1}`);
  const participations = members.map((memberId) => ({ dossierId: 'd1', memberId }));
  const papers = (agree: number) => members.map((_, i) => (i < agree ? 'agree' : 'disagree'));
  it.each([
    ['chienSiThiDuaTinh', 19],
    ['coThiDuaTinh', 17],
    ['tapTheLaoDongXuatSac', 11],
    ['bangKhenChuTichTinh', 11],
  ])('%s passes with %i agree and fails with one fewer', (awardCode, needed) => {
    const tally = (agree: number) => tallySession({ memberIds: members, dossierIds: ['d1'] }, participations, { d1: papers(agree) }, councilRuleOf, [{ id: 'd1', awardCode }])[0]!;
    expect(tally(needed)).toMatchObject({ passed: true, counts: { base: 21, needed } });
    expect(tally(needed - 1)).toMatchObject({ passed: false, counts: { base: 21, needed } });
  });
});

describe('a regulation issued before the forms decided upward joined the catalogue', () => {
  it('judges a dossier of such a form by the default rule, not by a missing one', async () => {
    const { defaultRegulation, rulesForDossier } = await import('#domain/regulation');
    // Prepare: a stored text that knows only the provincial forms
    const { chienSiThiDuaToanQuoc: _cstdtq, ...older } = defaultRegulation.forms;
    const stored = { ...defaultRegulation, effectiveFrom: '2026-01-01', version: 1, forms: older as typeof defaultRegulation.forms };
    // Act
    const rules = rulesForDossier(stored, 'chienSiThiDuaToanQuoc');
    // Assess
    expect(rules.form).toEqual(defaultRegulation.forms.chienSiThiDuaToanQuoc);
    expect(rules.form.councilVote).toBe('secret');
  });
});
