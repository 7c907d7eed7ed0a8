import type { Metrics } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, type MetricName } from '#domain/metrics';

/**
 * Powertools Metrics (EMF lines on stdout, which CloudWatch turns into metrics), imported on first use like the
 * logger (shared/http/api.ts): on AWS it comes from the Powertools layer. The `service` dimension is the
 * function's POWERTOOLS_SERVICE_NAME, which the alarms name (infra/constructs/monitoring.ts).
 */
let metrics: Promise<Metrics> | undefined;
const instance = (): Promise<Metrics> =>
  (metrics ??= import('@aws-lambda-powertools/metrics').then(({ Metrics }) => new Metrics({ namespace: METRICS_NAMESPACE })));

/** Counts, flushed at once: a scheduled run or a handler emits a handful per invocation. */
export async function emitCounts(counts: Partial<Record<MetricName, number>>): Promise<void> {
  const entries = Object.entries(counts).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return;
  const m = await instance();
  const { MetricUnit } = await import('@aws-lambda-powertools/metrics');
  for (const [name, value] of entries) m.addMetric(name, MetricUnit.Count, value as number);
  m.publishStoredMetrics();
}
