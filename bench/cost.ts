/**
 * `npm run bench -- cost`: what one dossier costs on AWS, per path through the workflow, from usage
 * *measured* on the instrumented local runtime — Lambda invocations and GB-s (configured memory × duration),
 * state transitions (the execution's history), DynamoDB read/write units (DynamoDB Local's ConsumedCapacity),
 * S3 requests and bytes stored, SES messages and API requests — priced with bench/prices-ap-southeast-1.json.
 *
 * Caveat printed with the figures: local durations are times in the local host thread on a shared machine, not Lambda's
 * billed durations; the GB-s line is an estimate of that one input, everything else is counted exactly.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { findAwardForm } from '#domain/catalogue';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ApiClient } from '#local/api-client';
import { freePort } from '#local/emulators/support';
import type { MeteredRequest } from '#local/fault-proxy';
import { startLocalRuntime } from '#local/runtime';
import { samplePdf } from '#local/sample-pdf';
import { seedDemoDirectory } from '#local/seed';
import { emptyUsage, priceUsage, type Prices, type Usage } from './cost-model.ts';

const prices = JSON.parse(readFileSync(new URL('./prices-ap-southeast-1.json', import.meta.url), 'utf8')) as Prices & { readOn: string };
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export async function benchCost(): Promise<void> {
  let usage: Usage = emptyUsage();
  const stateDir = mkdtempSync(path.join(tmpdir(), 'bench-cost-'));
  const runtime = await startLocalRuntime({
    port: await freePort(),
    stateDir,
    quietFunctions: true,
    observe: (r) => {
      usage.lambdaInvocations += 1;
      usage.lambdaGbSeconds += (Math.ceil(r.ms) / 1000) * (r.memoryMb / 1024);
    },
    meter: (m: MeteredRequest) => {
      if (m.service === 'dynamodb') (usage.dynamoReadUnits += m.readUnits ?? 0), (usage.dynamoWriteUnits += m.writeUnits ?? 0);
      if (m.service === 's3') {
        if (/Put|Post|List|Copy|Create/.test(m.operation)) usage.s3Tier1Requests += 1;
        else usage.s3Tier2Requests += 1;
        if ((m.operation === 'PutObject' || m.operation === 'PostObject') && m.status < 300) usage.s3BytesStored += m.requestBytes;
      }
      if (m.service === 'ses' && m.operation === 'SendEmail' && m.status < 300) usage.emails += 1;
    },
  });
  // The demo units come through the directory API first; their cost is the province's, not a dossier's.
  await seedDemoDirectory(runtime.baseUrl);
  usage = emptyUsage();
  const sfn = new SFNClient({ endpoint: runtime.endpoints.sfn, region: 'ap-southeast-1', credentials });
  const executionArn = (id: string) => `${runtime.stateMachineArn.replace(':stateMachine:', ':execution:')}:${id}`;
  const users = new Map<string, ApiClient>();
  const as = async (u: string) => users.get(u) ?? users.set(u, await ApiClient.signIn(runtime.baseUrl, u)).get(u)!;
  // Every API call goes through this, so the count is the requests API Gateway would bill.
  const call = async <T>(u: string, method: string, p: string, body?: unknown) => {
    usage.apiRequests += 1;
    const out = await (await as(u)).request<T>(method, p, body ?? (method === 'POST' ? {} : undefined));
    // A refused step would leave its path waiting for ever: stop and say which.
    if (out.status >= 400) throw new Error(`${u} ${method} ${p}: ${out.status} ${JSON.stringify(out.body)}`);
    return out;
  };
  // The benchmark learns that a step is ready by reading the table straight from DynamoDB Local (past the metering
  // boundary, so its polling costs nothing here); the person it stands for then opens the dossier once, which counts.
  const table = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: runtime.endpoints.dynamodb, region: 'ap-southeast-1', credentials }));
  const waitFor = async (u: string, id: string, ok: (v: { dossier: { status: string }; tasks: { step: string; state: string }[] }) => boolean) => {
    for (;;) {
      const { Items = [] } = await table.send(new QueryCommand({ TableName: runtime.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `DOSSIER#${id}` }, ConsistentRead: true }));
      const dossier = Items.find((i) => i.SK === 'META') as { status: string } | undefined;
      const tasks = Items.filter((i) => String(i.SK).startsWith('TASK#')) as { step: string; state: string }[];
      if (dossier && ok({ dossier, tasks })) break;
      // A path that ended elsewhere would be waited on for ever: stop and say where it ended.
      if (dossier && ['Awarded', 'NotApproved', 'Returned', 'Withdrawn', 'ForwardedUpward'].includes(dossier.status)) throw new Error(`dossier ${id} ended ${dossier.status} while waiting`);
      await new Promise((r) => setTimeout(r, 300));
    }
    await call(u, 'GET', `/api/dossiers/${id}`);
  };
  const openTask = (step: string) => (v: { tasks: { step: string; state: string }[] }) => v.tasks.some((t) => t.step === step && t.state === 'PENDING');
  /** Waits until the execution ended and nothing has moved for a second (notifications delivered). */
  const settle = async (id: string) => {
    for (;;) {
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn: executionArn(id) }));
      if (d.status !== 'RUNNING') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    for (let last = ''; ; ) {
      await new Promise((r) => setTimeout(r, 1000));
      const now = JSON.stringify(usage);
      if (now === last) break;
      last = now;
    }
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: executionArn(id), maxResults: 1000 }));
    usage.stateTransitions += (history.events ?? []).filter((e) => e.type?.endsWith('StateEntered')).length;
  };

  const draft = async (awardCode: string, unitUser = 'unit-a-officer') => {
    const form = findAwardForm(awardCode);
    const created = await call<{ dossier: { id: string } }>(unitUser, 'POST', '/api/dossiers', {
      awardCode, kind: form.kinds[0], year: 2026, title: `Hồ sơ đo chi phí (${awardCode})`,
      nominees: [{ name: 'Nguyễn Văn Đo', recipientType: form.recipientTypes[0], category: form.recipientTypes[0] === 'individual' ? 'directWorker' : 'collective' }],
    });
    const id = created.body.dossier.id;
    for (const kind of form.requiredDocuments) {
      usage.apiRequests += 2; // presign + verify (the upload itself is an S3 request, metered at the boundary)
      const r = await (await as(unitUser)).uploadDocument(id, kind, `${kind}.pdf`, samplePdf(`${id} ${kind} ${'x'.repeat(200_000)}`));
      if (r.verified?.status !== 200) throw new Error(`upload failed: ${JSON.stringify(r.verified?.body)}`);
    }
    await call(unitUser, 'POST', `/api/dossiers/${id}/submit`);
    await waitFor('officer', id, openTask('appraisal'));
    return id;
  };
  const decide = async (id: string) => {
    await waitFor('chair', id, openTask('chairDecision'));
    await call('chair', 'POST', `/api/dossiers/${id}/tasks/chairDecision/complete`, { decision: 'approve', decisionNumber: '123/QĐ-UBND', decisionDate: '2026-11-25' });
  };
  const paths: Record<string, () => Promise<string>> = {
    'awarded, ad hoc (no council vote)': async () => {
      const id = await draft('bangKhenChuTichTinhDotXuat');
      await call('officer', 'POST', `/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'eligible' });
      await decide(id);
      return id;
    },
    'awarded, council secret ballot (the roster\'s 8 members)': async () => {
      const id = await draft('chienSiThiDuaTinh', 'unit-b-officer');
      await call('officer', 'POST', `/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'eligible' });
      await waitFor('council-secretary', id, openTask('council'));
      // A commune's dossier: no member of the demo roster represents it, so all eight vote (the form needs 90 % of
      // the whole roster; a Sở GD&ĐT dossier would lose member-6 to recusal and fail at 7 of 8).
      const members = ['chair', 'member-1', 'member-2', 'member-3', 'member-4', 'member-5', 'member-6', 'member-7'];
      const session = await call<{ session: { id: string } }>('council-secretary', 'POST', '/api/council-sessions', { title: 'Phiên đo chi phí', date: '2026-11-25', dossierIds: [id] });
      for (const m of members) await call(m, 'POST', `/api/council-sessions/${session.body.session.id}/ballots`, { dossierId: id, choice: 'agree' });
      await call('council-secretary', 'POST', `/api/council-sessions/${session.body.session.id}/close`);
      await decide(id);
      return id;
    },
    'not approved at appraisal': async () => {
      const id = await draft('bangKhenChuTichTinh');
      await call('officer', 'POST', `/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'ineligible', reason: 'Chưa đủ tiêu chuẩn' });
      return id;
    },
    'withdrawn during appraisal': async () => {
      const id = await draft('bangKhenChuTichTinh');
      await call('unit-a-officer', 'POST', `/api/dossiers/${id}/withdraw`, { reason: 'Đơn vị rút hồ sơ' });
      return id;
    },
  };
  try {
    const rows: { path: string; usage: Usage; cost: ReturnType<typeof priceUsage> }[] = [];
    // Warm every sandbox once, so each path is measured on warm functions, as steady traffic would be.
    await paths['awarded, ad hoc (no council vote)']!().then(settle);
    for (const [name, run] of Object.entries(paths)) {
      usage = emptyUsage();
      await settle(await run());
      rows.push({ path: name, usage, cost: priceUsage(usage, prices) });
    }
    const $ = (v: number) => `$${v.toFixed(6)}`;
    console.log(`cost: one dossier per path, measured on the local runtime, priced for ${'ap-southeast-1'} (prices read ${prices.readOn}; re-read before publishing)`);
    console.log(`  ${'path'.padEnd(44)} ${'λ inv'.padStart(6)} ${'GB-s'.padStart(6)} ${'trans'.padStart(6)} ${'WRU'.padStart(6)} ${'RRU'.padStart(6)} ${'S3 w'.padStart(5)} ${'S3 r'.padStart(5)} ${'mail'.padStart(5)} ${'API'.padStart(5)} ${'$/dossier'.padStart(10)} ${'$/10k'.padStart(8)}`);
    for (const r of rows) {
      const u = r.usage;
      console.log(`  ${r.path.padEnd(44)} ${String(u.lambdaInvocations).padStart(6)} ${u.lambdaGbSeconds.toFixed(2).padStart(6)} ${String(u.stateTransitions).padStart(6)} ${u.dynamoWriteUnits.toFixed(0).padStart(6)} ${u.dynamoReadUnits.toFixed(1).padStart(6)} ${String(u.s3Tier1Requests).padStart(5)} ${String(u.s3Tier2Requests).padStart(5)} ${String(u.emails).padStart(5)} ${String(u.apiRequests).padStart(5)} ${$(r.cost.perDossier).padStart(10)} ${(`$${r.cost.per10000.toFixed(2)}`).padStart(8)}`);
    }
    console.log('  by service ($ per dossier):');
    for (const r of rows) console.log(`    ${r.path.padEnd(42)} ${Object.entries(r.cost.byService).map(([k, v]) => `${k} ${v.toFixed(6)}`).join(', ')}`);
    console.log('  documents stored (S3 Standard, separate from the per-dossier cost):');
    for (const r of rows) console.log(`    ${r.path.padEnd(42)} ${(r.usage.s3BytesStored / 1024).toFixed(0)} KB → ${$(r.cost.storagePerMonth)} per month; 10,000 such dossiers kept a year: $${r.cost.storagePerYearOf10000.toFixed(2)}`);
    const worst = Math.max(...rows.map((r) => r.cost.perDossier));
    console.log(`  goal < $0.002 per dossier: ${worst < 0.002 ? 'met' : 'NOT met'} (most expensive path ${$(worst)})`);
    console.log('  note: GB-s uses durations in the local host thread (not Lambda billed time); all other counts are exact for this run');
  } finally {
    await runtime.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchCost();
