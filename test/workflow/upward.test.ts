import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { runtime } from './runtime.ts';
import { findAwardForm } from '#domain/catalogue';
import { samplePdf } from '#local/sample-pdf';
import { docxText, readZip } from '../support/zip-reader.ts';
import { as, emailsAbout, eventually, finishedExecution, isDigest, openSession, ownCouncil, runSchedule, type ErrorBody } from './support.ts';

/**
 * Proposals to the central level (issue 25). This file's dossiers and earlier awards use the years 2054–2056
 * only, so its counters and histories are its own.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'upward-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = Date.now().toString(36);

interface NomineeView { name: string; outcome?: string; outcomeStage?: string; outcomeReason?: string; centralDecision?: { number: string; issuingBody: string } }
interface View { dossier: { id: string; status: string; proposal?: { number: string; date: string }; nominees: NomineeView[] }; events: { action: string; toStatus?: string }[] }

async function draft(awardCode: string, year: number, nominees: Record<string, unknown>[], title: string): Promise<string> {
  const unit = await as('unit-a-officer');
  const created = await unit.post<{ dossier: { id: string } }>('/api/dossiers', { awardCode, kind: 'regular', year, title, nominees });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.dossier.id;
  for (const kind of findAwardForm(awardCode).requiredDocuments) {
    expect((await unit.uploadDocument(id, kind, `${kind}.pdf`, samplePdf(`${id} ${kind}`))).verified?.status).toBe(200);
  }
  return id;
}

describe('the eligibility of a CSTĐ toàn quốc proposal', () => {
  it('is refused at submission for a nominee with one CSTĐ cấp tỉnh, naming the nominee and the missing year, and accepted once two consecutive years are on record', async () => {
    // Prepare: a teacher with CSTĐ cấp tỉnh for 2055 only, entered as history that predates the system
    const name = `Lê Thị Thi Đua ${run}`;
    const officer = await as('officer');
    const unit = await as('unit-a-officer');
    const history = { unitId: 'so-giao-duc', name, birthYear: 1980, awardCode: 'chienSiThiDuaTinh', decisionNumber: '1501/QĐ-UBND', issuingBody: 'Chủ tịch Ủy ban nhân dân tỉnh' };
    expect((await officer.post('/api/award-history', { ...history, year: 2055, decisionDate: '2055-12-20' })).status).toBe(201);
    const id = await draft('chienSiThiDuaToanQuoc', 2056, [{ name, recipientType: 'individual', category: 'directWorker', gender: 'female', birthYear: 1980 }], `CSTĐ toàn quốc ${run}`);

    // Act: submit with one CSTĐ cấp tỉnh
    const refused = await unit.post<ErrorBody>(`/api/dossiers/${id}/submit`);

    // Assess: 400, the nominee and the missing year named in both languages; the dossier is still a draft
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('NOMINEE_NOT_ELIGIBLE');
    expect(refused.body.error.message.vi).toContain(`${name} chưa có Chiến sĩ thi đua cấp tỉnh năm 2054`);
    expect(refused.body.error.message.en).toContain(`${name} lacks Provincial Emulation Fighter for 2054`);
    expect((await unit.get<View>(`/api/dossiers/${id}`)).body.dossier.status).toBe('Draft');

    // Act: the unit itself records the 2054 award (its own person: unitId is its own), then submits again
    const entered = await unit.post<{ entry: { personKey: string; recordedBy: { userId: string } } }>('/api/award-history', { ...history, unitId: undefined, name: `  ${name.toUpperCase()} `, year: 2054, decisionNumber: '1420/QĐ-UBND', decisionDate: '2054-12-18' });
    expect(entered.status).toBe(201);
    const accepted = await unit.post<View>(`/api/dossiers/${id}/submit`);

    // Assess: accepted; the person's history lists both years, each entry audited on the directory's list
    expect(accepted.status).toBe(202);
    const listed = await officer.get<{ entries: { year: number; awardCode: string; source: string }[] }>(`/api/award-history?unitId=so-giao-duc&name=${encodeURIComponent(name)}&birthYear=1980`);
    expect(listed.body.entries.map((e) => [e.year, e.awardCode, e.source])).toEqual([[2054, 'chienSiThiDuaTinh', 'entered'], [2055, 'chienSiThiDuaTinh', 'entered']]);
    const changes = await (await as('admin')).get<{ changes: { entity: string; entityId: string; action: string }[] }>('/api/directory-changes?entity=awardHistory');
    expect(changes.body.changes.filter((c) => c.entityId === entered.body.entry.personKey)).toHaveLength(2);
    // Another unit may neither read nor write this person's history
    expect((await (await as('unit-b-officer')).get(`/api/award-history?unitId=so-giao-duc&name=${encodeURIComponent(name)}&birthYear=1980`)).status).toBe(403);
    expect((await (await as('unit-b-officer')).post('/api/award-history', { ...history, year: 2053, decisionDate: '2053-12-18' })).status).toBe(403);
  });
});

describe('a Huân chương proposal forwarded upward', () => {
  it('goes through the council and the chair to ForwardedUpward with its tờ trình; the central answers close it, 0602 counts the one awarded, and the sweep reminds once per overdue period', async () => {
    // Prepare: two people proposed for Huân chương Lao động hạng Ba, appraised eligible, on a council of the year 2055
    const names = [`Nguyễn Văn Huân ${run}`, `Trần Thị Chương ${run}`];
    const title = `Đề nghị Huân chương Lao động hạng Ba ${run}`;
    const id = await draft('huanChuongLaoDongHangBa', 2055, names.map((name, i) => ({ name, recipientType: 'individual', category: 'otherLeader', gender: i ? 'female' : 'male', birthYear: 1970 + i, position: 'Phó Giám đốc' })), title);
    const unit = await as('unit-a-officer');
    const officer = await as('officer');
    const chair = await as('chair');
    expect((await unit.post(`/api/dossiers/${id}/submit`)).status).toBe(202);
    await officer.waitForTask(id, 'appraisal', 'UnderAppraisal');
    expect((await officer.post(`/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'eligible' })).status).toBe(200);
    await officer.waitForTask(id, 'council', 'AwaitingCouncil');
    const council = await ownCouncil(2055, 3);
    const session = await openSession([id], { date: '2055-12-10' });
    expect(session.status, JSON.stringify(session.body)).toBe(201);
    for (const member of council.usernames) {
      const choices = names.map((_, nomineeIndex) => ({ nomineeIndex, choice: 'agree' }));
      expect((await (await as(member)).post(`/api/council-sessions/${session.body.session.id}/ballots`, { dossierId: id, choices })).status).toBe(201);
    }
    expect((await (await as('council-secretary')).post(`/api/council-sessions/${session.body.session.id}/close`)).status).toBe(200);
    await chair.waitForTask(id, 'chairDecision', 'AwaitingDecision');

    // Act: the chair approves; a decision number is refused for a form decided upward, the proposal number is taken
    const wrongNumber = await chair.post<ErrorBody>(`/api/dossiers/${id}/tasks/chairDecision/complete`, { decision: 'approve', decisionNumber: '77/QĐ-UBND', decisionDate: '2025-12-20' });
    expect([wrongNumber.status, wrongNumber.body.error.field]).toEqual([400, 'decisionNumber']);
    const signed = await chair.post(`/api/dossiers/${id}/tasks/chairDecision/complete`, { decision: 'approve', decisionNumber: '77/TTr-UBND', decisionDate: '2025-12-20' });
    expect(signed.status).toBe(200);

    // Assess: the execution ends at ForwardedUpward after writing the proposal; nobody is awarded yet
    const execution = await finishedExecution(id);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.entered.slice(-2)).toEqual(['RenderProposalDocuments', 'ForwardedUpward']);
    expect(execution.entered).not.toContain('RecordDecision');
    const forwarded = await officer.waitForStatus<View>(id, 'ForwardedUpward');
    expect(forwarded.dossier.proposal).toEqual({ number: '77/TTr-UBND', date: '2025-12-20' });
    expect(forwarded.dossier.nominees.every((n) => n.outcome === undefined)).toBe(true);
    // The tờ trình, DOCX and PDF, names each nominee and the one who decides
    const fetchKind = async (kind: string, who = officer) => {
      const link = await eventually(async () => {
        const res = await who.get<{ url: string }>(`/api/dossiers/${id}/decision-documents/${kind}`);
        return res.status === 200 ? res.body : undefined;
      }, kind);
      return new Uint8Array(await (await fetch(link.url)).arrayBuffer());
    };
    const docx = docxText(readZip(await fetchKind('proposal-docx')).get('word/document.xml')!.toString('utf8'));
    expect(docx).toContain('TỜ TRÌNH');
    expect(docx).toContain('Số: 77/TTr-UBND');
    expect(docx).toContain('Kính gửi: Chủ tịch nước');
    for (const n of names) expect(docx).toContain(n);
    const file = path.join(dir, 'to-trinh.pdf');
    writeFileSync(file, await fetchKind('proposal-pdf', unit));
    const pdfText = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(pdfText).toContain('Số: 77/TTr-UBND');
    expect(pdfText).toContain('Huân chương Lao động hạng Ba');
    for (const n of names) expect(pdfText).toContain(n);
    expect((await unit.get(`/api/dossiers/${id}/decision-documents/proposal-docx`)).status).toBe(403);

    // The secretariat's queue shows it, overdue (signed in 2025, six months by default); the sweep mails once per period
    const queue = await officer.get<{ proposals: { id: string; overdue: boolean; periods: number; dueDate: string }[] }>('/api/upward-proposals');
    const mine = queue.body.proposals.find((p) => p.id === id);
    expect(mine).toMatchObject({ overdue: true, dueDate: '2026-06-20' });
    const overdueMails = async () => (await emailsAbout(title)).filter((e) => isDigest(e) && e.to.includes('ban-tdkt@thiduakhenthuong.example.gov.vn') && e.text?.includes('Quá hạn chờ kết quả của cấp trên:'));
    await runSchedule(/sweep/i, {});
    await runSchedule(/sweep/i, {});
    const mails = await eventually(async () => ((await overdueMails()).length ? overdueMails() : undefined), 'the overdue e-mail');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toMatch(/Quá hạn chờ kết quả của cấp trên:\n(- .*\n {2}http.*\n)*- Tờ trình số 77\/TTr-UBND ngày 20\/12\/2025 \(hồ sơ "/);
    const afterSweeps = (await officer.get<View>(`/api/dossiers/${id}`)).body;
    expect(afterSweeps.events.filter((e) => e.action === 'centralAnswerOverdue')).toHaveLength(mine!.periods);

    // Act: the central answers, one awarded, one not (a not-awarded answer needs its reason)
    const answer = { decisionNumber: '2150/QĐ-CTN', decisionDate: '2026-09-02', issuingBody: 'Chủ tịch nước' };
    const noReason = await officer.post<ErrorBody>(`/api/dossiers/${id}/central-outcomes`, { ...answer, nomineeIndex: 1, awarded: false });
    expect([noReason.status, noReason.body.error.field]).toEqual([400, 'reason']);
    expect((await chair.post(`/api/dossiers/${id}/central-outcomes`, { ...answer, nomineeIndex: 0, awarded: true })).status).toBe(403);
    const first = await officer.post<View>(`/api/dossiers/${id}/central-outcomes`, { ...answer, nomineeIndex: 0, awarded: true });
    expect([first.status, first.body.dossier.status]).toEqual([200, 'ForwardedUpward']);
    expect((await officer.post<ErrorBody>(`/api/dossiers/${id}/central-outcomes`, { ...answer, nomineeIndex: 0, awarded: true })).status).toBe(400);
    const last = await officer.post<View>(`/api/dossiers/${id}/central-outcomes`, { ...answer, nomineeIndex: 1, awarded: false, reason: 'Chưa đủ thời gian giữ chức vụ theo quy định' });

    // Assess: the dossier is closed as partly awarded; the audit trail holds both answers on its chain
    expect([last.status, last.body.dossier.status]).toEqual([200, 'Awarded']);
    const closed = (await officer.get<View & { overall?: string }>(`/api/dossiers/${id}`)).body;
    expect(closed.overall).toBe('partlyAwarded');
    expect(closed.dossier.nominees.map((n) => [n.outcome, n.outcomeStage, n.centralDecision?.number])).toEqual([['awarded', 'central', '2150/QĐ-CTN'], ['notAwarded', 'central', '2150/QĐ-CTN']]);
    expect(closed.events.filter((e) => e.action === 'centralOutcomeRecorded')).toHaveLength(2);
    expect((await (await as('secretariat-head')).get<{ intact: boolean }>(`/api/dossiers/${id}/audit`)).body.intact).toBe(true);
    // The awarded person's history now holds the order; the refused one's does not
    const historyOf = async (i: number) => (await officer.get<{ entries: { awardCode: string; source: string }[] }>(`/api/award-history?unitId=so-giao-duc&name=${encodeURIComponent(names[i]!)}&birthYear=${1970 + i}`)).body.entries;
    expect((await historyOf(0)).map((e) => [e.awardCode, e.source])).toEqual([['huanChuongLaoDongHangBa', 'system']]);
    expect(await historyOf(1)).toEqual([]);

    // The year-end report of 2055: form 0602 counts the one awarded, nothing is left as forwarded
    const report = await runSchedule<{ prefix: string }>(/YearEnd/, { year: 2055 });
    expect(report.status).toBe(200);
    const s3 = new S3Client({ endpoint: runtime.endpoints.s3, forcePathStyle: true, region: 'ap-southeast-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const bucket = (await s3.send(new ListBucketsCommand({}))).Buckets?.find((b) => /reports/i.test(b.Name ?? ''))?.Name;
    const summary = JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `${report.result.prefix}summary.json` }))).Body!.transformToString()) as { tables: { id: string; rows: (string | number)[][] }[] };
    const row0602 = summary.tables.find((t) => t.id === '0602')!.rows.find((r) => r[0] === 'Huân chương Lao động hạng Ba');
    expect(row0602).toEqual(['Huân chương Lao động hạng Ba', 1, 0, 0, 1]);
    expect(summary.tables.find((t) => t.id === '0603')!.rows.some((r) => String(r[0]).startsWith('Huân chương'))).toBe(false);
    expect(summary.tables.find((t) => t.id === 'trinh-cap-tren-chua-co-ket-qua')!.rows.filter((r) => r[2] === title)).toEqual([]);
  });
});
