import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import { GetObjectCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { HANDLER_ENTRY_METADATA } from '#infra/paths';
import { synthStack } from '../support/synth.ts';
import { findAwardForm } from '#domain/catalogue';
import { samplePdf } from '#local/sample-pdf';
import { docxText, readZip } from '../support/zip-reader.ts';
import { as, finishedExecution, type DossierView } from './support.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'decision-route-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const nominees = [
  { name: 'Đặng Thị Ngọc Hường', position: 'Giáo viên', recipientType: 'individual', category: 'directWorker', gender: 'female' },
  { name: 'Vũ Quốc Việt', position: 'Hiệu trưởng', recipientType: 'individual', category: 'otherLeader', gender: 'male' },
] as const;

/**
 * The chair approves an ad hoc Bằng khen (no council vote); the workflow writes the draft decision (DOCX), the
 * decision (PDF) and the certificate list (XLSX) with the dossier, and each comes through its route as a
 * short-lived link, for the roles DOMAIN §2 gives it.
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
  it('are written beside the HTML minutes when the close asks the renderer (Lambda Invoke), the same bytes twice', async () => {
    // Prepare: the renderer's name in the template, the caller's environment pointed at the local Lambda API
    const endpoints = inject('endpoints');
    const functions = synthStack().template.findResources('AWS::Lambda::Function');
    const renderer = Object.entries(functions).find(([, r]) => r.Metadata?.[HANDLER_ENTRY_METADATA] === 'functions/render-documents/handler.ts')?.[0];
    expect(renderer).toBeDefined();
    Object.assign(process.env, { RENDER_DOCUMENTS_FUNCTION: renderer, AWS_ENDPOINT_URL_LAMBDA: endpoints.lambda, AWS_REGION: 'ap-southeast-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });
    const { renderMinutesFiles } = await import('#adapters/document-renderer');
    const sessionId = `session-${Date.now().toString(36)}`;
    const minutes = {
      session: { id: sessionId, title: 'Phiên họp xét khen thưởng đợt 2 năm 2026', date: '2026-12-18', memberIds: ['member-1', 'member-2', 'member-3'] },
      presentMemberIds: ['member-1', 'member-2', 'member-3'],
      dossiers: [{ id: 'd-1', title: 'Đề nghị tặng Cờ thi đua cho Ủy ban nhân dân xã Ea Kly', awardName: 'Cờ thi đua của Ủy ban nhân dân tỉnh' }],
      results: [{ dossierId: 'd-1', passed: true, counts: { agree: 3, disagree: 0, abstain: 0, ballots: 3, participations: 3, recused: 0, base: 3, needed: 3 }, threshold: 0.7, denominator: 'members' as const, source: 'x', flagged: false }],
      closedAt: '2026-12-18T08:30:00.000Z',
      closedBy: 'Phạm Minh Châu',
    };

    // Act: twice, as a close that is retried would
    const keys = await renderMinutesFiles(sessionId, minutes);
    const s3 = new S3Client({ endpoint: endpoints.s3, forcePathStyle: true, region: 'ap-southeast-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const bucket = (await s3.send(new ListBucketsCommand({}))).Buckets?.find((b) => /reports/i.test(b.Name ?? ''))?.Name;
    const read = async (key: string) => (await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToByteArray());
    const first = await Promise.all(keys.map(read));
    expect(await renderMinutesFiles(sessionId, minutes)).toEqual(keys);
    const second = await Promise.all(keys.map(read));

    // Assess
    expect(keys).toEqual([`minutes/${sessionId}.docx`, `minutes/${sessionId}.pdf`]);
    first.forEach((bytes, i) => expect(Buffer.from(bytes).equals(Buffer.from(second[i]!))).toBe(true));
    const docx = docxText(readZip(first[0]!).get('word/document.xml')!.toString('utf8'));
    expect(docx).toContain('BIÊN BẢN KIỂM PHIẾU');
    expect(docx).toContain('15 giờ 30 phút, ngày 18 tháng 12 năm 2026');
    const file = path.join(dir, 'bien-ban.pdf');
    writeFileSync(file, first[1]!);
    const pdfText = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(pdfText).toContain('Phạm Minh Châu');
    expect(pdfText).toContain('Ủy ban nhân dân xã Ea Kly');
  });
});
