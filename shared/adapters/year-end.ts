import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '#domain/errors';
import { reportPrefix, SUMMARY_FILE } from '#domain/report-render';
import { unitNamesOn } from '#domain/units';
import { buildYearEndReport, FIRST_REPORT_YEAR, type ClusterSummary, type Counts } from '#domain/year-end';
import type { RenderRequest } from '#schemas/input/render-report';
import type { ReportVersionRecord } from '#schemas/records';
import { listClusters } from './cluster-repository.ts';
import { migrateCountersToNomineeCounting } from './counter-migration.ts';
import { readCountersOfYears, recountYear } from './counters.ts';
import { listUnits } from './unit-repository.ts';
import { listAllDossiersByStatus } from './dossier-repository.ts';
import { requireEnv } from './config.ts';
import { documentClient } from './dynamo.ts';
import { latestKey, latestReport, versionKey } from './report-versions.ts';

const table = () => requireEnv('TABLE_NAME');

/**
 * Everything the report is built from: counters, a recount of the records, clusters, earlier years, and the
 * units' names as they were at the end of the year (a later rename does not rewrite an old report).
 */
export async function gatherReportInput(year: number) {
  const earlier = Array.from({ length: Math.max(0, year - FIRST_REPORT_YEAR) }, (_, i) => FIRST_REPORT_YEAR + i);
  // This year's counters and every earlier year's, read at once (a query per year), beside the recount that checks them.
  const [byYear, recount, { clusters, pledges }, units, upward] = await Promise.all([readCountersOfYears([...earlier, year]), recountYear(year), listClusters(year), listUnits(), listAllDossiersByStatus('ForwardedUpward')]);
  // The year's proposals still awaiting (part of) the central answer: their nominees are not counted anywhere yet.
  const forwarded = upward.filter((d) => d.year === year).map((d) => {
    const waiting = d.nominees.filter((n) => !n.outcome);
    const count = (type: string) => waiting.filter((n) => n.recipientType === type).length;
    return { awardCode: d.awardCode, unitId: d.unitId, title: d.title, proposal: d.proposal, awaiting: { collective: count('collective'), individual: count('individual'), household: count('household') } };
  });
  const counters = byYear.get(year) ?? {};
  const history: { year: number; counts: Counts }[] = earlier.map((y) => ({ year: y, counts: byYear.get(y) ?? {} }));
  const summaries: ClusterSummary[] = clusters.map((c) => ({
    clusterId: c.clusterId,
    name: c.name,
    type: c.type,
    memberUnitIds: c.memberUnitIds,
    pledges: pledges.filter((p) => p.clusterId === c.clusterId && c.memberUnitIds.includes(p.unitId)).length,
    ...(c.ranking?.ranks[0] ? { topUnitId: c.ranking.ranks[0].unitId } : {}),
  }));
  return { year, counters, recount: recount.counts, clusters: summaries, history, unitNames: unitNamesOn(units, `${year}-12-31`), forwarded };
}

export interface YearEndRun {
  readonly report: ReportVersionRecord;
  /** false when the figures were unchanged since the latest version (the run wrote nothing). */
  readonly created: boolean;
}

/** Tells someone a version is ready (the scheduled job emails the secretariat; the on-demand run tells no one). */
export type ReportNotice = (record: ReportVersionRecord, now: Date) => Promise<void>;

/** Writes every file of a version and returns them: the render-year-end function on AWS and locally. */
export type ReportRenderer = (request: RenderRequest) => Promise<ReportVersionRecord['files']>;

/**
 * The year-end job: build the report, and if its content differs from the latest version, have the renderer
 * write the new version's files under reports/<year>/v<n>-<hash>/ and only then register it. A run killed midway
 * leaves the previous version as the latest; the next run writes the same version again and completes.
 * Both steps are passed in, not imported: the renderer (CSV, XLSX, HTML and S3 writes) is a function of its
 * own so the job's bundle carries none of it, and a function that never notifies bundles no mailer.
 */
export async function runYearEnd(year: number, now: Date, options: { render: ReportRenderer; notify?: ReportNotice }): Promise<YearEndRun> {
  // Counters kept by the version before per-nominee outcomes are brought into line once (counter-migration.ts).
  await migrateCountersToNomineeCounting(now);
  const report = buildYearEndReport(await gatherReportInput(year));
  const latest = await latestReport(year);
  if (latest?.contentHash === report.contentHash) {
    if (options.notify && !latest.notifiedAt) await options.notify(latest, now);
    return { report: latest, created: false };
  }
  const version = (latest?.version ?? 0) + 1;
  const generatedAt = now.toISOString();
  const prefix = reportPrefix(year, version, report.contentHash);
  const files = await options.render({ year, version, generatedAt, report });
  // Registered files are handed out as download links: only this version's own, and a complete set.
  if (files.some((f) => !f.key.startsWith(prefix)) || !files.some((f) => f.key === prefix + SUMMARY_FILE)) {
    throw new Error(`The report renderer answered with files outside ${prefix} or without ${SUMMARY_FILE}`);
  }
  const record: ReportVersionRecord = {
    year,
    version,
    contentHash: report.contentHash,
    prefix,
    files,
    generatedAt,
    countersMatched: report.verification.matched,
    totals: report.totals,
  };
  try {
    await register(record, latest?.version);
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    // Another run registered first: the same figures are one report; different ones must be re-run.
    const winner = await latestReport(year);
    if (winner?.contentHash === report.contentHash) return { report: winner, created: false };
    throw new ConflictError({
      code: 'REPORT_RACE',
      messages: { vi: 'Một lần tổng hợp khác vừa hoàn tất với số liệu khác; hãy chạy lại', en: 'Another run just finished with different figures; run again' },
      cause: error,
    });
  }
  if (options.notify) await options.notify(record, now);
  return { report: record, created: true };
}

async function register(record: ReportVersionRecord, previous: number | undefined): Promise<void> {
  await documentClient.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: table(), Item: { ...versionKey(record.year, record.version), ...record }, ConditionExpression: 'attribute_not_exists(PK)' } },
        {
          Put: {
            TableName: table(),
            Item: { ...latestKey(record.year), ...record },
            ...(previous === undefined
              ? { ConditionExpression: 'attribute_not_exists(PK)' }
              : { ConditionExpression: '#v = :prev', ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':prev': previous } }),
          },
        },
      ],
    }),
  );
}
