import fc from 'fast-check';
import readXlsxFile from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { findAwardForm } from '#domain/catalogue';
import { awardNames } from '#domain/catalogue-texts';
import { transitions, type DossierStatus, type LifecycleEvent } from '#domain/lifecycle';
import { isClosed } from '#domain/year-end';
import { awardedWithoutVote, awardedWithVote, counters, failedVote, ineligible, removeDossier, seedDossier } from './direct-store.ts';
import { as, baseUrl, type CapturedEmail, runSchedule, armFault, disarmFaults } from './support.ts';

const runYearEnd = (input: unknown) => runSchedule<{ version: number; created: boolean; countersMatched: boolean }>(/YearEnd/, input);
async function emails(): Promise<CapturedEmail[]> {
  return ((await (await fetch(`${baseUrl}/_local/emails`)).json()) as { emails: CapturedEmail[] }).emails;
}

interface ReportView {
  report: { version: number; files: { key: string; url: string; contentType: string }[]; countersMatched: boolean; totals: Record<string, unknown> };
  tables: { id: string; rows: (string | number)[][] }[];
}

describe('year-end counters', () => {
  it('equal a full recount after random sequences of transitions, run concurrently', async () => {
    let year = 2040;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.nat(), { maxLength: 7 }), { minLength: 1, maxLength: 6 }), async (walks) => {
        year += 1;
        // Each walk is one dossier; every number picks the next legal event, until a terminal status.
        const seeded = await Promise.all(
          walks.map(async (picks, i) => {
            const events: LifecycleEvent[] = [];
            let status: DossierStatus = 'Draft';
            for (const pick of picks) {
              const next = Object.keys(transitions[status]) as LifecycleEvent[];
              if (next.length === 0) break;
              const event = next[pick % next.length]!;
              events.push(event);
              status = (transitions[status] as Record<string, DossierStatus>)[event]!;
            }
            return seedDossier({ year, unitId: `unit-${i % 3}`, awardCode: 'bangKhenChuTichTinh', nominees: [{ name: 'N', recipientType: 'individual', category: i % 2 ? 'directWorker' : 'other' }], events, closedAt: '2024-03-15T02:00:00Z' });
          }),
        );
        const stored = await counters.readCounters(year);
        const recount = await counters.recountYear(year);
        expect(recount.dossiers).toBe(walks.length);
        expect(stored).toEqual(recount.counts);
        for (const d of seeded) if (!isClosed(d.status)) await removeDossier(d.id);
      }),
      { numRuns: 12 },
    );
  });
});

describe('the year-end report', () => {
  it('produces the hand-checked tables for a seeded year, once per version, and emails the secretariat its link', async () => {
    // Prepare: 20 closed dossiers of 2024 (hand-counted below), a cluster with pledges and a ranking.
    const y = 2024;
    const [officerOfA, officerOfB, admin, officer, head] = await Promise.all([as('unit-a-officer'), as('unit-b-officer'), as('admin'), as('officer'), as('secretariat-head')]);
    const monthEnd = '2024-03-29T02:00:00Z'; // 20 working days after Friday 01/03/2024
    const weekLater = '2024-03-08T02:00:00Z'; // 5 working days
    const seeds: Parameters<typeof seedDossier>[0][] = [
      ...Array.from({ length: 6 }, () => ({ year: y, unitId: 'so-giao-duc', awardCode: 'bangKhenChuTichTinh', nominees: [{ name: 'A', recipientType: 'individual', category: 'directWorker', gender: 'female' }, { name: 'B', recipientType: 'individual', category: 'otherLeader', gender: 'male' }], events: awardedWithVote, closedAt: monthEnd })),
      ...Array.from({ length: 3 }, () => ({ year: y, unitId: 'xa-an-binh', awardCode: 'bangKhenChuTichTinh', nominees: [{ name: 'Công ty', recipientType: 'collective', category: 'enterprise' }], events: awardedWithVote, closedAt: monthEnd })),
      ...Array.from({ length: 2 }, () => ({ year: y, unitId: 'xa-an-binh', awardCode: 'coThiDuaTinh', nominees: [{ name: 'Xã', recipientType: 'collective', category: 'collective' }], events: awardedWithVote, closedAt: monthEnd })),
      ...Array.from({ length: 2 }, () => ({ year: y, unitId: 'so-giao-duc', awardCode: 'chienSiThiDuaTinh', nominees: [{ name: 'C', recipientType: 'individual', category: 'directWorker', gender: 'male' }], events: awardedWithVote, closedAt: monthEnd })),
      { year: y, unitId: 'xa-an-binh', awardCode: 'bangKhenChuTichTinhDotXuat', kind: 'adHoc', nominees: [{ name: 'Hộ', recipientType: 'household' }], events: awardedWithoutVote, closedAt: monthEnd },
      ...Array.from({ length: 3 }, () => ({ year: y, unitId: 'so-giao-duc', awardCode: 'bangKhenChuTichTinh', nominees: [{ name: 'D', recipientType: 'individual' }], events: ineligible, closedAt: weekLater })),
      ...Array.from({ length: 2 }, () => ({ year: y, unitId: 'so-giao-duc', awardCode: 'chienSiThiDuaTinh', nominees: [{ name: 'E', recipientType: 'individual' }], events: failedVote, closedAt: weekLater })),
      { year: y, unitId: 'xa-an-binh', awardCode: 'bangKhenChuTichTinh', nominees: [{ name: 'F', recipientType: 'individual' }], events: ['withdraw'] },
    ];
    expect(seeds).toHaveLength(20);
    for (const s of seeds) await seedDossier(s);
    expect((await admin.request('PUT', `/api/clusters/${y}/khoi-van-hoa-xa-hoi`, { name: 'Khối Văn hóa – Xã hội', type: 'sectoral', headUnitId: 'so-giao-duc', memberUnitIds: ['so-giao-duc', 'xa-an-binh'] })).status).toBe(201);
    expect((await officerOfA.request('PUT', `/api/clusters/${y}/khoi-van-hoa-xa-hoi/pledges/so-giao-duc`, { targets: [{ text: 'Hoàn thành 100 % chỉ tiêu' }] })).status).toBe(200);
    expect((await officerOfB.request('PUT', `/api/clusters/${y}/khoi-van-hoa-xa-hoi/pledges/xa-an-binh`, { targets: [{ text: 'Không có hồ sơ trễ hạn' }] })).status).toBe(200);
    const ranked = await officerOfA.request<{ proposal: { id: string; unitId: string; awardCode: string; status: string; nominees: unknown[] } }>('POST', `/api/clusters/${y}/khoi-van-hoa-xa-hoi/ranking`, { scores: [{ unitId: 'so-giao-duc', score: 92 }, { unitId: 'xa-an-binh', score: 97.5 }] });
    expect(ranked.status).toBe(201);
    expect(ranked.body.proposal).toMatchObject({ unitId: 'xa-an-binh', awardCode: 'coThiDuaTinh', status: 'Draft' });
    // The collective nominated is the unit by its name in the directory for that year, not its id.
    expect(ranked.body.proposal).toMatchObject({ nominees: [{ name: 'Ủy ban nhân dân xã An Bình', recipientType: 'collective' }] });
    // The leading unit sees its proposal as its own draft; a second ranking is refused.
    expect((await officerOfB.get<{ dossier: { id: string } }>(`/api/dossiers/${ranked.body.proposal.id}`)).status).toBe(200);
    expect((await officerOfA.request('POST', `/api/clusters/${y}/khoi-van-hoa-xa-hoi/ranking`, { scores: [{ unitId: 'so-giao-duc', score: 99 }, { unitId: 'xa-an-binh', score: 1 }] })).status).toBe(409);
    // The cluster list names its member units as they were in that year.
    const listed = await officerOfA.get<{ unitNames: Record<string, string> }>(`/api/clusters/${y}`);
    expect(listed.body.unitNames).toMatchObject({ 'so-giao-duc': 'Sở Giáo dục và Đào tạo', 'xa-an-binh': 'Ủy ban nhân dân xã An Bình' });

    // Act: the schedule, run on demand for 2024.
    const mailsBefore = (await emails()).length;
    const first = await runYearEnd({ year: y });

    // Assess
    expect(first.result).toMatchObject({ version: 1, created: true, countersMatched: true });
    const view = await officer.get<ReportView>(`/api/reports/${y}`);
    expect(view.status).toBe(200);
    const rows = (id: string) => view.body.tables.find((t) => t.id === id)!.rows;
    const byName = (id: string, code: string) => rows(id).find((r) => r[0] === awardNames[findAwardForm(code).code].vi)!.slice(1);
    // 0603: total, collectives, of which enterprises, households, individuals, provincial leaders, department
    // leaders, business people, other leaders, direct workers, others — counted by hand from the seeds above.
    expect(byName('0603', 'chienSiThiDuaTinh')).toEqual([2, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0]);
    expect(byName('0603', 'coThiDuaTinh')).toEqual([2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(byName('0603', 'bangKhenChuTichTinh')).toEqual([15, 3, 3, 0, 12, 0, 0, 0, 6, 6, 0]);
    expect(byName('0603', 'bangKhenChuTichTinhDotXuat')).toEqual([1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(rows('0603').at(-1)).toEqual(['Tổng cộng', 20, 5, 3, 1, 14, 0, 0, 0, 6, 8, 0]);
    expect(rows('ket-qua-xet').at(-1)).toEqual(['Tổng cộng', 20, 14, 5, 0, 1]);
    // Processing time: awarded in 20 working days, refused in 5; deadlines 3+20+15+5 = 43, ad hoc 3+10+5 = 18.
    expect(byName('thoi-gian-xu-ly', 'chienSiThiDuaTinh')).toEqual([4, 12.5, 43, 0]);
    expect(byName('thoi-gian-xu-ly', 'bangKhenChuTichTinh')).toEqual([12, 16.3, 43, 0]);
    expect(byName('thoi-gian-xu-ly', 'bangKhenChuTichTinhDotXuat')).toEqual([1, 20, 18, 1]);
    expect(rows('don-vi')).toEqual([
      // Units by their names in the directory as of the report year's end, never by id.
      ['Sở Giáo dục và Đào tạo', 8, 5, 0, 0, 14],
      ['Ủy ban nhân dân xã An Bình', 6, 0, 0, 1, 6],
    ]);
    expect(rows('cum-khoi')).toEqual([['Khối Văn hóa – Xã hội', 'Khối', 2, 2, 14, 20, 'Ủy ban nhân dân xã An Bình']]);
    expect(rows('gioi-tinh')).toEqual([['Nữ', 6], ['Nam', 8], ['Khác', 0], ['Không ghi', 0]]);
    expect(rows('lao-dong-truc-tiep').at(-1)).toEqual([2024, 14, 57.1]);

    // The workbook holds the same numbers as the JSON, sheet by sheet.
    const xlsx = view.body.report.files.find((f) => f.key.endsWith('.xlsx'))!;
    const sheets = await readXlsxFile(Buffer.from(await (await fetch(xlsx.url)).arrayBuffer()));
    // (An empty cell — no individuals that year — reads back as null.)
    for (const table of view.body.tables) expect(sheets.find((s) => s.sheet === table.id)!.data.slice(2)).toEqual(table.rows.map((r) => r.map((v) => (v === '' ? null : v))));
    const csv = await (await fetch(view.body.report.files.find((f) => f.key.endsWith('/0603.csv'))!.url)).text();
    expect(csv.split('\r\n').at(-2)).toBe('"Tổng cộng",20,5,3,1,14,0,0,0,6,8,0');
    const page = await (await fetch(view.body.report.files.find((f) => f.key.endsWith('index.html'))!.url)).text();
    expect(page).toContain('<svg role="img"');
    expect(page).toContain('Bộ đếm khớp với kiểm đếm lại');

    // One email to the secretariat with the link, none for a re-run with the same figures.
    const sent = (await emails()).slice(mailsBefore).filter((e) => e.subject.includes(`năm ${y}`));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain(`/#/reports/${y}`);
    const again = await runYearEnd({ year: y });
    expect(again.result).toMatchObject({ version: 1, created: false });
    expect((await emails()).slice(mailsBefore).filter((e) => e.subject.includes(`năm ${y}`))).toHaveLength(1);

    // A late change makes a new version and keeps the old one as it was.
    await seedDossier({ year: y, unitId: 'xa-an-binh', awardCode: 'bangKhenChuTichTinh', nominees: [{ name: 'G', recipientType: 'individual', category: 'directWorker' }], events: awardedWithVote, closedAt: monthEnd });
    const rerun = await head.request<{ report: { version: number }; created: boolean }>('POST', `/api/reports/${y}/run`);
    expect(rerun.status).toBe(201);
    expect(rerun.body.report.version).toBe(2);
    const v2 = await officer.get<ReportView>(`/api/reports/${y}`);
    expect(v2.body.tables.find((t) => t.id === '0603')!.rows.at(-1)![1]).toBe(21);
    const v1 = await officer.get<ReportView>(`/api/reports/${y}?version=1`);
    expect(v1.body.report.version).toBe(1);
    expect(v1.body.tables).toEqual(view.body.tables);
  });

  it('refuses years in the future or before the system, foreign units in a ranking, and roles that may not', async () => {
    const [officer, admin, unitA, member] = await Promise.all([as('officer'), as('admin'), as('unit-a-officer'), as('member-1')]);
    const future = await officer.get<{ error: { field: string; message: { vi: string; en: string } } }>('/api/reports/2099');
    expect(future.status).toBe(400);
    expect(future.body.error.field).toBe('year');
    expect((await officer.get<{ error: { field: string } }>('/api/reports/2019')).status).toBe(400);
    expect((await admin.request('POST', '/api/reports/2099/run')).status).toBe(400);
    expect((await member.get('/api/reports/2024')).status).toBe(403);
    expect((await officer.request('POST', '/api/reports/2024/run')).status).toBe(403);
    expect((await unitA.request('PUT', '/api/clusters/2025/cum-1', { name: 'x', type: 'territorial', headUnitId: 'so-giao-duc', memberUnitIds: ['so-giao-duc', 'xa-an-binh'] })).status).toBe(403);
    expect((await admin.request('PUT', '/api/clusters/2025/cum-1', { name: 'Cụm 1', type: 'territorial', headUnitId: 'so-y-te', memberUnitIds: ['so-giao-duc', 'xa-an-binh'] })).status).toBe(400);
    // Members come from the unit directory: an id it does not know is refused, naming the entry.
    const unknown = await admin.request<{ error: { field: string; message: { vi: string } } }>('PUT', '/api/clusters/2025/cum-1', { name: 'Cụm 1', type: 'territorial', headUnitId: 'so-giao-duc', memberUnitIds: ['so-giao-duc', 'xa-khong-co'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe('memberUnitIds.1');
    expect((await admin.request('PUT', '/api/clusters/2025/cum-1', { name: 'Cụm 1', type: 'territorial', headUnitId: 'so-giao-duc', memberUnitIds: ['so-giao-duc', 'xa-an-binh'] })).status).toBe(201);
    const foreign = await unitA.request<{ error: { field: string; message: { vi: string } } }>('POST', '/api/clusters/2025/cum-1/ranking', { scores: [{ unitId: 'so-giao-duc', score: 1 }, { unitId: 'xa-an-binh', score: 2 }, { unitId: 'so-y-te', score: 3 }] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.field).toBe('scores.2.unitId');
    expect(foreign.body.error.message.vi).toContain('không thuộc cụm');
    expect((await unitA.request('PUT', '/api/clusters/2025/cum-1/pledges/xa-an-binh', { targets: [{ text: 'x' }] })).status).toBe(403);
    // Nothing was written by the refused ranking: the cluster is still unranked and can be ranked once.
    expect((await unitA.get<{ clusters: { ranking?: unknown }[] }>('/api/clusters/2025')).body.clusters[0]!.ranking).toBeUndefined();
  });
});

describe('the report renderer failing', () => {
  it('registers nothing: the run answers 500 (503 while Lambda or the renderer\'s S3 throttles), the previous version stays the latest, and the next run completes', async () => {
    // Prepare: version 1 of 2022, then one more closed dossier, so the next run has a new version to write.
    const y = 2022;
    const head = await as('secretariat-head');
    const closed: Parameters<typeof seedDossier>[0] = { year: y, unitId: 'so-giao-duc', awardCode: 'bangKhenChuTichTinh', nominees: [{ name: 'G', recipientType: 'individual', category: 'directWorker' }], events: awardedWithVote, submittedAt: '2022-03-01T02:00:00Z', closedAt: '2022-03-29T02:00:00Z' };
    await seedDossier(closed);
    type Run = { report: { version: number; files: unknown[] } };
    const v1 = await head.request<Run>('POST', `/api/reports/${y}/run`);
    expect(v1.status).toBe(201);
    expect(v1.body.report.version).toBe(1);
    await seedDossier(closed);
    const latest = async () => (await head.get<ReportView>(`/api/reports/${y}`)).body.report.version;

    try {
      // Act 1: the renderer's sandbox times out (a function error).
      await armFault({ service: 'lambda', operation: 'render-year-end', count: 1 });
      const failed = await head.request<{ error: { code: string; message: { vi: string; en: string } } }>('POST', `/api/reports/${y}/run`);
      // Act 2: Lambda throttles the invocation past the SDK's three attempts (a service error).
      await armFault({ service: 'lambda', operation: 'render-year-end', count: 3, status: 429, errorType: 'TooManyRequestsException' });
      const throttled = await head.request<{ error: { code: string } }>('POST', `/api/reports/${y}/run`);
      // Act 3: S3 throttles the renderer's first write past its SDK's three attempts (the renderer's own failure).
      await armFault({ service: 's3', operation: 'PutObject', count: 3, status: 503, errorType: 'SlowDown' });
      const slowedDown = await head.request<{ error: { code: string } }>('POST', `/api/reports/${y}/run`);

      // Assess: neither run registered version 2.
      expect(failed.status).toBe(500);
      expect(failed.body.error.code).toBe('INTERNAL');
      expect(throttled.status).toBe(503);
      expect(throttled.body.error.code).toBe('SERVICE_UNAVAILABLE');
      expect(slowedDown.status).toBe(503);
      expect(await latest()).toBe(1);
    } finally {
      await disarmFaults();
    }
    // The next run writes version 2 completely and registers it.
    const v2 = await head.request<Run>('POST', `/api/reports/${y}/run`);
    expect(v2.status).toBe(201);
    expect(v2.body.report.version).toBe(2);
    expect(v2.body.report.files).toHaveLength(v1.body.report.files.length);
    expect(await latest()).toBe(2);
  });
});
