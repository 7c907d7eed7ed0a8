import middy from '@middy/core';
import { writeReportFiles } from '#adapters/report-files';
import { RenderReportRequest } from '#schemas/input/render-report';
import { parseInput } from '#schemas/validation';

/**
 * Writes every file of one year-end report version (CSV per table, XLSX, HTML, summary.json) and returns the
 * list. Invoked synchronously by the year-end job (scheduled and on demand), which registers the version only
 * after this answers: rendering lives here so the job's bundle carries none of it.
 */
const render = async (payload: unknown) => writeReportFiles(parseInput(RenderReportRequest, payload));

export const handler = middy().handler(render);
