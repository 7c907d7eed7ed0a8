import * as z from 'zod/mini';
import type { YearEndReport } from '#domain/year-end';

const bilingual = z.object({ vi: z.string(), en: z.string() });

/** A report table; its id names its CSV file, so it may only be a plain slug. */
const reportTable = z.object({
  id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,62}$/)),
  title: bilingual,
  columns: z.array(bilingual),
  rows: z.array(z.array(z.union([z.string(), z.number()]))),
  note: z.optional(bilingual),
});

/** A flat map of counter name → number. A predicate, not z.record: its key machinery is 2 KB of the renderer's bundle. */
const counts = z.custom<Record<string, number>>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((n) => typeof n === 'number' && Number.isFinite(n)),
  { message: 'Expected an object of numbers' },
);

/** The domain's YearEndReport as it crosses a function boundary (JSON). */
export const YearEndReportSchema = z.object({
  year: z.int(),
  counts,
  verification: z.object({ matched: z.boolean(), differences: z.array(z.object({ key: z.string(), counters: z.number(), recount: z.number() })) }),
  totals: z.object({ closedDossiers: z.number(), awarded: z.number(), awards: z.number(), directWorkerShare: z.nullable(z.number()) }),
  directWorkerShareByYear: z.array(z.object({ year: z.int(), share: z.nullable(z.number()), individuals: z.number() })),
  tables: z.array(reportTable),
  contentHash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
});

/** What the year-end job asks the renderer for: every file of one version of a year's report. */
export const RenderReportRequest = z.object({
  year: z.int(),
  version: z.int().check(z.gte(1)),
  generatedAt: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/)),
  report: YearEndReportSchema,
});
export type RenderReportRequest = z.infer<typeof RenderReportRequest>;
/** The same request as the job builds it, before it is JSON: the domain report itself. */
export type RenderRequest = Omit<RenderReportRequest, 'report'> & { readonly report: YearEndReport };

// A parsed request is a domain report, field for field: the schema may not drift from the interface it carries
// (z.object drops keys it does not know, so a field added to the report would silently miss summary.json).
type Assignable<A extends B, B> = A;
type True<T extends true> = T;
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
export type ParsedReportIsDomainReport = Assignable<z.infer<typeof YearEndReportSchema>, YearEndReport>;
export type SchemaCoversReport = True<SameKeys<z.infer<typeof YearEndReportSchema>, YearEndReport>>;
