import './archive/quiet-sdk.ts';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportArchive } from './archive/export.ts';
import { closeTarget, targetFromArgs } from './archive/target.ts';

/**
 * `npm run export -- --out <file.zip>` — everything the running system holds (tables, documents, reports,
 * accounts) in one archive. Locally it reads the instance `npm start` runs (`--state-dir`, else LOCAL_STATE_DIR
 * or .local/); `--stack <name>` reads a deployed stack with the normal AWS credential chain.
 */
const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? args[outAt + 1] : undefined;
if (!out) {
  console.error('Cách dùng / usage: npm run export -- --out <file.zip> [--stack <name> | --state-dir <dir>]');
  process.exit(2);
}
try {
  const target = await targetFromArgs(args);
  console.log(`Đang xuất / exporting ${target.kind === 'aws' ? `stack ${target.name}` : target.name}…`);
  const started = performance.now();
  const { bytes, manifest } = await exportArchive(target, (l) => console.log(l));
  closeTarget(target);
  writeFileSync(out, bytes);
  const items = Object.values(manifest.tables).reduce((n, t) => n + t.items, 0);
  const objects = Object.values(manifest.buckets).reduce((n, b) => n + b.objects, 0);
  console.log(`Đã xuất / exported ${items} items, ${objects} objects, ${manifest.users.count} accounts to ${path.resolve(out)} (${(bytes.length / 1e6).toFixed(1)} MB, ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  if (manifest.undeliveredAnswers.length > 0) {
    console.warn(`Chú ý / note: ${manifest.undeliveredAnswers.length} answers were never delivered to their workflow (run the sweep, then export again): ${manifest.undeliveredAnswers.map((a) => `${a.dossierId}/${a.step}`).join(', ')}`);
  }
  process.exit(0);
} catch (error) {
  console.error(`\nKhông xuất được / export failed: ${(error as Error).message}`);
  process.exit(1);
}
