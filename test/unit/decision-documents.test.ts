import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, describe, expect, it } from 'vitest';
import { certificateListXlsx, decisionDocx, decisionPdf, minutesDocx, minutesPdf } from '#adapters/decision-documents';
import { citation, DEMO_PROVINCE, type DecisionInput, type FormalMinutesInput, legalGrounds } from '#domain/formal-documents';
import { defaultRegulation } from '#domain/regulation';
import { renderMinutes } from '#domain/minutes';
import { docxText, readZip } from '../support/zip-reader.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'decision-docs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Text of a PDF as Debian's poppler (pdftotext) reads it: a reader that shares no code with pdf-lib. */
function pdfText(bytes: Uint8Array, options: string[] = []): string {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', ...options, file, '-'], { encoding: 'utf8' });
}

const awardees = [
  { name: 'Nguyễn Thị Hồng Nhung', position: 'Phó Giám đốc', unitName: 'Sở Giáo dục và Đào tạo', recipientType: 'individual' },
  { name: 'Trần Văn Đức', position: 'Chuyên viên', unitName: 'Sở Y tế', recipientType: 'individual' },
  { name: 'Phòng Tổ chức cán bộ, Sở Tài chính', unitName: 'Sở Tài chính', recipientType: 'collective' },
  { name: 'Lê Thị Ngọc Ánh Dương Quỳnh Hương Nguyễn Hoàng Phương Thảo Vy', position: 'Giáo viên Trường Trung học phổ thông chuyên Lê Quý Đôn', unitName: 'Ủy ban nhân dân xã Ea Kly', recipientType: 'individual' },
];
const input: DecisionInput = {
  province: DEMO_PROVINCE,
  basis: defaultRegulation,
  decisionNumber: '123/QĐ-UBND',
  decisionDate: '2026-12-05',
  awardCode: 'bangKhenChuTichTinh',
  awardees,
};
const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('the decision as DOCX', () => {
  it('reads back (zip by node:zlib, XML) with the motto, the grounds, the number and date, and every awardee with diacritics', async () => {
    const entries = readZip(await decisionDocx(input));
    expect([...entries.keys()]).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml', 'docProps/core.xml']));
    const text = docxText(entries.get('word/document.xml')!.toString('utf8'));
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('ỦY BAN NHÂN DÂN');
    expect(text).toContain('Số: 123/QĐ-UBND');
    expect(text).toContain('Khánh Hòa, ngày 05 tháng 12 năm 2026');
    for (const ground of legalGrounds(DEMO_PROVINCE, defaultRegulation)) expect(text).toContain(ground);
    expect(text).toContain('Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022');
    expect(text).toContain('Nghị định số 152/2025/NĐ-CP');
    expect(text).toContain('Thông tư số 15/2025/TT-BNV');
    expect(text).not.toMatch(/98\/2023|91\/2017/);
    expect(text).toContain('Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 01 tập thể và 03 cá nhân');
    expect(text).toContain('Kèm theo Quyết định số 123/QĐ-UBND ngày 05 tháng 12 năm 2026');
    for (const a of awardees) {
      expect(text).toContain(a.name);
      expect(text).toContain(a.unitName);
    }
    // No English, no codes, no ISO dates in an official document (LANGUAGE.md rule 7).
    expect(text).not.toMatch(/bangKhen|individual|collective|\d{4}-\d{2}-\d{2}|Decision|Certificate/);
    const core = entries.get('docProps/core.xml')!.toString('utf8');
    expect(core).toContain('<dc:title>Quyết định số 123/QĐ-UBND ngày 05 tháng 12 năm 2026</dc:title>');
    // dated by the decision, not by the clock of the render
    expect(core).toMatch(/<dcterms:created[^>]*>2026-12-05T00:00:00Z<\/dcterms:created>/);
  });

  it('gives the same bytes for the same input, and other bytes for another number', async () => {
    const a = await decisionDocx(input);
    await new Promise((r) => setTimeout(r, 1100)); // past a zip timestamp's 2-second grain and a new core.xml second
    const b = await decisionDocx(input);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const c = await decisionDocx({ ...input, decisionNumber: '124/QĐ-UBND' });
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
  });
});

describe('the decision as PDF', () => {
  it('reads back with pdftotext with every awardee name intact, the motto, the grounds and the date line', async () => {
    const bytes = await decisionPdf(input);
    const text = flat(pdfText(bytes));
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('Số: 123/QĐ-UBND');
    expect(text).toContain('Khánh Hòa, ngày 05 tháng 12 năm 2026');
    expect(text).toContain('Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;');
    expect(text).toContain('Căn cứ Nghị định số 152/2025/NĐ-CP');
    for (const a of awardees.slice(0, 3)) expect(text).toContain(a.name);
    // The long one wraps inside its cell: the annex page's name column alone (A4 in points; left margin 30 mm,
    // the column from 8 % to 36 % of the 165 mm text width) reads it whole.
    const column = flat(pdfText(bytes, ['-f', '2', '-l', '2', '-x', '123', '-y', '0', '-W', '129', '-H', '842']));
    expect(column).toContain(awardees[3]!.name);
    for (const a of awardees) expect(column).toContain(a.name);
  });

  it('gives the same bytes for the same input', async () => {
    const a = await decisionPdf(input);
    await new Promise((r) => setTimeout(r, 1100));
    const b = await decisionPdf(input);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});

describe('the certificate list as XLSX', () => {
  it('reads back with read-excel-file: one row per awardee with the form, the number and the date', async () => {
    const bytes = await certificateListXlsx(input);
    const [sheet] = await readXlsxFile(Buffer.from(bytes));
    expect(sheet!.data[0]![0]).toBe('Danh sách in Bằng khen – Quyết định số 123/QĐ-UBND ngày 05/12/2026');
    expect(sheet!.data[1]).toEqual(['STT', 'Họ và tên / Tên tập thể', 'Chức vụ', 'Đơn vị', 'Danh hiệu thi đua, hình thức khen thưởng', 'Số quyết định', 'Ngày quyết định', 'Người ký']);
    const rows = sheet!.data.slice(2);
    expect(rows.map((r) => r[1])).toEqual(awardees.map((a) => a.name));
    expect(rows[0]).toEqual([1, 'Nguyễn Thị Hồng Nhung', 'Phó Giám đốc', 'Sở Giáo dục và Đào tạo', 'Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh', '123/QĐ-UBND', '05/12/2026', 'CHỦ TỊCH']);
    expect(Buffer.from(await certificateListXlsx(input)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('names a danh hiệu as conferred and its certificate as a Giấy chứng nhận', async () => {
    const conferred = { ...input, awardCode: 'chienSiThiDuaTinh' as const };
    const [sheet] = await readXlsxFile(Buffer.from(await certificateListXlsx(conferred)));
    expect(sheet!.data[0]![0]).toMatch(/^Danh sách in Giấy chứng nhận/);
    const text = docxText(readZip(await decisionDocx(conferred)).get('word/document.xml')!.toString('utf8'));
    expect(text).toContain('Công nhận danh hiệu Chiến sĩ thi đua cấp tỉnh cho 01 tập thể và 03 cá nhân');
  });
});

describe('the tally minutes', () => {
  const minutes: FormalMinutesInput = {
    province: DEMO_PROVINCE,
    basis: defaultRegulation,
    session: { title: 'Phiên họp xét khen thưởng tháng 12 năm 2026', date: '2026-12-15', memberCount: 9 },
    presentCount: 8,
    dossiers: [{ id: 'd1', title: 'Đề nghị tặng Bằng khen cho Nguyễn Thị Hồng Nhung', awardName: 'Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh' }],
    results: [
      {
        dossierId: 'd1',
        counts: { agree: 7, disagree: 1, abstain: 0, recused: 0, needed: 6, base: 9, ballots: 8, participations: 8 },
        threshold: 2 / 3,
        denominator: 'members',
        source: 'docs/domain.md §5 (developer note)',
        passed: true,
        flagged: false,
      },
    ],
    closedAt: '2026-12-15T03:04:00.000Z',
    secretaryName: 'Phạm Minh Châu',
  };

  it('follow Decree 30 in DOCX and PDF: motto, place and Vietnamese time, counts, signature blocks, no developer notes', async () => {
    const docx = docxText(readZip(await minutesDocx(minutes)).get('word/document.xml')!.toString('utf8'));
    const pdf = flat(pdfText(await minutesPdf(minutes)));
    for (const text of [docx, flat(docx)]) {
      expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      expect(text).toContain('BIÊN BẢN KIỂM PHIẾU');
    }
    for (const text of [flat(docx), pdf]) {
      expect(text).toContain('Khánh Hòa, ngày 15 tháng 12 năm 2026');
      expect(text).toContain('10 giờ 04 phút, ngày 15 tháng 12 năm 2026');
      expect(text).toContain('Tổng số thành viên Hội đồng: 9; số thành viên có mặt và bỏ phiếu: 8; số thành viên vắng mặt có ý kiến bằng văn bản: 0.');
      expect(text).toContain('66,7%');
      expect(text).toContain('TỔ KIỂM PHIẾU');
      expect(text).toContain('THƯ KÝ');
      expect(text).toContain('CHỦ TỌA');
      expect(text).toContain('Phạm Minh Châu');
      expect(text).toContain('Nguyễn Thị Hồng Nhung');
      expect(text).not.toMatch(/DOMAIN|domain\.md|developer|T03:04|Passed|Agree/);
    }
  });

  it('as the HTML page the close writes: the same formal document, no English, no codes, no ISO time', () => {
    const html = renderMinutes({
      session: { id: 'session-1', title: minutes.session.title, date: '2026-12-15', memberIds: ['member-1', 'member-2', 'member-3', 'member-4', 'member-5', 'member-6', 'member-7', 'member-8', 'member-9'] },
      presentMemberIds: ['member-1', 'member-2', 'member-3', 'member-4', 'member-5', 'member-6', 'member-7', 'member-8'],
      dossiers: minutes.dossiers,
      results: minutes.results,
      closedAt: minutes.closedAt,
      closedBy: 'Phạm Minh Châu',
      basis: defaultRegulation,
    });
    const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    for (const expected of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Khánh Hòa, ngày 15 tháng 12 năm 2026', '10 giờ 04 phút', 'Căn cứ Luật Thi đua, khen thưởng', 'TỔ KIỂM PHIẾU', 'THƯ KÝ', 'CHỦ TỌA', '66,7%']) {
      expect(text).toContain(expected);
    }
    expect(text).not.toMatch(/DOMAIN|domain\.md|developer|session-1|member-\d|T03:04|Passed|Agree|Tally|66\.7/);
  });
});

describe('the legal grounds ("Căn cứ")', () => {
  it('cite the regulation in force: a law by name and date, other texts by kind, number, date and subject, then the province\'s Quy chế', () => {
    const grounds = legalGrounds(DEMO_PROVINCE, {
      legalBasis: [
        ...defaultRegulation.legalBasis,
        { title: 'Nghị định của Chính phủ sửa đổi, bổ sung Nghị định số 152/2025/NĐ-CP', number: '20/2027/NĐ-CP', date: '2027-02-03' },
      ],
      provinceRegulation: { title: 'Quyết định của Ủy ban nhân dân tỉnh ban hành Quy chế công tác thi đua, khen thưởng', number: '25/2026/QĐ-UBND', date: '2026-04-01' },
    });
    expect(grounds).toEqual([
      'Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;',
      'Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;',
      'Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết một số điều của Luật Thi đua, khen thưởng;',
      'Căn cứ Thông tư số 15/2025/TT-BNV của Bộ trưởng Bộ Nội vụ quy định chi tiết một số điều của Luật Thi đua, khen thưởng;',
      'Căn cứ Nghị định số 20/2027/NĐ-CP ngày 03 tháng 02 năm 2027 của Chính phủ sửa đổi, bổ sung Nghị định số 152/2025/NĐ-CP;',
      'Căn cứ Quyết định số 25/2026/QĐ-UBND ngày 01 tháng 4 năm 2026 của Ủy ban nhân dân tỉnh ban hành Quy chế công tác thi đua, khen thưởng;',
      'Theo đề nghị của Giám đốc Sở Nội vụ.',
    ]);
    // without its own Quy chế recorded, the deployment's line stands in
    expect(legalGrounds(DEMO_PROVINCE, defaultRegulation).at(-2)).toBe(`Căn cứ ${DEMO_PROVINCE.regulation};`);
  });

  it('cite a text of no known kind by its title and number, and a law without a date by its number', () => {
    expect(citation({ title: 'Hướng dẫn của Ban Thi đua – Khen thưởng Trung ương', number: '01/HD-BTĐKT' })).toBe('Căn cứ Hướng dẫn của Ban Thi đua – Khen thưởng Trung ương số 01/HD-BTĐKT;');
    expect(citation({ title: 'Luật Thi đua, khen thưởng', number: '06/2022/QH15' })).toBe('Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;');
  });
});
