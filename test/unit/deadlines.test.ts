import { describe, expect, it } from 'vitest';
import { dueAtFrom } from '#domain/calendar';
import { reminderHorizon, sweepActionFor } from '#domain/deadlines';

// 09:00 in Vietnam on a given date
const at = (date: string) => new Date(`${date}T09:00:00+07:00`);

describe('the daily sweep across Tết 2026', () => {
  // A supplement requested on Fri 13/02/2026 is due at the end of its 10th working day, Fri 06/03/2026.
  const requested = at('2026-02-13');
  const dueAt = dueAtFrom(requested, 10).toISOString();

  it('computes the due date in working days, skipping the Tết holiday', () => {
    expect(dueAt).toBe('2026-03-06T16:59:59.999Z');
  });

  it('reminds two working days ahead, never on the weekend before', () => {
    expect(sweepActionFor({ step: 'supplement', dueAt }, at('2026-03-03'))).toBe('none'); // Tue: 2 working days ahead is Thu
    expect(sweepActionFor({ step: 'supplement', dueAt }, at('2026-03-04'))).toBe('remind'); // Wed: horizon Fri 06/03
    expect(sweepActionFor({ step: 'supplement', dueAt, remindedAt: at('2026-03-04').toISOString() }, at('2026-03-05'))).toBe('none');
  });

  it('counts Tết out of the reminder horizon: on Thu 12/02 a step due Mon 23/02 is two working days away', () => {
    const dueMonday = dueAtFrom(at('2026-02-12'), 2).toISOString();
    expect(dueMonday).toBe('2026-02-23T16:59:59.999Z');
    expect(reminderHorizon(at('2026-02-12')).toISOString()).toBe('2026-02-23T16:59:59.999Z');
    expect(sweepActionFor({ step: 'appraisal', dueAt: dueMonday }, at('2026-02-11'))).toBe('none');
    expect(sweepActionFor({ step: 'appraisal', dueAt: dueMonday }, at('2026-02-12'))).toBe('remind');
  });

  it('returns an overdue supplement request, escalates any other overdue step once', () => {
    const after = new Date(Date.parse(dueAt) + 1);
    expect(sweepActionFor({ step: 'supplement', dueAt }, after)).toBe('return');
    expect(sweepActionFor({ step: 'appraisal', dueAt }, after)).toBe('escalate');
    expect(sweepActionFor({ step: 'chairDecision', dueAt, escalatedAt: after.toISOString() }, after)).toBe('none');
  });

  it('escalates an overdue supplement request once, instead of returning it, where the regulation turns the automatic return off', () => {
    const after = new Date(Date.parse(dueAt) + 1);
    expect(sweepActionFor({ step: 'supplement', dueAt }, after, false)).toBe('escalate');
    expect(sweepActionFor({ step: 'supplement', dueAt, escalatedAt: after.toISOString() }, after, false)).toBe('none');
    expect(sweepActionFor({ step: 'supplement', dueAt, escalatedAt: after.toISOString() }, after, true)).toBe('return');
  });
});
