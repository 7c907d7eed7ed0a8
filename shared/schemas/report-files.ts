import * as z from 'zod/mini';

/** One file of a year-end report version, as registered with the version and listed on the report page. */
export const ReportFile = z.object({ key: z.string(), contentType: z.string(), label: z.string() });

/**
 * The renderer's answer: the files it wrote, in the order the report page lists them. A module of its own so
 * the year-end job, which checks the answer, bundles none of the request's schema.
 */
export const RenderReportResult = z.object({ files: z.array(ReportFile) });
export type RenderReportResult = z.infer<typeof RenderReportResult>;
