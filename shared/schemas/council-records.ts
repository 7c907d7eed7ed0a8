/**
 * A council session's stored records (council-repository.ts): the session with its chain head, its recusals,
 * its tallies and close lease, and the links of its event log. Part of the stored records (records.ts).
 */
import * as z from 'zod/mini';

/** A member who may not vote on a dossier: their own unit filed it (automatic) or they declared a conflict. */
export const RecusalRecord = z.object({
  memberId: z.string(),
  reason: z.string(),
  /** Set by the system (the member's own unit submitted the dossier), not declared by the member. */
  automatic: z.boolean(),
});
export type RecusalRecord = z.infer<typeof RecusalRecord>;

/** One nominee's count against its form's threshold and base. */
export const NomineeTallyRecord = z.object({
  nomineeIndex: z.number(),
  name: z.string(),
  agree: z.number(),
  disagree: z.number(),
  abstain: z.number(),
  base: z.number(),
  needed: z.number(),
  passed: z.boolean(),
});
export type NomineeTallyRecord = z.infer<typeof NomineeTallyRecord>;

/** A dossier's result at the close of its session, kept on the session and in its `closed` event. */
export const DossierTallyRecord = z.object({
  dossierId: z.string(),
  passed: z.boolean(),
  counts: z.object({
    agree: z.number(),
    disagree: z.number(),
    abstain: z.number(),
    ballots: z.number(),
    participations: z.number(),
    recused: z.number(),
    base: z.number(),
    needed: z.number(),
  }),
  threshold: z.number(),
  denominator: z.enum(['members', 'present']),
  source: z.string(),
  /** Ballots and participations disagree: the session is flagged for review, not silently trusted. */
  flagged: z.boolean(),
  /** Each nominee in play, voted on one by one; the dossier passes if any of them does (`counts` are the first's). Absent from results stored before. */
  nominees: z.optional(z.array(NomineeTallyRecord)),
});
export type DossierTallyRecord = z.infer<typeof DossierTallyRecord>;

/** Set when a close begins and kept while it runs, so a resumed close writes the same minutes. */
export const ClosingRecord = z.object({
  at: z.string(),
  by: z.string(),
  /** The closer's name as the minutes print it. */
  byName: z.string(),
  /** The close request that is finishing the job, and when it must have ended (epoch ms). */
  lease: z.string(),
  leaseUntil: z.number(),
});
export type ClosingRecord = z.infer<typeof ClosingRecord>;

/** A council session is open (voting), closing (voting stopped, the tally running) or closed (results kept). */
export const CouncilSessionRecord = z.object({
  id: z.string(),
  date: z.string(),
  title: z.string(),
  /** The voting members of the roster in force on the session's date: the base of quorum and threshold. */
  memberIds: z.array(z.string()),
  /** The roster the electorate was taken from; members the secretary marked absent (in the base, not voting). */
  rosterId: z.optional(z.string()),
  absentMemberIds: z.optional(z.array(z.string())),
  /** Each member's name and unit as the roster gave them, for recusals and the minutes. */
  memberNames: z.optional(z.record(z.string(), z.string())),
  memberUnits: z.optional(z.record(z.string(), z.string())),
  dossierIds: z.array(z.string()),
  state: z.enum(['open', 'closing', 'closed']),
  createdAt: z.string(),
  createdBy: z.string(),
  results: z.optional(z.array(DossierTallyRecord)),
  /** Per dossier: members who may not vote on it (automatic or declared). */
  recusals: z.record(z.string(), z.array(RecusalRecord)),
  minutesKey: z.optional(z.string()),
  closedAt: z.optional(z.string()),
  closedBy: z.optional(z.string()),
  closing: z.optional(ClosingRecord),
  /** Head of the session's hash-chained event log. */
  eventSeq: z.number(),
  lastHash: z.string(),
  /**
   * The session holds a "in an open session" mark on each of its dossiers until it closes. Sessions opened
   * before the marks existed have none, and their close removes none.
   */
  holdsDossiers: z.optional(z.boolean()),
});
export type CouncilSessionRecord = z.infer<typeof CouncilSessionRecord>;

/** One link of a session's hash-chained event log. */
export const SessionEventRecord = z.object({
  sessionId: z.string(),
  seq: z.number(),
  at: z.string(),
  actor: z.string(),
  action: z.enum(['opened', 'ballotCast', 'recusalDeclared', 'closed']),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export type SessionEventRecord = z.infer<typeof SessionEventRecord>;

/** What the session list shows of a session (the list projects only these). */
export const SessionSummaryRecord = z.pick(CouncilSessionRecord, { id: true, title: true, date: true, state: true, memberIds: true, dossierIds: true, createdAt: true, closedAt: true });
