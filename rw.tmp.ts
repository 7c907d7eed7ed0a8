import { readFileSync } from 'node:fs';
import { inspectPdf } from '#domain/pdf-inspection';
for (const f of process.argv.slice(2)) { const b = new Uint8Array(readFileSync(f)); const t0 = performance.now(); const r = inspectPdf(b); console.log(f, b.length, r, `${(performance.now() - t0).toFixed(0)} ms`); }
