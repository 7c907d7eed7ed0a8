/**
 * `npm run bench -- bundles`: each handler bundled as deployed (esbuild, minified ESM for Node 22, SDK v3
 * bundled), its size, and its cold init — a fresh Node process importing the bundle and handling one event —
 * side by side with two yardsticks built in the same run: an empty handler, and the handler's floor (a bundle
 * that only constructs the same AWS SDK clients). Goals: cold ≤ 1.1× floor, bundle ≤ floor + 50 KB.
 * The event is one every handler refuses at validation, so no request leaves the process (timing module
 * loading and our first invocation, not the network). Repetitions: BENCH_REPS (default 11); median and p10–p90 spread.
 * The cold goal is judged on the median of the paired ratios and its 95 % bootstrap interval (bench/stats.ts):
 * on this shared machine a median a few hundredths over 1.10 can be noise, and the interval says when it is.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { handlerBuildOptions } from '../infra/bundling.ts';
import { projectRoot } from '../infra/paths.ts';
import { bootstrapMedianCi, median, quantile as pct, type Verdict, verdict } from './stats.ts';

const reps = Number(process.env.BENCH_REPS ?? 11);

/** The SDK clients a bundle constructs, as code for its floor. */
const floorClients: [RegExp, string][] = [
  [/@aws-sdk\/client-dynamodb\//, "import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; const ddb = new DynamoDBClient({});"],
  [/@aws-sdk\/lib-dynamodb\//, "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'; DynamoDBDocumentClient.from(ddb);"],
  [/@aws-sdk\/client-s3\//, "import { S3Client } from '@aws-sdk/client-s3'; new S3Client({});"],
  [/@aws-sdk\/s3-presigned-post\//, "import { createPresignedPost } from '@aws-sdk/s3-presigned-post'; globalThis.__p = createPresignedPost;"],
  [/@aws-sdk\/s3-request-presigner\//, "import { getSignedUrl } from '@aws-sdk/s3-request-presigner'; globalThis.__g = getSignedUrl;"],
  [/@aws-sdk\/client-sfn\//, "import { SFNClient } from '@aws-sdk/client-sfn'; new SFNClient({});"],
  [/@aws-sdk\/client-sesv2\//, "import { SESv2Client } from '@aws-sdk/client-sesv2'; new SESv2Client({});"],
  [/@aws-sdk\/client-cognito-identity-provider\//, "import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider'; new CognitoIdentityProviderClient({});"],
  [/@aws-sdk\/client-lambda\//, "import { LambdaClient } from '@aws-sdk/client-lambda'; new LambdaClient({});"],
];

async function bundle(entry: string, outfile: string): Promise<Metafile> {
  const result = await build({
    ...handlerBuildOptions(),
    entryPoints: [entry],
    outfile,
    metafile: true,
    logLevel: 'error',
    nodePaths: [path.join(projectRoot, 'node_modules')],
  });
  return result.metafile;
}

/**
 * ms from process start to the handler's answer, each run in a fresh process. The files are run in turn,
 * rep by rep, so a handler and its floor see the same machine load; the order flips every rep (A B, B A, …)
 * because the second of two back-to-back starts runs slightly faster (about 1.5 % here, measured with two
 * copies of one file), which would otherwise favour whichever file always came second.
 */
function coldMs(...files: string[]): number[][] {
  const probe = (file: string) =>
    `const m=await import(${JSON.stringify(file)});try{await m.handler({rawPath:'/bench',body:'{"bench":',headers:{},requestContext:{},asOf:'not-a-date',year:'not-a-year',Records:'none'},{})}catch{}`;
  const times = files.map(() => [] as number[]);
  for (let i = 0; i < reps; i++) {
    const order = files.map((file, k) => [file, k] as const);
    if (i % 2 === 1) order.reverse();
    order.forEach(([file, k]) => {
      const started = performance.now();
      execFileSync(process.execPath, ['--input-type=module', '-e', probe(file)], {
        // A closed local port and one attempt: should a path reach the network, it fails at once instead of waiting.
        env: { PATH: process.env.PATH, AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_MAX_ATTEMPTS: '1', AWS_REGION: 'ap-southeast-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', TABLE_NAME: 't', BALLOTS_TABLE_NAME: 'b', DOCUMENTS_BUCKET: 'd', REPORTS_BUCKET: 'r', STATE_MACHINE_ARN: 'arn:aws:states:ap-southeast-1:1:stateMachine:x', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ROLE_MAILBOXES: '{}', SENDER: 'a@b.c', APP_URL: 'http://x' },
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      times[k]?.push(performance.now() - started);
    });
  }
  return times;
}

export async function benchBundles(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-bundles-'));
  try {
    // BENCH_HANDLERS=a,b limits the run to those handlers (to study one without waiting for all).
    const only = process.env.BENCH_HANDLERS?.split(',').filter(Boolean);
    const handlers = readdirSync(path.join(projectRoot, 'functions')).filter((h) => !only || only.includes(h)).sort();
    // Stands for the layer's /opt/nodejs/node_modules: the externals (Powertools) resolve from here, as on AWS.
    symlinkSync(path.join(projectRoot, 'node_modules'), path.join(dir, 'node_modules'));
    const emptyEntry = path.join(dir, 'empty.mjs');
    writeFileSync(emptyEntry, 'export const handler = async () => ({ statusCode: 200 });\n');
    await bundle(emptyEntry, path.join(dir, 'out', 'empty.mjs'));
    const [empty = []] = coldMs(path.join(dir, 'out', 'empty.mjs'));
    const floors = new Map<string, { file: string; size: number }>();
    let worstCold = 0;
    let worstBytes = -Infinity;
    const byVerdict = new Map<Verdict, string[]>();
    const overSize: string[] = [];
    let count = 0;
    console.log(`handler bundles and cold init (fresh process, median of ${reps}, each handler run alternately with its floor; times: median [p10–p90]; ×floor: median of the paired ratios [its 95 % bootstrap interval]); empty handler ${median(empty).toFixed(0)} ms`);
    console.log('handler                 bundle KB  floor KB   +KB  cold ms            floor ms      ×floor [95 % CI]   ×empty  cold goal (≤ 1.10)');
    for (const name of handlers) {
      const out = path.join(dir, 'out', `${name}.mjs`);
      const meta = await bundle(path.join('functions', name, 'handler.ts'), out);
      const inputs = Object.keys(meta.inputs);
      const floorCode = floorClients.filter(([re]) => inputs.some((i) => re.test(i))).map(([, code]) => code);
      const key = floorCode.join('\n') || '(no SDK client)';
      let floor = floors.get(key);
      if (!floor) {
        const entry = path.join(dir, `floor-${floors.size}.mjs`);
        writeFileSync(entry, `${floorCode.join('\n')}\nexport const handler = async () => ({ statusCode: 200 });\n`);
        const file = path.join(dir, 'out', `floor-${floors.size}.mjs`);
        mkdirSync(path.dirname(file), { recursive: true });
        await bundle(entry, file);
        floor = { file, size: statSync(file).size };
        floors.set(key, floor);
      }
      const size = statSync(out).size;
      const [floorCold = [], cold = []] = coldMs(floor.file, out);
      // The claim is the median of the paired ratios (rep i of the handler over rep i of its floor, run back to
      // back): a burst of load on this shared machine then moves both sides of a pair instead of one median.
      const ratios = cold.map((ms, i) => ms / (floorCold[i] ?? NaN));
      const ratio = median(ratios);
      const ci = bootstrapMedianCi(ratios);
      const timeVerdict = verdict(ratios, 1.1, ci);
      const extraKb = (size - floor.size) / 1024;
      worstCold = Math.max(worstCold, ratio);
      worstBytes = Math.max(worstBytes, extraKb);
      count += 1;
      byVerdict.set(timeVerdict, [...(byVerdict.get(timeVerdict) ?? []), name]);
      if (extraKb > 50) overSize.push(name);
      console.log(
        `${name.padEnd(22)} ${(size / 1024).toFixed(0).padStart(9)} ${(floor.size / 1024).toFixed(0).padStart(9)} ${extraKb.toFixed(1).padStart(5)}${extraKb > 50 ? '!' : ' '}  ${median(cold).toFixed(0).padStart(4)} [${pct(cold, 0.1).toFixed(0)}–${pct(cold, 0.9).toFixed(0)}]`.padEnd(70) +
          `${median(floorCold).toFixed(0).padStart(4)} [${pct(floorCold, 0.1).toFixed(0)}–${pct(floorCold, 0.9).toFixed(0)}]`.padEnd(16) +
          `${ratio.toFixed(2).padStart(5)} [${ci[0].toFixed(2)}–${ci[1].toFixed(2)}]   ${(median(cold) / median(empty)).toFixed(2).padStart(5)}   ${timeVerdict}`,
      );
    }
    console.log(`worst: ${worstCold.toFixed(2)}× its floor cold, +${worstBytes.toFixed(1)} KB over its floor (goals ≤ 1.10×, ≤ +50 KB)`);
    console.log(`size: ${count - overSize.length} of ${count} within +50 KB${overSize.length ? `; over: ${overSize.join(', ')}` : ''}`);
    const order: Verdict[] = ['clearly within', 'within', 'over, inside the noise', 'clearly over'];
    console.log(`cold: ${order.map((v) => `${byVerdict.get(v)?.length ?? 0} ${v}`).join(', ')}`);
    for (const v of order.slice(2)) if (byVerdict.get(v)?.length) console.log(`  ${v}: ${byVerdict.get(v)?.join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
