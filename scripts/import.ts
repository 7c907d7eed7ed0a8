import './archive/quiet-sdk.ts';
import { readFileSync } from 'node:fs';
import { importArchive } from './archive/import.ts';
import { closeTarget, targetFromArgs } from './archive/target.ts';

/**
 * `npm run import -- <file.zip>` — restores an export into an EMPTY system (locally: `npm start -- --reset
 * --no-seed`; on AWS `--stack <name>`): the archive is checked whole before anything is written, and each
 * dossier that was waiting at a person's step waits there again. `--resume-only` re-runs only that last part.
 */
const args = process.argv.slice(2);
const flagsWithValue = new Set(['--stack', '--state-dir']);
const file = args.find((a, i) => !a.startsWith('--') && !flagsWithValue.has(args[i - 1] ?? ''));
if (!file) {
  console.error('Cách dùng / usage: npm run import -- <file.zip> [--stack <name> | --state-dir <dir>] [--resume-only]');
  process.exit(2);
}
try {
  const target = await targetFromArgs(args);
  console.log(`Đang nhập / importing ${file} into ${target.kind === 'aws' ? `stack ${target.name}` : target.name}…`);
  const started = performance.now();
  const result = await importArchive(target, readFileSync(file), { resumeOnly: args.includes('--resume-only'), log: (l) => console.log(l) });
  closeTarget(target);
  console.log(`Đã nhập / imported ${result.items} items, ${result.objects} objects, ${result.users} accounts; ${result.resumed} waiting dossiers resumed (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  process.exit(0);
} catch (error) {
  console.error(`\nKhông nhập được / import failed: ${(error as Error).message}`);
  process.exit(1);
}
