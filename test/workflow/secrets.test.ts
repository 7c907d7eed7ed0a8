import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { runtime } from './runtime.ts';
import { as, baseUrl, draftDossier, finishedExecution } from './support.ts';

const endpoints = runtime.endpoints;
const tableName = runtime.tableName;
const logFile = path.join(runtime.stateDir, 'logs', 'functions.log');

describe('secrets stay on the server', () => {
  it('no task token, JWT or ballot choice appears in any API response, email or function log of a full run', async () => {
    // Prepare: a full council path, recording every response body the clients receive
    const responses: string[] = [];
    const users = ['unit-b-officer', 'officer', 'council-secretary', 'member-1', 'member-2', 'member-3', 'member-4', 'member-5', 'member-6', 'member-7', 'chair'];
    const clients = Object.fromEntries(await Promise.all(users.map(async (u) => [u, await as(u)] as const)));
    const call = async (user: string, method: 'GET' | 'POST', url: string, body?: unknown) => {
      const res = await clients[user]!.request(method, url, body ?? (method === 'POST' ? {} : undefined));
      responses.push(JSON.stringify(res.body));
      return res;
    };
    const { id } = await draftDossier('unit-b-officer', 'coThiDuaTinh');
    await call('unit-b-officer', 'POST', `/api/dossiers/${id}/submit`);
    await clients.officer!.waitForTask(id, 'appraisal', 'UnderAppraisal');
    await call('officer', 'GET', '/api/tasks');
    await call('officer', 'GET', `/api/dossiers/${id}`);
    await call('officer', 'POST', `/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'eligible' });
    await clients.officer!.waitForTask(id, 'council', 'AwaitingCouncil');
    // the demo roster's 8 members all take part, 7 agree (80 % of 8)
    const members = ['member-1', 'member-2', 'member-3', 'member-4', 'member-5', 'member-6', 'member-7', 'chair'];
    const session = await call('council-secretary', 'POST', '/api/council-sessions', { title: 'Phiên họp', date: '2026-12-10', dossierIds: [id] });
    const sessionId = (session.body as { session: { id: string } }).session.id;
    for (const m of members) await call(m, 'POST', `/api/council-sessions/${sessionId}/ballots`, { dossierId: id, choice: m === 'member-7' ? 'abstain' : 'agree' });
    await call('council-secretary', 'GET', `/api/council-sessions/${sessionId}`);
    await call('member-1', 'GET', `/api/council-sessions/${sessionId}`);
    await call('council-secretary', 'POST', `/api/council-sessions/${sessionId}/close`);
    await clients.chair!.waitForTask(id, 'chairDecision', 'AwaitingDecision');
    await call('chair', 'GET', '/api/tasks');
    await call('chair', 'POST', `/api/dossiers/${id}/tasks/chairDecision/complete`, { decision: 'approve', decisionNumber: '77/QĐ-UBND', decisionDate: '2026-12-15' });
    await finishedExecution(id);
    await call('chair', 'GET', `/api/dossiers/${id}`);
    await new Promise((r) => setTimeout(r, 1500)); // let the last notifications land

    // Act: gather what left the server
    const emails = await fetch(`${baseUrl}/_local/emails`).then((r) => r.text());
    expect(existsSync(logFile)).toBe(true);
    const logs = readFileSync(logFile, 'utf8');
    // the functions do log their work — right next to the secrets they handle
    for (const line of ['task registered', 'task completed', 'ballot cast', 'email sent']) expect(logs).toContain(line);
    const dynamo = new DynamoDBClient({ endpoint: endpoints.dynamodb, region: 'ap-southeast-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const tasks = await dynamo.send(new ScanCommand({ TableName: tableName, FilterExpression: 'begins_with(SK, :t)', ExpressionAttributeValues: { ':t': { S: 'TASK#' } } }));
    const taskTokens = (tasks.Items ?? []).map((i) => i.token?.S ?? '').filter((t) => t.length > 10);
    const jwts = Object.values(clients).map((c) => c.token ?? '');

    // Assess
    expect(taskTokens.length).toBeGreaterThanOrEqual(3);
    const outside = { responses: responses.join('\n'), emails, logs };
    for (const [where, text] of Object.entries(outside)) {
      for (const secret of [...taskTokens, ...jwts]) expect(text.includes(secret), `a secret in ${where}`).toBe(false);
      expect(text, `taskToken in ${where}`).not.toMatch(/taskToken/i);
      // tallies (counts per choice) are public in the minutes; a single ballot's choice never is
      expect(text, `a ballot choice in ${where}`).not.toMatch(/"choice"/);
    }
  });
});
