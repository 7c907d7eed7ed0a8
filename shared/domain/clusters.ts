/**
 * Emulation clusters and blocs (cụm, khối thi đua, docs/domain.md §7): the year-end ranking the cluster head
 * enters, checked against the cluster's members. Pure.
 */
import { ValidationError } from './errors.ts';

export interface RankedUnit {
  readonly unitId: string;
  readonly score: number;
  readonly rank: number;
}

/**
 * Ranks a cluster's members by score (highest first; equal scores share a rank). Every member is scored
 * once and nobody else; the first place must be one unit, since it is proposed for the Emulation Flag.
 */
export function rankCluster(memberUnitIds: readonly string[], scores: readonly { unitId: string; score: number }[]): RankedUnit[] {
  const seen = new Set<string>();
  scores.forEach((s, i) => {
    if (!memberUnitIds.includes(s.unitId)) {
      throw new ValidationError({
        field: `scores.${i}.unitId`,
        messages: { vi: `Đơn vị ${s.unitId} không thuộc cụm, khối này`, en: `Unit ${s.unitId} is not a member of this cluster` },
      });
    }
    if (seen.has(s.unitId)) {
      throw new ValidationError({ field: `scores.${i}.unitId`, messages: { vi: `Đơn vị ${s.unitId} được chấm hai lần`, en: `Unit ${s.unitId} is scored twice` } });
    }
    seen.add(s.unitId);
  });
  const missing = memberUnitIds.filter((u) => !seen.has(u));
  if (missing.length) {
    throw new ValidationError({ field: 'scores', messages: { vi: `Chưa chấm điểm đơn vị: ${missing.join(', ')}`, en: `Units not scored: ${missing.join(', ')}` } });
  }
  const sorted = [...scores].sort((a, b) => b.score - a.score || (a.unitId < b.unitId ? -1 : 1));
  if (sorted.length > 1 && sorted[0]!.score === sorted[1]!.score) {
    throw new ValidationError({
      field: 'scores',
      messages: { vi: 'Có nhiều đơn vị cùng điểm cao nhất; cụm, khối cần xác định một đơn vị dẫn đầu', en: 'Several units share the top score; the cluster must settle one leader' },
    });
  }
  return sorted.map((s) => ({ unitId: s.unitId, score: s.score, rank: 1 + sorted.filter((o) => o.score > s.score).length }));
}

/** The head unit is one of the members; members are listed once. */
export function checkClusterMembers(headUnitId: string, memberUnitIds: readonly string[]): void {
  const dup = memberUnitIds.find((u, i) => memberUnitIds.indexOf(u) !== i);
  if (dup) throw new ValidationError({ field: 'memberUnitIds', messages: { vi: `Đơn vị ${dup} bị lặp`, en: `Unit ${dup} is listed twice` } });
  if (!memberUnitIds.includes(headUnitId)) {
    throw new ValidationError({ field: 'headUnitId', messages: { vi: 'Đơn vị trưởng cụm, khối phải là thành viên', en: 'The head unit must be a member of the cluster' } });
  }
}
