/**
 * Year-end statistics (docs/domain.md §6): what one closed dossier adds to its year's counters, and the report
 * tables built from those counters. Pure: the repository adds a dossier's counts in the same transaction
 * that closes it, and the year-end job recounts the records with the same function, so counters and
 * records can only disagree if a write bypassed the repository — which the report then says.
 */
import { createHash } from 'node:crypto';
import type { DossierRecord } from '#schemas/records';
import { localDate, workingDaysBetween } from './calendar.ts';
export { FIRST_REPORT_YEAR } from './calendar.ts';
import { awardForms, awardKindNames, needsCouncilVote, type AwardForm } from './catalogue.ts';
import { awardedNominees, overallOf } from './nominee-outcomes.ts';
import { revocationGroundCodes, revocationGrounds, revokedNominees } from './revocation.ts';
import { awardNames } from './catalogue-texts.ts';
import type { Bilingual } from './errors.ts';
import { terminalStatuses } from './lifecycle.ts';
import { categoryNames, individualCategories, reportCategory } from './nominees.ts';


export type Counts = Record<string, number>;

const key = (...parts: (string | number)[]) => parts.join('|');

/** Form 0603's categories of individuals: the nominee form's own list (nominees.ts, LANGUAGE rule 9). */
export { individualCategories };

/** Working days the whole procedure may take for a form: the sum of its steps' deadlines. */
export function procedureDeadline(form: AwardForm): number {
  const d = form.deadlines;
  return d.completeness + d.appraisal + (needsCouncilVote(form) ? d.council : 0) + d.chairDecision;
}

export function isClosed(status: string): boolean {
  return (terminalStatuses as readonly string[]).includes(status);
}

/** What a dossier that reached a terminal status adds to the counters of its emulation year. */
export function closingCounts(d: DossierRecord): Counts {
  const c: Counts = {};
  const add = (k: string, n = 1) => {
    if (n !== 0) c[k] = (c[k] ?? 0) + n;
  };
  add(key('dossiers', d.status));
  add(key('form', d.awardCode, d.status));
  add(key('kind', d.kind, d.status));
  add(key('unit', d.unitId, d.status));
  const overall = overallOf(d);
  if (overall) add(key('overall', d.awardCode, overall));
  const revoked = revokedNominees(d);
  add(key('nominees', d.awardCode, 'awarded'), awardedNominees(d).length);
  if (overall) add(key('nominees', d.awardCode, 'notAwarded'), d.nominees.length - awardedNominees(d).length - revoked.length);
  // A revoked award no longer counts as an award; it counts once here, by the Law's ground (revocation.ts).
  add(key('nominees', d.awardCode, 'revoked'), revoked.length);
  for (const { nominee: n } of revoked) add(key('revocations', d.awardCode, n.revocation?.ground ?? 'unknown'));
  // Nominees, not dossiers: each counts by its own outcome (a dossier may award some of its nominees).
  for (const { nominee: n } of awardedNominees(d)) {
    const category = reportCategory(n.recipientType, n.category);
    add(key('awards', d.awardCode, n.recipientType, category));
    add(key('awardsByKind', d.kind, n.recipientType));
    add(key('unitAwards', d.unitId));
    if (n.recipientType === 'individual') add(key('gender', n.gender ?? 'unknown'));
  }
  // Processing time: from submission to the closing step, in working days, against the form's deadline.
  if (d.submittedAt && d.closedAt) {
    const days = workingDaysBetween(localDate(new Date(d.submittedAt)), localDate(new Date(d.closedAt)));
    add(key('days', d.awardCode, 'n'));
    add(key('days', d.awardCode, 'sum'), days);
    const form = awardForms.find((f) => f.code === d.awardCode);
    if (form && days > procedureDeadline(form)) add(key('days', d.awardCode, 'late'));
  }
  return c;
}

/**
 * What a change adds to the counters: a dossier that closes adds its counts; one already closed whose counted
 * facts change (an award revoked) adds the difference. Zero entries are left out.
 */
export function countsDelta(before: DossierRecord, after: DossierRecord): Counts {
  if (!isClosed(after.status)) return {};
  const delta = addCounts({}, closingCounts(after));
  if (isClosed(before.status)) for (const [k, v] of Object.entries(closingCounts(before))) delta[k] = (delta[k] ?? 0) - v;
  return Object.fromEntries(Object.entries(delta).filter(([, v]) => v !== 0));
}

export function addCounts(into: Counts, more: Readonly<Counts>): Counts {
  for (const [k, v] of Object.entries(more)) into[k] = (into[k] ?? 0) + v;
  return into;
}

/** Differences between two count sets (both directions), for the report's verification line. */
export function diffCounts(a: Readonly<Counts>, b: Readonly<Counts>): { key: string; counters: number; recount: number }[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => (a[k] ?? 0) !== (b[k] ?? 0)).map((k) => ({ key: k, counters: a[k] ?? 0, recount: b[k] ?? 0 }));
}

/** Cluster/bloc (cụm, khối thi đua) as the report needs it. */
export interface ClusterSummary {
  readonly clusterId: string;
  readonly name: string;
  readonly type: 'territorial' | 'sectoral';
  readonly memberUnitIds: readonly string[];
  readonly pledges: number;
  readonly topUnitId?: string;
}

export interface ReportTable {
  readonly id: string;
  readonly title: Bilingual;
  readonly columns: readonly Bilingual[];
  readonly rows: readonly (readonly (string | number)[])[];
  readonly note?: Bilingual;
}

export interface YearEndReport {
  readonly year: number;
  readonly counts: Counts;
  readonly verification: { readonly matched: boolean; readonly differences: ReturnType<typeof diffCounts> };
  readonly totals: { readonly closedDossiers: number; readonly awarded: number; readonly awards: number; readonly directWorkerShare: number | null };
  readonly directWorkerShareByYear: readonly { readonly year: number; readonly share: number | null; readonly individuals: number }[];
  readonly tables: readonly ReportTable[];
  /** sha256 of everything above: equal hashes mean the same report (a re-run creates no new version). */
  readonly contentHash: string;
}

const outcomes = ['Awarded', 'NotApproved', 'Returned', 'Withdrawn'] as const;
const outcomeNames: Record<(typeof outcomes)[number], Bilingual> = {
  Awarded: { vi: 'Được khen thưởng', en: 'Awarded' },
  NotApproved: { vi: 'Không được khen thưởng', en: 'Not approved' },
  Returned: { vi: 'Trả lại', en: 'Returned' },
  Withdrawn: { vi: 'Rút hồ sơ', en: 'Withdrawn' },
};
const kindNames: Readonly<Record<string, Bilingual>> = awardKindNames;

function sumWhere(c: Readonly<Counts>, prefix: string): number {
  let total = 0;
  for (const [k, v] of Object.entries(c)) if (k.startsWith(prefix)) total += v;
  return total;
}

/** Share of awarded individuals who are direct workers (workers, farmers…), or null when there were none. */
export function directWorkerShare(c: Readonly<Counts>): { share: number | null; individuals: number } {
  const sum = (pattern: RegExp) => Object.entries(c).reduce((s, [k, v]) => (pattern.test(k) ? s + v : s), 0);
  const individuals = sum(/^awards\|[^|]+\|individual\|/);
  const direct = sum(/^awards\|[^|]+\|individual\|directWorker$/);
  return { share: individuals ? Math.round((direct / individuals) * 10000) / 10000 : null, individuals };
}

const col = (vi: string, en: string): Bilingual => ({ vi, en });

export interface ReportInput {
  readonly year: number;
  readonly counters: Counts;
  readonly recount: Counts;
  readonly clusters: readonly ClusterSummary[];
  /** Counters of the earlier years, for the direct-worker trend. */
  readonly history: readonly { readonly year: number; readonly counts: Counts }[];
  readonly unitNames?: Readonly<Record<string, string>>;
  /** The year's proposals forwarded upward still without (all of) the central answer. */
  readonly forwarded?: readonly ForwardedProposal[];
}

/** A proposal forwarded upward and not yet answered in full, as the report lists it. */
export interface ForwardedProposal {
  readonly awardCode: string;
  readonly unitId: string;
  readonly title: string;
  readonly proposal?: { readonly number: string; readonly date: string } | undefined;
  /** Nominees still awaiting the answer, by recipient type. */
  readonly awaiting: { readonly collective: number; readonly individual: number; readonly household: number };
}

/**
 * The year's report. The recount is the truth when the two disagree (records are what a decision rests
 * on); the disagreement itself is reported.
 */
export function buildYearEndReport(input: ReportInput): YearEndReport {
  const differences = diffCounts(input.counters, input.recount);
  const c = differences.length === 0 ? input.counters : input.recount;
  // Form 0603 is the province's own awards; the forms decided upward are form 0602's (state-level awards).
  const forms = awardForms.filter((f) => f.level === 'provincial');
  const centralForms = awardForms.filter((f) => f.level === 'central');
  const g = (k: string) => c[k] ?? 0;

  // Biểu 0603: provincial awards by form and recipient (Circular 02/2023/TT-BNV).
  const f0603Row = (code: string) => {
    const a = (type: string, cat: string) => g(key('awards', code, type, cat));
    const collectives = a('collective', 'collective') + a('collective', 'enterprise');
    const individuals = individualCategories.map((cat) => a('individual', cat));
    const households = a('household', 'household');
    const total = collectives + households + individuals.reduce((s, n) => s + n, 0);
    return [total, collectives, a('collective', 'enterprise'), households, individuals.reduce((s, n) => s + n, 0), ...individuals];
  };
  const rows0603 = forms.map((f) => [awardNames[f.code].vi, ...f0603Row(f.code)]);
  const totalRow = (rows: readonly (readonly (string | number)[])[], label = 'Tổng cộng') =>
    [label, ...rows[0]!.slice(1).map((_, i) => rows.reduce((s, r) => s + Number(r[i + 1]), 0))];
  const table0603: ReportTable = {
    id: '0603',
    title: col('Biểu 0603 — Khen thưởng cấp tỉnh theo hình thức và đối tượng', 'Form 0603 — Provincial awards by form and recipient'),
    columns: [
      col('Hình thức khen thưởng', 'Award form'), col('Tổng số', 'Total'), col('Tập thể', 'Collectives'), col('Trong đó: doanh nghiệp', 'of which enterprises'),
      col('Hộ gia đình', 'Households'), col('Cá nhân', 'Individuals'), ...individualCategories.map((cat) => categoryNames[cat]),
    ],
    rows: [...rows0603, totalRow(rows0603)],
    note: col('Số lượt khen thưởng (mỗi cá nhân, tập thể, hộ gia đình được khen là một lượt).', 'Counted in awards: each person, collective or household awarded counts once.'),
  };

  // Biểu 0602: state-level awards by form and collective / individual, from the central answers recorded.
  const rows0602 = centralForms.map((f) => {
    const byType = (type: string) => sumWhere(c, key('awards', f.code, type, ''));
    const collectives = byType('collective');
    const households = byType('household');
    const individuals = byType('individual');
    return [awardNames[f.code].vi, collectives + households + individuals, collectives, households, individuals];
  });
  const table0602: ReportTable = {
    id: '0602',
    title: col('Biểu 0602 — Khen thưởng cấp Nhà nước theo hình thức và đối tượng', 'Form 0602 — State-level awards by form and recipient'),
    columns: [col('Hình thức khen thưởng', 'Award form'), col('Tổng số', 'Total'), col('Tập thể', 'Collectives'), col('Hộ gia đình', 'Households'), col('Cá nhân', 'Individuals')],
    rows: [...rows0602, totalRow(rows0602)],
    note: col(
      'Theo kết quả của cấp trên đã ghi nhận cho các hồ sơ do tỉnh trình trong năm (mỗi cá nhân, tập thể được khen là một lượt).',
      'From the central answers recorded for the proposals the province forwarded for the year (each person or collective awarded counts once).',
    ),
  };
  const forwarded = [...(input.forwarded ?? [])].sort((a, b) => (a.proposal?.date ?? '').localeCompare(b.proposal?.date ?? '') || a.title.localeCompare(b.title));
  const tableForwarded: ReportTable = {
    id: 'trinh-cap-tren-chua-co-ket-qua',
    title: col('Hồ sơ đã trình cấp trên, chưa có kết quả', 'Forwarded upward, not yet answered'),
    columns: [col('Hình thức khen thưởng', 'Award form'), col('Đơn vị đề nghị', 'Proposing unit'), col('Hồ sơ', 'Dossier'), col('Tờ trình', 'Proposal'), col('Tập thể chờ kết quả', 'Collectives awaiting'), col('Cá nhân chờ kết quả', 'Individuals awaiting')],
    rows: forwarded.map((p) => [
      awardNames[p.awardCode as keyof typeof awardNames]?.vi ?? p.awardCode,
      input.unitNames?.[p.unitId] ?? p.unitId,
      p.title,
      p.proposal ? `Tờ trình số ${p.proposal.number} ngày ${p.proposal.date.split('-').reverse().join('/')}` : '',
      p.awaiting.collective + p.awaiting.household,
      p.awaiting.individual,
    ]),
  };

  const kinds = Object.keys(kindNames).filter((k) => Object.keys(c).some((x) => x.startsWith(key('awardsByKind', k, '')) || x.startsWith(key('kind', k, ''))));
  const kindRows = kinds.map((k) => {
    const by = (t: string) => g(key('awardsByKind', k, t));
    return [kindNames[k]!.vi, by('collective') + by('individual') + by('household'), by('collective'), by('household'), by('individual')];
  });
  const table0603Kind: ReportTable = {
    id: '0603-loai-hinh',
    title: col('Biểu 0603 (tiếp) — Khen thưởng theo loại hình', 'Form 0603 (cont.) — Awards by kind of commendation'),
    columns: [col('Loại hình', 'Kind'), col('Tổng số', 'Total'), col('Tập thể', 'Collectives'), col('Hộ gia đình', 'Households'), col('Cá nhân', 'Individuals')],
    rows: kindRows.length ? [...kindRows, totalRow(kindRows)] : [],
  };

  const outcomeRows = forms.map((f) => {
    const row = outcomes.map((o) => g(key('form', f.code, o)));
    return [awardNames[f.code].vi, row.reduce((s, n) => s + n, 0), ...row];
  });
  const tableOutcomes: ReportTable = {
    id: 'ket-qua-xet',
    title: col('Kết quả xét hồ sơ theo hình thức', 'Dossier outcomes by award form'),
    columns: [col('Hình thức khen thưởng', 'Award form'), col('Hồ sơ đã kết thúc', 'Closed dossiers'), ...outcomes.map((o) => outcomeNames[o])],
    rows: [...outcomeRows, totalRow(outcomeRows)],
  };

  const processingRows = forms.map((f) => {
    const n = g(key('days', f.code, 'n'));
    const sum = g(key('days', f.code, 'sum'));
    return [awardNames[f.code].vi, n, n ? Math.round((sum / n) * 10) / 10 : 0, procedureDeadline(f), g(key('days', f.code, 'late'))];
  });
  const tableProcessing: ReportTable = {
    id: 'thoi-gian-xu-ly',
    title: col('Thời gian xử lý (ngày làm việc) so với thời hạn', 'Processing time (working days) against the deadline'),
    columns: [col('Hình thức khen thưởng', 'Award form'), col('Hồ sơ đã nộp và kết thúc', 'Submitted and closed'), col('Bình quân ngày làm việc', 'Average working days'), col('Thời hạn (ngày làm việc)', 'Deadline (working days)'), col('Số hồ sơ quá hạn', 'Over the deadline')],
    rows: processingRows,
    note: col('Tính từ ngày nộp đến ngày kết thúc, trừ thứ Bảy, Chủ nhật và ngày nghỉ lễ, Tết.', 'From submission to closing, excluding weekends and public holidays.'),
  };

  const unitIds = [...new Set(Object.keys(c).filter((k) => k.startsWith('unit|') || k.startsWith('unitAwards|')).map((k) => k.split('|')[1]!))].sort();
  const unitRow = (u: string) => [input.unitNames?.[u] ?? u, ...outcomes.map((o) => g(key('unit', u, o))), g(key('unitAwards', u))];
  const tableUnits: ReportTable = {
    id: 'don-vi',
    title: col('Theo đơn vị đề nghị', 'By proposing unit'),
    columns: [col('Đơn vị', 'Unit'), ...outcomes.map((o) => outcomeNames[o]), col('Số lượt được khen', 'Awards')],
    rows: unitIds.map(unitRow),
  };

  const clusterRows = input.clusters.map((cl) => {
    const sum = (prefix: (u: string) => string) => cl.memberUnitIds.reduce((s, u) => s + g(prefix(u)), 0);
    return [
      cl.name, cl.type === 'territorial' ? 'Cụm' : 'Khối', cl.memberUnitIds.length, cl.pledges,
      sum((u) => key('unit', u, 'Awarded')), sum((u) => key('unitAwards', u)), cl.topUnitId ? input.unitNames?.[cl.topUnitId] ?? cl.topUnitId : '',
    ];
  });
  const tableClusters: ReportTable = {
    id: 'cum-khoi',
    title: col('Theo cụm, khối thi đua', 'By emulation cluster and bloc'),
    columns: [col('Cụm, khối', 'Cluster/bloc'), col('Loại', 'Type'), col('Số đơn vị', 'Member units'), col('Đơn vị ký giao ước', 'Units with a pledge'), col('Hồ sơ được khen', 'Dossiers awarded'), col('Số lượt được khen', 'Awards'), col('Đơn vị dẫn đầu', 'Leading unit')],
    rows: clusterRows,
  };

  const genders = ['female', 'male', 'other', 'unknown'] as const;
  const genderNames: Record<(typeof genders)[number], string> = { female: 'Nữ', male: 'Nam', other: 'Khác', unknown: 'Không ghi' };
  const tableGender: ReportTable = {
    id: 'gioi-tinh',
    title: col('Cá nhân được khen theo giới tính', 'Individuals awarded by gender'),
    columns: [col('Giới tính', 'Gender'), col('Số lượt', 'Awards')],
    rows: genders.map((x) => [genderNames[x], g(key('gender', x))]),
  };

  const history = [...input.history.filter((h) => h.year < input.year), { year: input.year, counts: c }].sort((a, b) => a.year - b.year);
  const directWorkerShareByYear = history.map((h) => ({ year: h.year, ...directWorkerShare(h.counts) }));
  const tableDirect: ReportTable = {
    id: 'lao-dong-truc-tiep',
    title: col('Tỷ lệ khen thưởng người lao động trực tiếp qua các năm', 'Share of direct workers among individuals awarded, by year'),
    columns: [col('Năm', 'Year'), col('Cá nhân được khen', 'Individuals awarded'), col('Tỷ lệ lao động trực tiếp (%)', 'Direct workers (%)')],
    rows: directWorkerShareByYear.map((h) => [h.year, h.individuals, h.share === null ? '' : Math.round(h.share * 1000) / 10]),
  };

  const territorial = input.clusters.filter((x) => x.type === 'territorial');
  const sectoral = input.clusters.filter((x) => x.type === 'sectoral');
  const table0601: ReportTable = {
    id: '0601',
    title: col('Biểu 0601 — Phong trào thi đua theo cụm, khối', 'Form 0601 — Emulation movements in clusters and blocs'),
    columns: [col('Phạm vi', 'Scope'), col('Số cụm, khối', 'Clusters/blocs'), col('Số đơn vị tham gia', 'Member units'), col('Đơn vị ký giao ước', 'Units with a pledge')],
    rows: [
      ['Cụm thi đua', territorial.length, territorial.reduce((s, x) => s + x.memberUnitIds.length, 0), territorial.reduce((s, x) => s + x.pledges, 0)],
      ['Khối thi đua', sectoral.length, sectoral.reduce((s, x) => s + x.memberUnitIds.length, 0), sectoral.reduce((s, x) => s + x.pledges, 0)],
    ],
    note: col(
      'Hệ thống chỉ giữ số liệu cụm, khối và giao ước; phong trào theo chuyên đề, Biểu 0604, 0605 (tổ chức bộ máy, cán bộ làm công tác thi đua) lấy từ nguồn khác.',
      'The system holds clusters, blocs and pledges only; thematic movements and forms 0604 and 0605 (emulation bodies and staff) come from other sources.',
    ),
  };

  // Revoked awards (Law Ch. VII), by form and ground: only in a year that has any, so earlier reports keep their bytes.
  const revocationRows = forms
    .map((f) => [awardNames[f.code].vi, g(key('nominees', f.code, 'revoked')), ...revocationGroundCodes.map((r) => g(key('revocations', f.code, r)))])
    .filter((r) => Number(r[1]) > 0);
  const tableRevocations: ReportTable | undefined = revocationRows.length
    ? {
        id: 'huy-bo-khen-thuong',
        title: col('Khen thưởng bị hủy bỏ theo hình thức và căn cứ', 'Revoked awards by form and ground'),
        columns: [col('Hình thức khen thưởng', 'Award form'), col('Số lượt bị hủy bỏ', 'Awards revoked'), ...revocationGroundCodes.map((r) => revocationGrounds[r])],
        rows: [...revocationRows, totalRow(revocationRows)],
        note: col('Các lượt bị hủy bỏ không còn tính trong Biểu 0603.', 'Revoked awards are no longer counted in form 0603.'),
      }
    : undefined;

  const closedDossiers = outcomes.reduce((s, o) => s + g(key('dossiers', o)), 0);
  const awards = sumWhere(c, 'awards|');
  const body = {
    year: input.year,
    counts: sortedCounts(c),
    verification: { matched: differences.length === 0, differences },
    totals: { closedDossiers, awarded: g(key('dossiers', 'Awarded')), awards, directWorkerShare: directWorkerShare(c).share },
    directWorkerShareByYear,
    tables: [table0603, table0603Kind, table0602, tableForwarded, table0601, tableOutcomes, tableProcessing, tableUnits, tableClusters, tableGender, tableDirect, ...(tableRevocations ? [tableRevocations] : [])],
  };
  return { ...body, contentHash: createHash('sha256').update(JSON.stringify(body)).digest('hex') };
}

function sortedCounts(c: Readonly<Counts>): Counts {
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
