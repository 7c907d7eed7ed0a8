/**
 * Runs the year-end job in its own process (the same adapter code the function runs), so a test can kill
 * it with SIGKILL midway. Configuration comes from the environment, as in Lambda.
 */
import { runYearEnd } from '#adapters/year-end';

const year = Number(process.argv[2]);
const run = await runYearEnd(year, new Date());
process.stdout.write(`${JSON.stringify({ version: run.report.version, created: run.created })}\n`);
