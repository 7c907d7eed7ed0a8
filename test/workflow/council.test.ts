import { DynamoDBClient, GetItemCommand, ListTablesCommand, PutItemCommand, ScanCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { runtime } from './runtime.ts';
import { as, draftDossier, type DossierView, awaitingCouncil, openSession, userIdOf } from './support.ts';

const endpoints = runtime.endpoints;
const tableName = runtime.tableName;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const dynamo = new DynamoDBClient({ endpoint: endpoints.dynamodb, region: 'ap-southeast-1', credentials });
const s3 = new S3Client({ endpoint: endpoints.s3, region: 'ap-southeast-1', forcePathStyle: true, credentials });
const members = ['member-1', 'member-2', 'member-3', 'member-4', 'member-5', 'member-6', 'member-7', 'chair'];

describe('a council session with secret ballots', () => {
  it('votes 3 dossiers on the demo roster (the chair and 7 members), recused members staying in the base of all members (docs/domain.md §5), one dossier short of its threshold', async () => {
    // Prepare: a Sở GD&ĐT flag dossier (member-6 sits for that unit on the roster), a commune flag, a CSTĐ needing 90 %
    const [d1, d2, d3] = await Promise.all([
      awaitingCouncil('unit-a-officer', 'coThiDuaTinh'),
      awaitingCouncil('unit-b-officer', 'coThiDuaTinh'),
      awaitingCouncil('unit-b-officer', 'chienSiThiDuaTinh'),
    ]);
    const secretary = await as('council-secretary');
    const opened = await openSession([d1!, d2!, d3!], { title: 'Phiên họp Hội đồng TĐ-KT tỉnh lần thứ nhất năm 2026' });
    expect(opened.status).toBe(201);
    const sessionId = opened.body.session.id;
    expect(opened.body.session.memberIds).toHaveLength(8);
    // the recusal comes from the roster: member-6's seat names the Sở GD&ĐT
    expect(opened.body.session.recusals[d1 ?? '']).toEqual([expect.objectContaining({ memberId: await userIdOf('member-6'), automatic: true })]);
    const vote = async (member: string, dossierId: string | undefined, choice: string) =>
      (await as(member)).post(`/api/council-sessions/${sessionId}/ballots`, { dossierId, choice });

    // Act 1: closing before anyone voted is refused for want of quorum, and the session stays open
    const early = await secretary.post<{ error: { code: string; message: { vi: string } } }>(`/api/council-sessions/${sessionId}/close`);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('NO_QUORUM');
    expect(early.body.error.message.vi).toMatch(/0\/8.*6/);

    // Act 2: recusals — automatic for member-6 on d1, declared by member-7 on d2
    expect((await vote('member-6', d1, 'agree')).status).toBe(409);
    expect((await (await as('member-7')).post(`/api/council-sessions/${sessionId}/recusals`, { dossierId: d2, reason: 'Người thân công tác tại xã' })).status).toBe(201);
    expect((await vote('member-7', d2, 'agree')).status).toBe(409);

    // Act 3: ballots. The base is all 8 members, the recused one included. d1: 7 agree (80 % → 7 needed); d2: 7 agree;
    // d3: 6 agree of 8 (90 % → 8 needed)
    const plan: [string | undefined, string[]][] = [
      [d1, ['agree', 'agree', 'agree', 'agree', 'agree', '-', 'agree', 'agree']],
      [d2, ['agree', 'agree', 'agree', 'agree', 'agree', 'agree', '-', 'agree']],
      [d3, ['agree', 'agree', 'agree', 'agree', 'agree', 'agree', 'disagree', '-']],
    ];
    for (const [dossierId, choices] of plan) {
      await Promise.all(
        choices.map(async (choice, i) => {
          if (choice === '-') return;
          const member = members[i] ?? '';
          if (member === 'member-1' && dossierId === d3) {
            // the same member twice at once: exactly one ballot is stored
            const both = await Promise.all([vote(member, dossierId, choice), vote(member, dossierId, choice)]);
            expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
            return;
          }
          expect((await vote(member, dossierId, choice)).status).toBe(201);
        }),
      );
    }
    // the secretary sees who voted, never how
    const view = await secretary.get<{ participations: { dossierId: string; memberId: string }[] }>(`/api/council-sessions/${sessionId}`);
    expect(view.body.participations.filter((p) => p.dossierId === d3)).toHaveLength(7);
    expect(JSON.stringify(view.body)).not.toMatch(/"choice"|agree/);

    // while open, ballots are stored without member or time: only a random id and the choice
    const tables = await dynamo.send(new ListTablesCommand({}));
    const ballotsTable = tables.TableNames?.find((t) => /Ballots/.test(t));
    const ballots = await dynamo.send(new ScanCommand({ TableName: ballotsTable, FilterExpression: 'begins_with(PK, :s)', ExpressionAttributeValues: { ':s': { S: `SESSION#${sessionId}#` } } }));
    expect(ballots.Items).toHaveLength(7 + 7 + 7);
    for (const item of ballots.Items ?? []) expect(Object.keys(item).sort()).toEqual(['PK', 'SK', 'choices']);

    // Act 4: close
    const closed = await secretary.post<{ results: { dossierId: string; passed: boolean; flagged: boolean; counts: Record<string, number> }[]; minutesKey: string }>(`/api/council-sessions/${sessionId}/close`);

    // Assess: results per dossier, the recused members still in the base
    expect(closed.status).toBe(200);
    const result = (id?: string) => closed.body.results.find((r) => r.dossierId === id);
    expect(result(d1)).toMatchObject({ passed: true, flagged: false, counts: { agree: 7, disagree: 0, recused: 1, base: 8, needed: 7, ballots: 7, participations: 7 } });
    expect(result(d2)).toMatchObject({ passed: true, counts: { agree: 7, abstain: 0, recused: 1, base: 8, needed: 7 } });
    expect(result(d3)).toMatchObject({ passed: false, counts: { agree: 6, disagree: 1, recused: 0, base: 8, needed: 8, ballots: 7 } });
    const officer = await as('officer');
    await officer.waitForTask(d1 ?? '', 'chairDecision', 'AwaitingDecision');
    await officer.waitForTask(d2 ?? '', 'chairDecision', 'AwaitingDecision');
    await officer.waitForStatus(d3 ?? '', 'NotApproved');
    // closing again gives the same result and moves nothing twice
    const again = await secretary.post<{ results: unknown[] }>(`/api/council-sessions/${sessionId}/close`);
    expect(again.body.results).toEqual(closed.body.results);
    const d3View = await officer.get<DossierView>(`/api/dossiers/${d3}`);
    expect(d3View.body.events.filter((e) => e.action === 'failCouncil')).toHaveLength(1);
    // voting after the close is refused
    expect((await vote('member-2', d3, 'agree')).status).toBe(409);

    // the minutes are in the reports bucket, with the counts and the threshold, as a formal document (no developer notes)
    const buckets = await s3.send(new ListBucketsCommand({}));
    const reports = buckets.Buckets?.find((b) => /reports/i.test(b.Name ?? ''))?.Name;
    const minutes = await s3.send(new GetObjectCommand({ Bucket: reports, Key: closed.body.minutesKey }));
    const html = await minutes.Body?.transformToString();
    expect(html).toContain('BIÊN BẢN KIỂM PHIẾU');
    expect(html).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    // each dossier with its unit's name in the directory, not its id
    expect(html).toContain('— Sở Giáo dục và Đào tạo');
    expect(html).not.toContain('so-giao-duc');
    expect(html).toContain('Căn cứ Luật Thi đua, khen thưởng');
    expect(html).not.toMatch(/Decree|DOMAIN|domain\.md|\dT\d{2}:\d{2}/);
    expect(html).not.toMatch(/member-\d/);

    // once tallied, the ballots are deleted: the counts are in the results
    const afterClose = await dynamo.send(new ScanCommand({ TableName: ballotsTable, FilterExpression: 'begins_with(PK, :s)', ExpressionAttributeValues: { ':s': { S: `SESSION#${sessionId}#` } } }));
    expect(afterClose.Items).toEqual([]);

    // the session's own log is hash-chained: opened, 21 ballots cast, 1 recusal declared, closed
    const head = await as('secretariat-head');
    const audit = await head.get<{ intact: boolean; events: number }>(`/api/council-sessions/${sessionId}/audit`);
    expect(audit.body).toMatchObject({ intact: true, events: 1 + 21 + 1 + 1 });
    const original5 = await dynamo.send(new GetItemCommand({ TableName: tableName, Key: { PK: { S: `SESSION#${sessionId}` }, SK: { S: 'EVENT#00000005' } } }));
    await dynamo.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: { PK: { S: `SESSION#${sessionId}` }, SK: { S: 'EVENT#00000005' } },
        UpdateExpression: 'SET actor = :a',
        ExpressionAttributeValues: { ':a': { S: 'member-9' } },
      }),
    );
    const tampered = await head.get<{ intact: boolean; firstBrokenSeq: number }>(`/api/council-sessions/${sessionId}/audit`);
    expect(tampered.body).toMatchObject({ intact: false, firstBrokenSeq: 5 });
    await dynamo.send(new PutItemCommand({ TableName: tableName, Item: original5.Item ?? {} })); // put it back for the other tests
    expect((await head.get<{ intact: boolean }>(`/api/council-sessions/${sessionId}/audit`)).body.intact).toBe(true);
  });
});

describe('the audit chain', () => {
  it('verifies intact for the head of the secretariat, and finds the link tampered with in the database', async () => {
    // Prepare
    const { id } = await draftDossier('unit-a-officer', 'bangKhenChuTichTinhDotXuat');
    const head = await as('secretariat-head');
    const before = await head.get<{ intact: boolean; events: number; firstBrokenSeq: number | null }>(`/api/dossiers/${id}/audit`);
    expect(before.body).toMatchObject({ intact: true, firstBrokenSeq: null });
    expect((await (await as('officer')).get(`/api/dossiers/${id}/audit`)).status).toBe(403);
    // Act: someone edits the second event directly in DynamoDB
    const original = await dynamo.send(new GetItemCommand({ TableName: tableName, Key: { PK: { S: `DOSSIER#${id}` }, SK: { S: 'EVENT#00000002' } } }));
    await dynamo.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: { PK: { S: `DOSSIER#${id}` }, SK: { S: 'EVENT#00000002' } },
        UpdateExpression: 'SET #a = :a',
        ExpressionAttributeNames: { '#a': 'action' },
        ExpressionAttributeValues: { ':a': { S: 'documentQuarantined' } },
      }),
    );
    // Assess
    const after = await head.get<{ intact: boolean; firstBrokenSeq: number }>(`/api/dossiers/${id}/audit`);
    expect(after.body).toMatchObject({ intact: false, firstBrokenSeq: 2 });
    await dynamo.send(new PutItemCommand({ TableName: tableName, Item: original.Item ?? {} })); // put it back for the other tests
    expect((await head.get<{ intact: boolean }>(`/api/dossiers/${id}/audit`)).body.intact).toBe(true);
  });
});
