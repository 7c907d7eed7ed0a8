/**
 * The register of a person's earlier awards (sổ theo dõi khen thưởng, docs/domain.md §8) as far as eligibility needs
 * it: awards made in this system, central outcomes recorded here, and awards that predate the system, entered
 * by the secretariat or the unit. Pure.
 *
 * Who is "the same person": the key is the nominee's name (Unicode NFC, case and spaces folded, diacritics
 * KEPT: "Nguyễn Văn An" and "Nguyễn Văn Ân" are two people), the year of birth and the proposing unit. It is
 * explicit and needs no national id; its limit is stated: a person who moves to another unit brings their
 * history by having it entered again under the new unit.
 */
import type { HistoryRule } from './catalogue.ts';
import { ValidationError } from './errors.ts';

export interface PersonKey {
  readonly unitId: string;
  readonly name: string;
  readonly birthYear: number;
}

/** The stable key of a person: `<unitId>|<folded name>|<birth year>`. */
export function personKey(p: PersonKey): string {
  const folded = p.name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');
  return `${p.unitId}|${folded}|${p.birthYear}`;
}

export interface HistoryEntry {
  readonly awardCode: string;
  readonly year: number;
}

/**
 * The years of `rule` the history lacks: the rule asks for `rule.awardCode` in each of `rule.years` consecutive
 * years ending `rule.endingYearsBefore` years before `dossierYear`. An empty list: the rule holds. The same
 * award twice in one year counts once (it is one year); an award in another year fills no gap.
 */
export function missingYears(rule: HistoryRule, history: readonly HistoryEntry[], dossierYear: number): number[] {
  const held = new Set(history.filter((h) => h.awardCode === rule.awardCode).map((h) => h.year));
  const last = dossierYear - rule.endingYearsBefore;
  const wanted = Array.from({ length: rule.years }, (_, i) => last - rule.years + 1 + i);
  return wanted.filter((y) => !held.has(y));
}

export interface NomineeShortfall {
  readonly nomineeIndex: number;
  readonly name: string;
  readonly awardCode: string;
  readonly missingYears: readonly number[];
}

/**
 * Every nominee's shortfall against the form's rules, or none. A nominee the rules apply to must carry a year
 * of birth: without it there is no key to look the register up by.
 */
export function shortfalls(
  rules: readonly HistoryRule[],
  nominees: readonly { name: string; birthYear?: number | undefined }[],
  historyOf: (nomineeIndex: number) => readonly HistoryEntry[],
  dossierYear: number,
): NomineeShortfall[] {
  if (rules.length === 0) return [];
  return nominees.flatMap((n, nomineeIndex) => {
    if (n.birthYear === undefined) {
      throw new ValidationError({
        code: 'BIRTH_YEAR_REQUIRED',
        field: `nominees.${nomineeIndex}.birthYear`,
        messages: {
          vi: `Vui lòng nhập năm sinh của ${n.name}: cần để đối chiếu sổ theo dõi khen thưởng`,
          en: `Enter ${n.name}'s year of birth: it is needed to look up their earlier awards`,
        },
      });
    }
    return rules.flatMap((rule) => {
      const missing = missingYears(rule, historyOf(nomineeIndex), dossierYear);
      return missing.length ? [{ nomineeIndex, name: n.name, awardCode: rule.awardCode, missingYears: missing }] : [];
    });
  });
}

/** The refusal at submission: 400 naming each nominee and the years missing, in Vietnamese and English. */
export function notEligibleError(found: readonly NomineeShortfall[], awardName: (code: string) => { vi: string; en: string }): ValidationError {
  const vi = found.map((s) => `${s.name} chưa có ${awardName(s.awardCode).vi} năm ${s.missingYears.join(', ')}`).join('; ');
  const en = found.map((s) => `${s.name} lacks ${awardName(s.awardCode).en} for ${s.missingYears.join(', ')}`).join('; ');
  return new ValidationError({
    code: 'NOMINEE_NOT_ELIGIBLE',
    field: `nominees.${found[0]?.nomineeIndex ?? 0}`,
    messages: {
      vi: `Chưa đủ điều kiện đề nghị: ${vi}. Nếu đã được khen trước khi có hệ thống, vui lòng nhập lịch sử khen thưởng rồi nộp lại`,
      en: `Not eligible to be proposed: ${en}. If awarded before this system, record the award history and submit again`,
    },
    details: found.map((s) => ({
      field: `nominees.${s.nomineeIndex}`,
      message: { vi: `${s.name}: thiếu năm ${s.missingYears.join(', ')}`, en: `${s.name}: missing ${s.missingYears.join(', ')}` },
    })),
  });
}
