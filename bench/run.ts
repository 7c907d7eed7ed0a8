/**
 * Benchmarks print figures; they are not tests (this machine is shared and noisy). `npm run bench` runs all,
 * `npm run bench -- start` one of them.
 */
import { benchAggregate } from './aggregate.ts';
import { benchArchive } from './archive.ts';
import { benchBundles } from './bundles.ts';
import { benchCost } from './cost.ts';
import { benchImport } from './import.ts';
import { benchStart } from './start.ts';
import { benchThroughput } from './throughput.ts';

const benches: Record<string, () => Promise<void>> = { bundles: () => benchBundles(), start: () => benchStart(), throughput: () => benchThroughput(), aggregate: () => benchAggregate(), cost: () => benchCost(), import: () => benchImport(), archive: () => benchArchive() };
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const name of wanted.length ? wanted : Object.keys(benches)) {
  const bench = benches[name];
  if (!bench) throw new Error(`unknown benchmark ${name}; known: ${Object.keys(benches).join(', ')}`);
  await bench();
}
process.exit(0);
