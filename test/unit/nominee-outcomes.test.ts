import { describe, expect, it } from 'vitest';
import { awardedNominees, overallOf } from '#domain/nominee-outcomes';
import { closingCounts } from '#domain/year-end';
import type { DossierRecord } from '#schemas/records';

const dossier = (status: string, nominees: DossierRecord['nominees']) =>
  ({ id: 'd-1', unitId: 'so-giao-duc', year: 2026, awardCode: 'chienSiThiDuaTinh', kind: 'regular', title: 't', status, nominees }) as DossierRecord;
const teacher = (name: string, outcome?: 'awarded' | 'notAwarded') => ({ name, recipientType: 'individual', category: 'directWorker', gender: 'female', ...(outcome ? { outcome } : {}) });

describe('the year-end counters count nominees, not dossiers', () => {
  it('a dossier awarding 10 of its 12 nominees adds 10 awards, 2 not awarded, and one partly awarded dossier', () => {
    const nominees = Array.from({ length: 12 }, (_, i) => teacher(`GV ${i}`, i === 2 || i === 5 ? 'notAwarded' : 'awarded'));
    const counts = closingCounts(dossier('Awarded', nominees));
    expect(counts['awards|chienSiThiDuaTinh|individual|directWorker']).toBe(10);
    expect(counts['gender|female']).toBe(10);
    expect(counts['unitAwards|so-giao-duc']).toBe(10);
    expect(counts['nominees|chienSiThiDuaTinh|awarded']).toBe(10);
    expect(counts['nominees|chienSiThiDuaTinh|notAwarded']).toBe(2);
    expect(counts['overall|chienSiThiDuaTinh|partlyAwarded']).toBe(1);
  });

  it('a dossier stored before nominees had outcomes reads as decided whole (the migration is at read time)', () => {
    const old = dossier('Awarded', [teacher('A'), teacher('B')]);
    expect(awardedNominees(old).map((a) => a.nominee.name)).toEqual(['A', 'B']);
    expect(overallOf(old)).toBe('allAwarded');
    expect(overallOf(dossier('NotApproved', [teacher('A')]))).toBe('noneAwarded');
    expect(overallOf(dossier('Withdrawn', [teacher('A')]))).toBeUndefined();
    expect(closingCounts(old)['awards|chienSiThiDuaTinh|individual|directWorker']).toBe(2);
  });
});
