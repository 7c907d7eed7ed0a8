/** Emulation clusters and blocs: their members, pledges and year-end ranking. */
import * as z from 'zod/mini';
import { text } from './common.ts';
import { ReportYearParams } from './report-year.ts';

const unitIdText = z.string().check(z.trim(), z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/));
const clusterIdText = unitIdText;

export const ClusterPathParams = z.object({ year: ReportYearParams.shape.year, clusterId: clusterIdText });

export const PutClusterInput = z.strictObject({
  name: text(200),
  type: z.enum(['territorial', 'sectoral']),
  headUnitId: unitIdText,
  memberUnitIds: z.array(unitIdText).check(z.minLength(2), z.maxLength(200)),
});
export type PutClusterInput = z.infer<typeof PutClusterInput>;

export const PutPledgeInput = z.strictObject({
  targets: z.array(z.strictObject({ text: text(1000), measure: z.optional(text(200)) })).check(z.minLength(1), z.maxLength(50)),
});
export type PutPledgeInput = z.infer<typeof PutPledgeInput>;

export const RankClusterInput = z.strictObject({
  /** Scores given by the cluster's members at the year-end review; the highest score ranks first. */
  scores: z.array(z.strictObject({ unitId: unitIdText, score: z.number().check(z.gte(0), z.lte(1000)) })).check(z.minLength(1), z.maxLength(200)),
  minutes: z.optional(text(4000)),
  /** Title of the Cờ thi đua proposal created for the leading unit. */
  proposalTitle: z.optional(text(300)),
});
export type RankClusterInput = z.infer<typeof RankClusterInput>;

/** A member unit's pledge: the unit is any id here; the handler checks it is the caller's and a member's. */
export const PledgePathParams = z.object({ ...ClusterPathParams.shape, unitId: z.string().check(z.minLength(1)) });
