import path from 'node:path';
import { projectRoot } from '../infra/paths.ts';
import { isLoopbackHost } from './emulators/support.ts';
import { startLocalRuntime } from './runtime.ts';
import { seedDemoData, seedDemoDirectory } from './seed.ts';

/** `npm start` (add `-- --reset` to wipe .local/ and reseed). */
const reset = process.argv.includes('--reset');
// `-- --no-seed` (or LOCAL_SEED=0): a fresh state stays empty but for the first administrator — the target of `npm run import`.
const seed = !process.argv.includes('--no-seed') && process.env.LOCAL_SEED !== '0';
const port = Number(process.env.PORT ?? 3000);
// Loopback only unless HOST says otherwise: /_local/token signs an admin's token for anyone who can reach it.
const host = process.env.HOST || undefined;
// LOCAL_STATE_DIR lets tests (and a second instance) keep their state elsewhere.
const stateDir = process.env.LOCAL_STATE_DIR ? path.resolve(process.env.LOCAL_STATE_DIR) : path.join(projectRoot, '.local');

try {
  const runtime = await startLocalRuntime({ port, stateDir, reset, host, log: (l) => console.log(l) });
  const readyMs = performance.now();
  console.log(`Serving ${runtime.baseUrl} — ready in ${(readyMs / 1000).toFixed(1)} s since the process started`);
  let seeded: string[] = [];
  if (runtime.fresh && !seed) {
    console.log('Không tạo dữ liệu mẫu / not seeding (--no-seed): the system is empty, ready for `npm run import`');
  } else if (runtime.fresh) {
    console.log('Đang tạo dữ liệu mẫu / seeding demo data through the API…');
    seeded = await seedDemoData(runtime.baseUrl);
  } else if (seed) {
    // State kept from before the directory existed still gets the demo units and people (a kept one answers 409).
    const notSeeded = await seedDemoDirectory(runtime.baseUrl, { keptState: true });
    if (notSeeded) console.log(`Chưa tạo được danh sách Hội đồng mẫu; quản trị viên lập danh sách qua POST /api/council-rosters / the demo council roster was not set up; an administrator sets one up through POST /api/council-rosters: ${notSeeded}`);
  }
  const seedMs = performance.now() - readyMs;
  // Whoever the pool holds now: the first administrator and the people created through the API.
  const { users } = (await (await fetch(`${runtime.baseUrl}/_local/users`)).json()) as { users: { username: string; roles: string[]; unitId?: string; name: string }[] };
  const b = runtime.baseUrl;
  console.log(`
Hệ thống Thi đua – Khen thưởng đang chạy / the award workflow is running  (ready in ${(readyMs / 1000).toFixed(1)} s${seeded.length ? `, demo data seeded in ${(seedMs / 1000).toFixed(1)} s more` : ''})

  Web app                 ${b}/            (sign in as any demo user below)
  Reports, outbox (web)   ${b}/#/reports/${new Date().getFullYear()}   ${b}/#/outbox
  HTTP API                ${b}/api/health     OpenAPI: ${b}/openapi.json
  Public awards           ${b}/api/public/awards?year=${new Date().getFullYear()}
  Outbox (local SES)      ${b}/_local/emails
  Schedules (run now)     ${runtime.schedules.map((s) => `POST ${b}/_local/schedules/${s}/run`).join('\n                          ')}

  Emulators: DynamoDB ${runtime.endpoints.dynamodb} · S3 ${runtime.endpoints.s3} · SES ${runtime.endpoints.ses} · Step Functions ${runtime.endpoints.sfn} · Lambda ${runtime.endpoints.lambda} · Cognito ${runtime.endpoints.cognito}
  Listening on ${runtime.host}:${port}${isLoopbackHost(runtime.host) ? ' only (this machine); HOST=0.0.0.0 npm start exposes it' : ` — reachable from other machines: anyone who reaches ${b}/_local/token gets an admin's token; use it only on a trusted network`}
  State: ${stateDir}${seeded.length ? `  (seeded ${seeded.length} demo dossiers)` : '  (resumed)'}

Demo users (sign in on the web page, or get a token):
${users.map((u) => `  ${u.username.padEnd(18)} ${u.roles.join(',').padEnd(17)} ${u.unitId ?? ''.padEnd(0)}  ${u.name}`).join('\n')}

  TOKEN=$(curl -s -X POST ${b}/_local/token -d '{"userId":"officer"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).token')
  curl -H "authorization: Bearer $TOKEN" ${b}/api/tasks

Ctrl+C to stop; state is kept in .local/ and resumed next time.
`);
  const shutdown = async () => {
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (error) {
  console.error(`\nKhông khởi động được / could not start: ${(error as Error).message}\n`);
  process.exit(1);
}
