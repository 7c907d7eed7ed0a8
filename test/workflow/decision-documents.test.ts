import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, describe, expect, it } from 'vitest';
import { findAwardForm } from '#domain/catalogue';
import { samplePdf } from '#local/sample-pdf';
import { docxText, readZip } from '../support/zip-reader.ts';
import { as, awaitingCouncil, finishedExecution, openSession, type DossierView } from './support.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'decision-route-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const nominees = [
  { name: 'Đặng Thị Ngọc Hường', position: 'Giáo viên', recipientType: 'individual', category: 'directWorker', gender: 'female' },
  { name: 'Vũ Quốc Việt', position: 'Hiệu trưởng', recipientType: 'individual', category: 'otherLeader', gender: 'male' },
] as const;

/**
 * The chair approves an ad hoc Bằng khen (no council vote); the workflow writes the draft decision (DOCX), the
 * decision (PDF) and the certificate list (XLSX) with the dossier, and each comes through its route as a
 * short-lived link, for the roles docs/domain.md §2 gives it.
 */
describe('the decision documents', () => {
  it('are generated on approval and downloaded through short-lived links, every awardee named with diacritics', async () => {
    // Prepare: an ad hoc Bằng khen of unit A with two nominees, submitted and appraised eligible
    const unit = await as('unit-a-officer');
    const officer = await as('officer');
    const chair = await as('chair');
    const awardCode = 'bangKhenChuTichTinhDotXuat';
    const created = await unit.post<{ dossier: { id: string } }>('/api/dossiers', {
      awardCode, kind: 'adHoc', year: 2026, title: `Khen thưởng đột xuất ${Date.now().toString(36)}`, nominees,
    });
    expect(created.status).toBe(201);
    const id = created.body.dossier.id;
    for (const kind of findAwardForm(awardCode).requiredDocuments) {
      expect((await unit.uploadDocument(id, kind, `${kind}.pdf`, samplePdf(`${id} ${kind}`))).verified?.status).toBe(200);
    }
    expect((await unit.post(`/api/dossiers/${id}/submit`)).status).toBe(202);
    await officer.waitForTask(id, 'appraisal', 'UnderAppraisal');
    expect((await officer.post(`/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'eligible', note: 'Đủ điều kiện' })).status).toBe(200);
    await chair.waitForTask(id, 'chairDecision', 'AwaitingDecision');
    // before the decision there is nothing to download
    expect((await officer.get(`/api/dossiers/${id}/decision-documents/pdf`)).status).toBe(409);

    // Act: the chair approves with a decision number
    const decided = await chair.post(`/api/dossiers/${id}/tasks/chairDecision/complete`, { decision: 'approve', decisionNumber: '45/QĐ-UBND', decisionDate: '2026-12-16' });
    expect(decided.status).toBe(200);
    const execution = await finishedExecution(id);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.entered.slice(-3)).toEqual(['RecordDecision', 'RenderDecisionDocuments', 'Awarded']);
    await unit.waitForDossier<DossierView>(id, (v) => v.dossier.status === 'Awarded', 'Awarded');

    // Assess: each file through its route, read back by an independent reader
    const fetchKind = async (kind: string, who = officer) => {
      const link = await who.get<{ url: string; fileName: string; expiresInSeconds: number }>(`/api/dossiers/${id}/decision-documents/${kind}`);
      expect(link.status, kind).toBe(200);
      expect(link.body.expiresInSeconds).toBeLessThanOrEqual(300);
      expect(link.body.url).toMatch(/X-Amz-Expires=\d+/);
      const res = await fetch(link.body.url);
      expect(res.status).toBe(200);
      return new Uint8Array(await res.arrayBuffer());
    };
    const docx = docxText(readZip(await fetchKind('docx')).get('word/document.xml')!.toString('utf8'));
    expect(docx).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(docx).toContain('Số: 45/QĐ-UBND');
    expect(docx).toContain('ngày 16 tháng 12 năm 2026');
    expect(docx).toContain('Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;');
    expect(docx).toContain('Sở Giáo dục và Đào tạo');
    for (const n of nominees) expect(docx).toContain(n.name);

    const pdf = await fetchKind('pdf', unit);
    const file = path.join(dir, 'quyet-dinh.pdf');
    writeFileSync(file, pdf);
    const pdfText = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(pdfText).toContain('Số: 45/QĐ-UBND');
    for (const n of nominees) expect(pdfText).toContain(n.name);

    const [sheet] = await readXlsxFile(Buffer.from(await fetchKind('xlsx', chair)));
    expect(sheet!.data.slice(2).map((r) => [r[1], r[2], r[5], r[6]])).toEqual(nominees.map((n) => [n.name, n.position, '45/QĐ-UBND', '16/12/2026']));

    // the unit reads the decision, not the secretariat's working files; another unit does not see the dossier
    expect((await unit.get(`/api/dossiers/${id}/decision-documents/docx`)).status).toBe(403);
    expect((await unit.get(`/api/dossiers/${id}/decision-documents/xlsx`)).status).toBe(403);
    expect((await (await as('unit-b-officer')).get(`/api/dossiers/${id}/decision-documents/pdf`)).status).toBe(404);
    expect((await (await as('member-1')).get(`/api/dossiers/${id}/decision-documents/pdf`)).status).toBe(403);
    const unknown = await officer.get<{ error: { code: string; field: string } }>(`/api/dossiers/${id}/decision-documents/doc`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.field).toBe('kind');
  });
});

describe('the tally minutes as DOCX and PDF', () => {
  it('are written by the close beside the page, cite the law in force, and come through a short-lived link to those who see the session', async () => {
    // Prepare: a Cờ thi đua dossier at the council, every member of the demo roster votes
    const dossierId = await awaitingCouncil();
    const secretary = await as('council-secretary');
    const sessionId = (await openSession([dossierId])).body.session.id;
    // nothing to download before the tally
    const early = await secretary.get<{ error: { code: string } }>(`/api/council-sessions/${sessionId}/minutes/pdf`);
    expect([early.status, early.body.error.code]).toEqual([409, 'MINUTES_NOT_READY']);
    for (const m of ['chair', 'member-1', 'member-2', 'member-3', 'member-4', 'member-5', 'member-6', 'member-7']) {
      expect((await (await as(m)).post(`/api/council-sessions/${sessionId}/ballots`, { dossierId, choice: 'agree' })).status).toBe(201);
    }

    // Act: the secretary closes the session, then closes it again (a retried close rewrites the same bytes)
    expect((await secretary.post(`/api/council-sessions/${sessionId}/close`)).status).toBe(200);
    const fetchKind = async (kind: string, who = secretary) => {
      const link = await who.get<{ url: string; fileName: string; expiresInSeconds: number }>(`/api/council-sessions/${sessionId}/minutes/${kind}`);
      expect(link.status).toBe(200);
      expect(link.body.expiresInSeconds).toBeLessThanOrEqual(300);
      const res = await fetch(link.body.url);
      expect(res.status).toBe(200);
      return new Uint8Array(await res.arrayBuffer());
    };
    const first = await Promise.all(['docx', 'pdf'].map((k) => fetchKind(k)));
    expect((await secretary.post(`/api/council-sessions/${sessionId}/close`)).status).toBe(200);
    const member = await as('member-3');
    const second = await Promise.all(['docx', 'pdf'].map((k) => fetchKind(k, member)));

    // Assess: the same files; the DOCX and the PDF read back by independent readers
    first.forEach((bytes, i) => expect(Buffer.from(bytes).equals(Buffer.from(second[i]!))).toBe(true));
    const docx = docxText(readZip(first[0]!).get('word/document.xml')!.toString('utf8'));
    expect(docx).toContain('BIÊN BẢN KIỂM PHIẾU');
    expect(docx).toContain('Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết');
    const file = path.join(dir, 'bien-ban.pdf');
    writeFileSync(file, first[1]!);
    const pdfText = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(pdfText).toContain('BIÊN BẢN KIỂM PHIẾU');
    expect(pdfText).toContain('Vũ Thị Mai');
    expect(pdfText).toContain('Đạt');
    expect(new TextDecoder().decode(await fetchKind('html'))).toContain('Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;');
    // who may not see the session may not read its minutes; an unknown kind names the field
    expect((await (await as('unit-a-officer')).get(`/api/council-sessions/${sessionId}/minutes/pdf`)).status).toBe(403);
    const unknown = await secretary.get<{ error: { field: string } }>(`/api/council-sessions/${sessionId}/minutes/doc`);
    expect([unknown.status, unknown.body.error.field]).toEqual([404, 'kind']);
  });
});
