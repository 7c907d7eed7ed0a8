import { ListBucketsCommand, ListObjectsV2Command, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { runtime } from './runtime.ts';
import { counters, repository } from './direct-store.ts';
import { awardedDossier } from './revocation-support.ts';
import { as, baseUrl, emailsAbout, type ErrorBody, eventually, isMailOf, runSchedule } from './support.ts';

/**
 * Revocation of an award (Law 06/2022 Ch. VII), through the HTTP API: the secretariat proposes, the chair
 * revokes. This file's dossiers are of the years 2057 and 2058 only (year-end counters are per year).
 */
const endpoints = runtime.endpoints;
const s3 = new S3Client({ endpoint: endpoints.s3, region: 'ap-southeast-1', forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

interface NomineeView { name: string; outcome?: string; outcomeStage?: string; revocation?: { ground: string; decisionNumber: string } }
interface View { dossier: { id: string; status: string; version: number; nominees: NomineeView[]; revocations?: { id: string; state: string }[] }; events: { action: string; hash: string; prevHash: string }[]; overall?: string }

const published = async (year: number, id: string) => {
  const { awards } = (await (await fetch(`${baseUrl}/api/public/awards?year=${year}`)).json()) as { awards: { dossierId: string; nomineeName: string }[] };
  return awards.filter((a) => a.dossierId === id).map((a) => a.nomineeName).sort();
};

async function reportFiles(prefix: string): Promise<Map<string, Buffer>> {
  const { Buckets } = await s3.send(new ListBucketsCommand({}));
  const bucket = Buckets!.map((b) => b.Name!).find((n) => /reports/i.test(n))!;
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  const files = new Map<string, Buffer>();
  for (const o of listed.Contents ?? []) files.set(o.Key!, Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key! }))).Body!.transformToByteArray()));
  return files;
}

const runYearEnd = (year: number) => runSchedule<{ version: number; created: boolean; prefix: string; countersMatched: boolean }>(/YearEnd/, { year });

describe('revoking an award', () => {
  it('one nominee revoked: the public list, the register, the counters and a new report version change; the earlier version keeps its bytes; one e-mail even when the request is sent again', async () => {
    // Prepare: an awarded dossier of 2057 and the year's report built from it
    const year = 2057;
    const { id, title, names } = await awardedDossier(year);
    const [head, chair, officer] = [await as('secretariat-head'), await as('chair'), await as('officer')];
    expect(await published(year, id)).toEqual([names[0], names[1]].sort());
    const before = await runYearEnd(year);
    expect(before.status).toBe(200);
    expect(before.result.countersMatched).toBe(true);
    const filesBefore = await reportFiles(before.result.prefix);
    expect(filesBefore.size).toBeGreaterThan(0);
    const countsBefore = await counters.readCounters(year);

    // Act: the secretariat proposes revoking the first nominee's award (forged documents); the chair revokes,
    // and the same request is sent twice at once and once more after (a network retry)
    const proposed = await head.post<{ proposal: { id: string; nomineeIndexes: number[] } }>(`/api/dossiers/${id}/revocations`, { scope: 'nominees', nomineeIndexes: [0], ground: 'forgedDocuments', reason: 'Giấy chứng nhận sáng kiến bị làm giả' });
    expect(proposed.status).toBe(201);
    expect(proposed.body.proposal.nomineeIndexes).toEqual([0]);
    const decision = { decision: 'revoke', decisionNumber: '950/QĐ-UBND', decisionDate: '2026-12-20' };
    const path = `/api/dossiers/${id}/revocations/${proposed.body.proposal.id}/decision`;
    const both = await Promise.all([chair.post(path, decision), chair.post(path, decision)]);
    const again = await chair.post<{ replayed?: boolean }>(path, decision);

    // Assess: each answer is 200, and only one of them changed anything
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect([again.status, again.body.replayed]).toEqual([200, true]);
    const view = (await officer.get<View>(`/api/dossiers/${id}`)).body;
    expect(view.dossier.status).toBe('Awarded');
    expect(view.dossier.nominees.map((n) => n.outcome)).toEqual(['revoked', 'awarded', 'notAwarded']);
    expect(view.dossier.nominees[0]).toMatchObject({ outcomeStage: 'decision', revocation: { ground: 'forgedDocuments', decisionNumber: '950/QĐ-UBND' } });
    expect(view.events.filter((e) => e.action === 'revoke')).toHaveLength(1);
    expect(view.events.at(-1)!.action).toBe('revoke');
    // the audit chain holds, link by link
    for (let i = 1; i < view.events.length; i += 1) expect(view.events[i]!.prevHash).toBe(view.events[i - 1]!.hash);
    expect((await head.get<{ intact: boolean }>(`/api/dossiers/${id}/audit`)).body.intact).toBe(true);
    // the public list drops it; the register keeps the row, marked
    expect(await published(year, id)).toEqual([names[1]]);
    const register = (await repository.listAwards(year)).filter((a) => a.dossierId === id);
    expect(register.map((a) => [a.nomineeName, a.decisionNumber, a.revoked?.decisionNumber ?? null])).toEqual([[names[0], '901/QĐ-UBND', '950/QĐ-UBND'], [names[1], '901/QĐ-UBND', null]]);
    // the counters moved with the change, and still equal a recount of the records
    const countsAfter = await counters.readCounters(year);
    const moved = (k: string) => (countsAfter[k] ?? 0) - (countsBefore[k] ?? 0);
    expect([moved('awards|bangKhenChuTichTinhDotXuat|individual|directWorker'), moved('nominees|bangKhenChuTichTinhDotXuat|revoked'), moved('revocations|bangKhenChuTichTinhDotXuat|forgedDocuments'), moved('gender|male')]).toEqual([-1, 1, 1, -1]);
    // (a counter brought back to zero stays stored as 0; the report and its check leave zeros out)
    const nonZero = (c: Record<string, number>) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== 0));
    expect(nonZero(countsAfter)).toEqual(nonZero((await counters.recountYear(year)).counts));
    // a report run afterwards is a new version that shows it; the earlier version's files are byte for byte the same
    const after = await runYearEnd(year);
    expect(after.result).toMatchObject({ version: before.result.version + 1, created: true, countersMatched: true });
    const filesAfter = await reportFiles(after.result.prefix);
    const summary = JSON.parse([...filesAfter].find(([k]) => k.endsWith('.json'))![1].toString('utf8')) as { tables: { id: string; rows: (string | number)[][] }[] };
    expect(summary.tables.find((t) => t.id === 'huy-bo-khen-thuong')?.rows.at(-1)?.slice(0, 2)).toEqual(['Tổng cộng', (countsAfter['nominees|bangKhenChuTichTinhDotXuat|revoked'] ?? 0) + (countsAfter['nominees|bangKhenChuTichTinh|revoked'] ?? 0) + (countsAfter['nominees|chienSiThiDuaTinh|revoked'] ?? 0) + (countsAfter['nominees|coThiDuaTinh|revoked'] ?? 0) + (countsAfter['nominees|tapTheLaoDongXuatSac|revoked'] ?? 0)]);
    expect(await reportFiles(before.result.prefix)).toEqual(filesBefore);
    // one e-mail to the unit and the secretariat: a later change's e-mail (same stream shard, in order) arrives
    // after any duplicate would have
    const declined = await head.post<{ proposal: { id: string } }>(`/api/dossiers/${id}/revocations`, { scope: 'nominees', nomineeIndexes: [1], ground: 'criteriaNotMet', reason: 'Cần xác minh lại' });
    expect(declined.status).toBe(201);
    await eventually(async () => (await emailsAbout(title)).some((e) => isMailOf(e, 'revocationProposed') && e.text?.includes(names[1]!)), 'the second proposal e-mail');
    // one mail to the unit (which must recover what was awarded) and one to the secretariat
    const revokedMails = (await emailsAbout(title)).filter((e) => isMailOf(e, 'revoke'));
    expect(revokedMails.map((e) => [...e.to].sort())).toEqual([['lan.nt@sogd.example.gov.vn'], ['ban-tdkt@thiduakhenthuong.example.gov.vn', 'truong-ban-tdkt@thiduakhenthuong.example.gov.vn']]);
    expect(revokedMails[0]!.text).toContain('Thu hồi hiện vật, tiền thưởng đã nhận theo quy định.');
    expect(revokedMails[0]!.text).toContain('Quyết định số 950/QĐ-UBND ngày 20/12/2026 hủy bỏ khen thưởng theo Quyết định số 901/QĐ-UBND');
    expect(revokedMails[0]!.text).toContain('Căn cứ: Cung cấp thông tin sai sự thật hoặc làm giả hồ sơ, giấy tờ');
    expect(revokedMails[0]!.text).toContain(`Người bị hủy bỏ khen thưởng:\n- ${names[0]}\n`);
  });

  it('revoking twice, revoking a nominee or a dossier not awarded is 409 with a reason; a unit officer cannot propose, only the chair revokes; the whole decision revokes every award left', async () => {
    // Prepare: an awarded dossier of 2058, and one still under appraisal
    const year = 2058;
    const { id, title, names } = await awardedDossier(year);
    const [head, officer, chair, unit] = [await as('secretariat-head'), await as('officer'), await as('chair'), await as('unit-a-officer')];
    const ground = { ground: 'criteriaNotMet', reason: 'Phát hiện không đủ tiêu chuẩn' };
    // Act + Assess: the roles
    expect((await unit.post<ErrorBody>(`/api/dossiers/${id}/revocations`, { scope: 'decision', ...ground })).status).toBe(403);
    expect((await chair.post<ErrorBody>(`/api/dossiers/${id}/revocations`, { scope: 'decision', ...ground })).status).toBe(403);
    // a nominee the decision did not award
    const notAwarded = await officer.post<ErrorBody>(`/api/dossiers/${id}/revocations`, { scope: 'nominees', nomineeIndexes: [2], ...ground });
    expect([notAwarded.status, notAwarded.body.error.code, notAwarded.body.error.field]).toEqual([409, 'NOMINEE_NOT_AWARDED', 'nomineeIndexes.0']);
    expect(notAwarded.body.error.message.vi).toContain(names[2]);
    // the first nominee, proposed and revoked
    const first = await officer.post<{ proposal: { id: string } }>(`/api/dossiers/${id}/revocations`, { scope: 'nominees', nomineeIndexes: [0], ...ground });
    expect(first.status).toBe(201);
    const pending = await head.post<ErrorBody>(`/api/dossiers/${id}/revocations`, { scope: 'nominees', nomineeIndexes: [1], ...ground });
    expect([pending.status, pending.body.error.code]).toEqual([409, 'REVOCATION_PENDING']);
    const decisionPath = `/api/dossiers/${id}/revocations/${first.body.proposal.id}/decision`;
    const revoke = { decision: 'revoke', decisionNumber: '960/QĐ-UBND', decisionDate: '2026-12-21' };
    for (const who of [unit, officer, head]) expect((await who.post(decisionPath, revoke)).status).toBe(403);
    expect((await chair.post(decisionPath, revoke)).status).toBe(200);
    // revoking twice: proposing the same nominee again, or deciding the decided proposal otherwise
    const twice = await head.post<ErrorBody>(`/api/dossiers/${id}/revocations`, { scope: 'nominees', nomineeIndexes: [0], ...ground });
    expect([twice.status, twice.body.error.code]).toEqual([409, 'ALREADY_REVOKED']);
    expect(twice.body.error.message).toMatchObject({ vi: expect.stringContaining('đã bị hủy bỏ'), en: expect.stringContaining('already been revoked') });
    const otherNumber = await chair.post<ErrorBody>(decisionPath, { ...revoke, decisionNumber: '961/QĐ-UBND' });
    expect([otherNumber.status, otherNumber.body.error.code]).toEqual([409, 'REVOCATION_DECIDED']);
    // the chair may decline a proposal: the award stays, the secretariat is told why, and a new proposal may follow
    const doubtful = await officer.post<{ proposal: { id: string } }>(`/api/dossiers/${id}/revocations`, { scope: 'nominees', nomineeIndexes: [1], ...ground });
    const declined = await chair.post(`/api/dossiers/${id}/revocations/${doubtful.body.proposal.id}/decision`, { decision: 'decline', reason: 'Chưa đủ căn cứ kết luận' });
    expect(declined.status).toBe(200);
    expect(await published(year, id)).toEqual([names[1]]);
    await eventually(async () => (await emailsAbout(title)).some((e) => isMailOf(e, 'revocationDeclined') && e.text?.includes('Chưa đủ căn cứ kết luận')), 'the e-mail telling the secretariat the chair declined');
    // the whole decision: every award left (the second nominee), and then nothing is left to revoke
    const whole = await head.post<{ proposal: { id: string; nomineeIndexes: number[] } }>(`/api/dossiers/${id}/revocations`, { scope: 'decision', ground: 'unlawfulProposal', reason: 'Đề nghị khen thưởng trái quy định' });
    expect([whole.status, whole.body.proposal.nomineeIndexes]).toEqual([201, [1]]);
    expect((await chair.post(`/api/dossiers/${id}/revocations/${whole.body.proposal.id}/decision`, { decision: 'revoke', decisionNumber: '962/QĐ-UBND', decisionDate: '2026-12-22' })).status).toBe(200);
    const view = (await officer.get<View>(`/api/dossiers/${id}`)).body;
    expect([view.dossier.status, view.overall, view.dossier.nominees.map((n) => n.outcome)]).toEqual(['Awarded', 'allRevoked', ['revoked', 'revoked', 'notAwarded']]);
    expect(await published(year, id)).toEqual([]);
    const nothingLeft = await head.post<ErrorBody>(`/api/dossiers/${id}/revocations`, { scope: 'decision', ...ground });
    expect([nothingLeft.status, nothingLeft.body.error.code]).toEqual([409, 'ALREADY_REVOKED']);
    // a dossier not awarded at all: refused, nothing written
    const unit2 = await as('unit-a-officer');
    const draft = await unit2.post<{ dossier: { id: string } }>('/api/dossiers', { awardCode: 'bangKhenChuTichTinhDotXuat', kind: 'adHoc', year, title: `Nháp ${Date.now().toString(36)}`, nominees: [{ name: 'Nguyễn Văn Nháp', recipientType: 'individual' }] });
    const beforeDraft = (await officer.get<View>(`/api/dossiers/${draft.body.dossier.id}`)).body;
    const onDraft = await head.post<ErrorBody>(`/api/dossiers/${draft.body.dossier.id}/revocations`, { scope: 'decision', ...ground });
    expect([onDraft.status, onDraft.body.error.code, onDraft.body.error.message.vi]).toEqual([409, 'NOT_AWARDED', 'Hồ sơ chưa có quyết định khen thưởng nên không thể hủy bỏ']);
    expect((await officer.get<View>(`/api/dossiers/${draft.body.dossier.id}`)).body).toEqual(beforeDraft);
    // bad input names its field
    const bad = await head.post<ErrorBody>(`/api/dossiers/${id}/revocations`, { scope: 'decision', ground: 'rumour', reason: 'x' });
    expect([bad.status, bad.body.error.field]).toEqual([400, 'ground']);
  });
});
