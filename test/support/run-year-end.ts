/**
 * Runs the year-end job in its own process, so a test can kill it with SIGKILL midway: the job's adapter code
 * with the renderer's adapter code in the same process (on AWS and in the local runtime the render-year-end
 * function writes the files; here the process being killed must be the one writing them). Configuration
 * comes from the environment, as in Lambda.
 */
import { writeReportFiles } from '#adapters/report-files';
import { runYearEnd } from '#adapters/year-end';

const year = Number(process.argv[2]);
const run = await runYearEnd(year, new Date(), { render: async (request) => (await writeReportFiles(request)).files });
process.stdout.write(`${JSON.stringify({ version: run.report.version, created: run.created })}\n`);
