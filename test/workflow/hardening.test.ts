import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { samplePdf } from '#local/sample-pdf';
import { classicPdf, objectStreamPdf } from '../support/pdf-builder.ts';
import { reportVersions } from './direct-store.ts';
import { as, baseUrl, draftDossier, finishedExecution, runSchedule, type DossierView } from './support.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('uploaded documents are checked on the bytes actually stored', () => {
  it('quarantines a fake PDF, a PDF with JavaScript or an embedded file, with appended data or no cross-reference table, and a checksum mismatch, with the reason shown to the unit', async () => {
    // Prepare: real malformed files, made here
    const unit = await as('unit-a-officer');
    const { id } = await draftDossier('unit-a-officer', 'bangKhenChuTichTinhDotXuat', []);
    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');
    const pages = { 2: '<< /Type /Pages /Kids [] /Count 0 >>' };
    const withJs = classicPdf({ 1: '<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>', ...pages }, '/Root 1 0 R');
    // escaped names inside a compressed object stream: what a byte-level search cannot see
    const withFile = objectStreamPdf(pages, { 1: '<< /Type /Catalog /Pages 2 0 R /Names << /Embedded#46iles 3 0 R >> >>', 3: '<< /Names [] >>' }, '/Root 1 0 R');
    const appended = new Uint8Array([...samplePdf('dung tep'), ...new TextEncoder().encode('<html><script>alert(1)</script></html>')]);
    const noXref = new TextEncoder().encode(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n`);
    const good = samplePdf('dung tep');
    const cases = [
      { bytes: html, code: 'TYPE_MISMATCH' },
      { bytes: withJs, code: 'PDF_ACTIVE_CONTENT' },
      { bytes: withFile, code: 'PDF_ACTIVE_CONTENT' },
      { bytes: appended, code: 'PDF_TRAILING_DATA' },
      { bytes: noXref, code: 'PDF_UNPARSEABLE' },
    ];
    // Act + Assess
    for (const { bytes, code } of cases) {
      const { verified } = await unit.uploadDocument(id, 'proposalLetter', 'x.pdf', bytes);
      expect(verified?.status).toBe(422);
      expect(verified?.body.document).toMatchObject({ state: 'quarantined', reason: { code, vi: expect.any(String), en: expect.any(String) } });
    }
    // a checksum announced for other bytes
    const presigned = await unit.post<{ document: { documentId: string }; upload: { url: string; fields: Record<string, string> } }>(`/api/dossiers/${id}/documents`, {
      kind: 'proposalLetter', fileName: 'x.pdf', contentType: 'application/pdf', size: good.length, sha256: sha(samplePdf('other')),
    });
    const form = new FormData();
    for (const [k, v] of Object.entries(presigned.body.upload.fields)) form.append(k, v);
    form.append('file', new Blob([good], { type: 'application/pdf' }), 'x.pdf');
    expect((await fetch(presigned.body.upload.url, { method: 'POST', body: form })).status).toBe(204);
    const mismatch = await unit.post<{ document: { state: string; reason: { code: string } } }>(`/api/dossiers/${id}/documents/${presigned.body.document.documentId}/verify`);
    expect(mismatch.body.document).toMatchObject({ state: 'quarantined', reason: { code: 'CHECKSUM_MISMATCH' } });
    // zero-byte and oversized files are refused before any upload URL exists
    for (const size of [0, 11 * 1024 * 1024]) {
      const refused = await unit.post<{ error: { field: string } }>(`/api/dossiers/${id}/documents`, { kind: 'proposalLetter', fileName: 'x.pdf', contentType: 'application/pdf', size, sha256: sha(good) });
      expect(refused.status).toBe(400);
    }
    // and quarantined documents do not count: the submitted dossier is sent back for a supplement
    await unit.uploadDocument(id, 'achievementSummary', 'tom-tat.pdf', samplePdf('tom tat'));
    await unit.post(`/api/dossiers/${id}/submit`);
    const back = await unit.waitForTask<DossierView>(id, 'supplement', 'SupplementRequested');
    expect(back.dossier.missingDocuments).toEqual(['proposalLetter']);
  });

  it('never takes a storage key from the client: any file name stays under incoming/<dossierId>/', async () => {
    const unit = await as('unit-b-officer');
    const { id } = await draftDossier('unit-b-officer', 'bangKhenChuTichTinh', []);
    const names = fc.oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }),
      fc.constantFrom('../../etc/passwd', '..\\..\\boot.ini', 'incoming/other/x.pdf', '%2e%2e%2fx.pdf', 'Tờ trình số 12/TTr-UBND.pdf', '\u202egpj.pdf', 'a'.repeat(5000)),
    );
    await fc.assert(
      fc.asyncProperty(names, async (fileName) => {
        const res = await unit.post<{ document?: { key: string; fileName: string }; upload?: { fields: Record<string, string> }; error?: { field: string } }>(`/api/dossiers/${id}/documents`, {
          kind: 'proposalLetter', fileName, contentType: 'application/pdf', size: 100, sha256: 'a'.repeat(64),
        });
        if (res.status === 400) return res.body.error?.field === 'fileName';
        return (
          res.status === 201 &&
          new RegExp(`^incoming/${id}/doc-[0-9a-f-]{36}$`).test(res.body.document?.key ?? '') &&
          res.body.upload?.fields.key === res.body.document?.key
        );
      }),
      { numRuns: 40 },
    );
  });
});

describe('each effect happens once', () => {
  it('completes a task once when two officers answer at the same moment; exactly one SendTaskSuccess reaches the execution', async () => {
    // Prepare
    const unit = await as('unit-a-officer');
    const officer = await as('officer');
    const head = await as('secretariat-head');
    const { id } = await draftDossier('unit-a-officer', 'bangKhenChuTichTinhDotXuat');
    await unit.post(`/api/dossiers/${id}/submit`);
    await officer.waitForTask(id, 'appraisal', 'UnderAppraisal');
    // Act
    const answers = await Promise.all([
      officer.post(`/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'eligible' }),
      head.post(`/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'ineligible', reason: 'Chưa đủ tiêu chuẩn' }),
    ]);
    // Assess
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const chair = await as('chair');
    const winner = answers.find((a) => a.status === 200)?.body as { dossier: { status: string } };
    if (winner.dossier.status === 'AwaitingDecision') {
      await chair.waitForTask(id, 'chairDecision', 'AwaitingDecision');
      await chair.post(`/api/dossiers/${id}/tasks/chairDecision/complete`, { decision: 'reject', reason: 'x' });
    }
    const execution = await finishedExecution(id);
    const appraisalAnswers = execution.events.filter((e) => e.type === 'TaskSucceeded' && e.taskSucceededEventDetails?.resource === 'invoke.waitForTaskToken');
    expect(appraisalAnswers.length).toBe(winner.dossier.status === 'AwaitingDecision' ? 2 : 1);
    const view = await unit.get<DossierView>(`/api/dossiers/${id}`);
    expect(view.body.events.filter((e) => /^appraise/.test(e.action))).toHaveLength(1);
  });

  it('verifies several files of one dossier at the same moment: every one is verified, each audited once, the chain intact', async () => {
    const unit = await as('unit-a-officer');
    const { id } = await draftDossier('unit-a-officer', 'chienSiThiDuaTinh', []);
    const kinds = ['proposalLetter', 'achievementReport', 'reviewMinutes', 'initiativeRecognition'];
    const uploaded = await Promise.all(
      kinds.map(async (kind) => {
        const { presigned, uploadStatus } = await unit.postDocument(id, kind, `${kind}.pdf`, samplePdf(`${id} ${kind}`));
        expect(uploadStatus).toBeLessThan(300);
        expect(uploadStatus).toBeGreaterThan(0);
        return presigned.body.document.documentId;
      }),
    );
    const verified = await Promise.all(uploaded.map((documentId) => unit.post<{ document: { state: string } }>(`/api/dossiers/${id}/documents/${documentId}/verify`)));
    expect(verified.map((v) => [v.status, v.body.document.state])).toEqual(kinds.map(() => [200, 'verified']));
    const view = await unit.get<DossierView>(`/api/dossiers/${id}`);
    expect(view.body.events.filter((e) => e.action === 'documentVerified')).toHaveLength(4);
    expect(view.body.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('submits once when the unit clicks twice, and withdraws once when two requests race (optimistic lock, no lost update)', async () => {
    const unit = await as('unit-b-officer');
    const officer = await as('officer');
    const { id } = await draftDossier('unit-b-officer', 'bangKhenChuTichTinh');
    const submits = await Promise.all([unit.post(`/api/dossiers/${id}/submit`), unit.post(`/api/dossiers/${id}/submit`)]);
    expect(submits.every((s) => s.status === 202 || s.status === 409)).toBe(true);
    expect(submits.some((s) => s.status === 202)).toBe(true);
    await officer.waitForTask(id, 'appraisal', 'UnderAppraisal');
    const withdrawals = await Promise.all([
      unit.post(`/api/dossiers/${id}/withdraw`, { reason: 'Lý do một' }),
      unit.post(`/api/dossiers/${id}/withdraw`, { reason: 'Lý do hai' }),
    ]);
    expect(withdrawals.map((w) => w.status).sort()).toEqual([200, 409]);
    const execution = await finishedExecution(id);
    expect(execution.entered.at(-1)).toBe('Withdrawn');
    const view = await unit.get<DossierView>(`/api/dossiers/${id}`);
    expect(view.body.events.filter((e) => e.action === 'submit')).toHaveLength(1);
    expect(view.body.events.filter((e) => e.action === 'withdraw')).toHaveLength(1);
    expect(execution.events.filter((e) => e.type === 'ExecutionStarted')).toHaveLength(1);
  });
});

describe('a decision is taken once', () => {
  it('records one decision and one register row per nominee when the chair submits twice at once', async () => {
    // Prepare
    const unit = await as('unit-a-officer');
    const officer = await as('officer');
    const chair = await as('chair');
    const { id } = await draftDossier('unit-a-officer', 'bangKhenChuTichTinhDotXuat');
    await unit.post(`/api/dossiers/${id}/submit`);
    await officer.waitForTask(id, 'appraisal', 'UnderAppraisal');
    await officer.post(`/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'eligible' });
    await chair.waitForTask(id, 'chairDecision', 'AwaitingDecision');
    // Act
    const decide = (n: string) => chair.post(`/api/dossiers/${id}/tasks/chairDecision/complete`, { decision: 'approve', decisionNumber: `${n}/QĐ-UBND`, decisionDate: '2026-12-15' });
    const both = await Promise.all([decide('501'), decide('502')]);
    // Assess
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const execution = await finishedExecution(id);
    expect(execution.entered.at(-1)).toBe('Awarded');
    const view = await unit.waitForDossier<DossierView>(id, (v) => v.events.some((e) => e.action === 'decisionRecorded'), 'decisionRecorded');
    expect(view.events.filter((e) => e.action === 'approve')).toHaveLength(1);
    expect(view.events.filter((e) => e.action === 'decisionRecorded')).toHaveLength(1);
    const awards = await fetch(`${unit.baseUrl}/api/public/awards?year=2026`).then((r) => r.json() as Promise<{ awards: { dossierId: string; decisionNumber: string }[] }>);
    const mine = awards.awards.filter((a) => a.dossierId === id);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.decisionNumber).toBe(view.dossier.decision?.number);
  });
});

describe('the year-end aggregation', () => {
  it('makes one report version and sends one email when the schedule runs twice, also at the same moment', async () => {
    // A year with no report yet: had one been made before (by another test, or by this one in a kept runtime), no
    // run would create a version, and the test must pass alone, in any order and under any -t filter.
    let year = 2072;
    while (await reportVersions.latestReport(year)) year += 1;
    const run = () => runSchedule<{ version: number; created: boolean; prefix: string }>(/YearEnd/, { year });
    const mails = async () => ((await (await fetch(`${baseUrl}/_local/emails`)).json()) as { emails: { subject: string }[] }).emails.filter((e) => e.subject.includes(`${year}`));
    const before = (await mails()).length;
    const [first, concurrent] = await Promise.all([run(), run()]);
    const again = await run();
    expect([first.status, concurrent.status, again.status]).toEqual([200, 200, 200]);
    const results = [first, concurrent, again].map((r) => r.result);
    expect(new Set(results.map((r) => r.version)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(again.result.prefix).toMatch(new RegExp(`^reports/${year}/v${again.result.version}-[0-9a-f]{12}/$`));
    expect((await mails()).length - before).toBe(1);
  });
});
