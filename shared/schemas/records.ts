import * as z from 'zod/mini';
import { directoryEntities } from '#domain/directory-entities';
import { roles } from '#domain/roles';
import { FormRuleInput, RegulationInput } from './input/regulation.ts';
import { ReportFile } from './report-files.ts';

/**
 * Stored records (docs/architecture.md §3). Keys (PK/SK/GSI*) are added and stripped by the repository; these are
 * the domain fields. Task tokens live only in TaskRecord and never leave the server.
 */
export const ActorRef = z.object({
  userId: z.string(),
  name: z.optional(z.string()),
  roles: z.array(z.string()),
  unitId: z.optional(z.string()),
});
export type ActorRef = z.infer<typeof ActorRef>;

export const Nominee = z.object({
  name: z.string(),
  recipientType: z.string(),
  category: z.optional(z.string()),
  gender: z.optional(z.string()),
  position: z.optional(z.string()),
  birthYear: z.optional(z.number()),
  workplace: z.optional(z.string()),
  /** The nominee's own outcome (nominee-outcomes.ts): set at the step that decided it, with why. */
  outcome: z.optional(z.enum(['awarded', 'notAwarded', 'revoked'])),
  outcomeStage: z.optional(z.enum(['appraisal', 'council', 'decision', 'central'])),
  /** The central level's answer for this nominee of a proposal forwarded upward (decision number, date, body). */
  centralDecision: z.optional(z.object({ number: z.string(), date: z.string(), issuingBody: z.string(), recordedAt: z.string(), recordedBy: z.string() })),
  outcomeReason: z.optional(z.string()),
  /** The council's count for this nominee, when it was voted on. */
  tally: z.optional(z.object({ agree: z.number(), disagree: z.number(), abstain: z.number(), base: z.number(), needed: z.number(), passed: z.boolean() })),
  /** Set when an award was revoked (revocation.ts): the award's own facts stay as they were. */
  revocation: z.optional(z.object({ proposalId: z.string(), ground: z.string(), reason: z.string(), decisionNumber: z.string(), decisionDate: z.string(), revokedAt: z.string() })),
});

/** A proposal to revoke awards of a dossier (revocation.ts): the secretariat proposes, the chair decides. */
export const RevocationProposal = z.object({
  id: z.string(),
  scope: z.enum(['nominees', 'decision']),
  nomineeIndexes: z.array(z.number()),
  ground: z.string(),
  reason: z.string(),
  state: z.enum(['pending', 'revoked', 'declined']),
  proposedBy: ActorRef,
  proposedAt: z.string(),
  decidedBy: z.optional(ActorRef),
  decidedAt: z.optional(z.string()),
  decisionNumber: z.optional(z.string()),
  decisionDate: z.optional(z.string()),
  declineReason: z.optional(z.string()),
});

export const DossierRecord = z.object({
  id: z.string(),
  unitId: z.string(),
  year: z.number(),
  awardCode: z.string(),
  kind: z.string(),
  title: z.string(),
  summary: z.optional(z.string()),
  nominees: z.array(Nominee),
  status: z.string(),
  version: z.number(),
  eventSeq: z.number(),
  lastHash: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  createdBy: ActorRef,
  contactEmail: z.optional(z.string()),
  submittedAt: z.optional(z.string()),
  /** When the dossier reached a terminal status: the instant its year-end counts were added. */
  closedAt: z.optional(z.string()),
  /** A Cờ thi đua proposal made by a cluster's ranking (docs/domain.md §7). */
  clusterRanking: z.optional(z.object({ clusterId: z.string(), year: z.number(), rank: z.number(), score: z.number() })),
  decision: z.optional(z.object({ number: z.string(), date: z.string() })),
  /** The proposal (tờ trình) the chair signed to forward the dossier upward: `<n>/TTr-UBND` and its date. */
  proposal: z.optional(z.object({ number: z.string(), date: z.string() })),
  /** Overdue periods of the central answer already reminded (1: the first period, …), so each is mailed once. */
  centralReminders: z.optional(z.number()),
  missingDocuments: z.optional(z.array(z.string())),
  outcomeReason: z.optional(z.string()),
  /** Revocation proposals and decisions, oldest first (revocation.ts). */
  revocations: z.optional(z.array(RevocationProposal)),
  /** The province's rules in force on the day it was submitted, which it is judged by (shared/domain/regulation.ts). */
  rules: z.optional(
    z.object({
      regulationFrom: z.string(),
      regulationVersion: z.number(),
      form: FormRuleInput,
      awardSessionQuorum: z.number(),
      recusedLeaveBase: z.boolean(),
      returnAfterMissedSupplement: z.boolean(),
    }),
  ),
});
export type DossierRecord = z.infer<typeof DossierRecord>;

export const DocumentRecord = z.object({
  dossierId: z.string(),
  documentId: z.string(),
  kind: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number(),
  sha256: z.string(),
  key: z.string(),
  state: z.enum(['pendingUpload', 'verified', 'quarantined']),
  reason: z.optional(z.object({ code: z.string(), vi: z.string(), en: z.string() })),
  uploadedBy: z.string(),
  createdAt: z.string(),
  verifiedAt: z.optional(z.string()),
  /**
   * The copy of the checked bytes that downloads serve (verified/<dossierId>/<documentId>), out of reach of
   * any presigned POST: `key` is the incoming upload, which its POST may still overwrite.
   */
  verifiedObject: z.optional(z.object({ key: z.string(), sha256: z.string(), etag: z.optional(z.string()), versionId: z.optional(z.string()) })),
});
export type DocumentRecord = z.infer<typeof DocumentRecord>;

export const AuditEventRecord = z.object({
  dossierId: z.string(),
  seq: z.number(),
  at: z.string(),
  actor: ActorRef,
  action: z.string(),
  fromStatus: z.optional(z.string()),
  toStatus: z.optional(z.string()),
  details: z.optional(z.record(z.string(), z.unknown())),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEventRecord = z.infer<typeof AuditEventRecord>;

export const TaskRecord = z.object({
  dossierId: z.string(),
  step: z.enum(['supplement', 'appraisal', 'council', 'chairDecision']),
  state: z.enum(['PENDING', 'DONE', 'CANCELLED']),
  token: z.string(),
  assigneeRole: z.string(),
  unitId: z.optional(z.string()),
  dueAt: z.string(),
  createdAt: z.string(),
  completedAt: z.optional(z.string()),
  completedBy: z.optional(z.string()),
  remindedAt: z.optional(z.string()),
  escalatedAt: z.optional(z.string()),
  /**
   * The answer owed to the waiting execution, written in the same transaction that closes the task (an outbox):
   * if SendTaskSuccess/Failure fails after the commit, a retry of the request or the sweep sends it again.
   */
  handoff: z.optional(z.object({
    output: z.optional(z.string()),
    error: z.optional(z.string()),
    cause: z.optional(z.string()),
    deliveredAt: z.optional(z.string()),
  })),
});
export type TaskRecord = z.infer<typeof TaskRecord>;
/** A task as people see it: never the token, nor the answer kept for the execution (only whether it is still owed). */
export type PublicTask = Omit<TaskRecord, 'token' | 'handoff'> & { handoffPending?: boolean };

export const AwardRecord = z.object({
  year: z.number(),
  dossierId: z.string(),
  awardCode: z.string(),
  nomineeIndex: z.number(),
  nomineeName: z.string(),
  recipientType: z.string(),
  unitId: z.string(),
  decisionNumber: z.string(),
  decisionDate: z.string(),
  /** The register row is kept when the award is revoked, and marked (docs/domain.md §4). */
  revoked: z.optional(z.object({ decisionNumber: z.string(), decisionDate: z.string(), ground: z.string(), reason: z.string(), at: z.string() })),
});
export type AwardRecord = z.infer<typeof AwardRecord>;

/**
 * One earlier award of a person in the register of award history (award-history.ts): entered by the
 * secretariat or the unit for an award that predates the system, or written by the system when it records an
 * award (a provincial decision, a central answer). Never changed or deleted: a wrong entry is answered by a note.
 */
export const AwardHistoryRecord = z.object({
  personKey: z.string(),
  entryId: z.string(),
  unitId: z.string(),
  name: z.string(),
  birthYear: z.number(),
  awardCode: z.string(),
  year: z.number(),
  decisionNumber: z.string(),
  decisionDate: z.string(),
  issuingBody: z.optional(z.string()),
  source: z.enum(['entered', 'system']),
  dossierId: z.optional(z.string()),
  note: z.optional(z.string()),
  recordedAt: z.string(),
  recordedBy: ActorRef,
});
export type AwardHistoryRecord = z.infer<typeof AwardHistoryRecord>;

/** An emulation cluster or bloc (cụm, khối thi đua) of one year, with its member units (docs/domain.md §7). */
export const ClusterRecord = z.object({
  clusterId: z.string(),
  year: z.number(),
  name: z.string(),
  type: z.enum(['territorial', 'sectoral']),
  headUnitId: z.string(),
  memberUnitIds: z.array(z.string()),
  updatedAt: z.string(),
  updatedBy: z.string(),
  ranking: z.optional(
    z.object({
      ranks: z.array(z.object({ unitId: z.string(), score: z.number(), rank: z.number() })),
      rankedAt: z.string(),
      rankedBy: z.string(),
      minutes: z.optional(z.string()),
      proposalDossierId: z.string(),
    }),
  ),
});
export type ClusterRecord = z.infer<typeof ClusterRecord>;

/** A unit's emulation pledge (giao ước thi đua) in its cluster, signed at the start of the year. */
export const PledgeRecord = z.object({
  clusterId: z.string(),
  year: z.number(),
  unitId: z.string(),
  targets: z.array(z.object({ text: z.string(), measure: z.optional(z.string()) })),
  signedAt: z.string(),
  signedBy: z.string(),
});
export type PledgeRecord = z.infer<typeof PledgeRecord>;

/** One version of a year's report: where its files are and what they say, never overwritten. */
export const ReportVersionRecord = z.object({
  year: z.number(),
  version: z.number(),
  contentHash: z.string(),
  prefix: z.string(),
  files: z.array(ReportFile),
  generatedAt: z.string(),
  countersMatched: z.boolean(),
  totals: z.object({ closedDossiers: z.number(), awarded: z.number(), awards: z.number(), directWorkerShare: z.nullable(z.number()) }),
  notifiedAt: z.optional(z.string()),
});
export type ReportVersionRecord = z.infer<typeof ReportVersionRecord>;

/** One name a unit has carried, from a date on (a rename keeps the old name for old dossiers). */
export const UnitName = z.object({ name: z.string(), shortName: z.string(), from: z.string() });
export type UnitName = z.infer<typeof UnitName>;

/**
 * A unit of the directory (docs/domain.md §2: admins keep it). Never deleted: a merger closes one unit (validTo, active
 * false) and opens its successor (successorOf), so old dossiers still name the unit they were filed by.
 */
export const UnitRecord = z.object({
  unitId: z.string(),
  /** The current name and short name; `names` holds every name with the date it took effect. */
  name: z.string(),
  shortName: z.string(),
  names: z.array(UnitName),
  type: z.string(),
  parentId: z.optional(z.string()),
  successorOf: z.optional(z.array(z.string())),
  validFrom: z.string(),
  validTo: z.optional(z.string()),
  active: z.boolean(),
  version: z.number(),
  eventSeq: z.number(),
  lastHash: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type UnitRecord = z.infer<typeof UnitRecord>;

/** A directory change: who, when, the unit before and after; chained per unit like a dossier's trail. */
export const UnitAuditEventRecord = z.object({
  unitId: z.string(),
  seq: z.number(),
  at: z.string(),
  actor: ActorRef,
  action: z.enum(['created', 'edited', 'deactivated']),
  before: z.optional(z.record(z.string(), z.unknown())),
  after: z.record(z.string(), z.unknown()),
  reason: z.optional(z.string()),
  prevHash: z.string(),
  hash: z.string(),
});
export type UnitAuditEventRecord = z.infer<typeof UnitAuditEventRecord>;

/** A seat on the council (docs/domain.md §5): the chair, vice-chairs and members vote; the secretary does not. */
export const RosterSeat = z.object({
  username: z.string(),
  /** The person's id in every record (the token's `sub`), resolved from the directory when the seat was set. */
  userId: z.string(),
  name: z.string(),
  seat: z.enum(['chair', 'viceChair', 'member', 'secretary']),
  position: z.string(),
  /** The unit the person heads or represents on the council: its dossiers recuse them automatically. */
  unitId: z.optional(z.string()),
});
export type RosterSeat = z.infer<typeof RosterSeat>;

/**
 * The council of one term (Hội đồng Thi đua – Khen thưởng tỉnh): who sits on it and in which seat, from a date
 * to a date. A session takes its electorate from the roster in force on its date; terms never overlap.
 */
export const RosterRecord = z.object({
  rosterId: z.string(),
  title: z.string(),
  /** The decision that set the council up, e.g. "Quyết định số 12/QĐ-UBND ngày 05/01/2026". */
  legalBasis: z.optional(z.string()),
  validFrom: z.string(),
  validTo: z.optional(z.string()),
  seats: z.array(RosterSeat),
  version: z.number(),
  eventSeq: z.number(),
  lastHash: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type RosterRecord = z.infer<typeof RosterRecord>;

/** A roster change: who, when, before → after; chained per roster like a unit's trail. */
export const RosterAuditEventRecord = z.object({
  rosterId: z.string(),
  seq: z.number(),
  at: z.string(),
  actor: ActorRef,
  action: z.enum(['created', 'edited']),
  before: z.optional(z.record(z.string(), z.unknown())),
  after: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export type RosterAuditEventRecord = z.infer<typeof RosterAuditEventRecord>;

/** Any object stored as it was given (a session's results, an event's details, a directory record's snapshot). */
const Fields = z.record(z.string(), z.unknown());

/** One link of a directory entity's chain (directory-audit.ts). */
export const DirectoryEventRecord = z.object({
  entity: z.enum(directoryEntities),
  entityId: z.string(),
  seq: z.number(),
  at: z.string(),
  actor: ActorRef,
  action: z.string(),
  before: z.optional(Fields),
  after: Fields,
  reason: z.optional(z.string()),
  prevHash: z.string(),
  hash: z.string(),
});

/** The account mirror every signed-in request is checked against (accounts.ts). */
export const AccountRecord = z.object({
  userId: z.string(),
  username: z.string(),
  roles: z.array(z.enum(roles)),
  unitId: z.optional(z.string()),
  enabled: z.boolean(),
  updatedAt: z.string(),
  eventSeq: z.optional(z.number()),
  lastHash: z.optional(z.string()),
});

/** What the mail feedback knows of an address (mail-delivery.ts). */
export const MailAddressRecord = z.object({
  address: z.string(),
  failing: z.boolean(),
  lastKind: z.enum(['bounce', 'complaint']),
  lastDetail: z.string(),
  lastAt: z.string(),
  reports: z.number(),
  username: z.optional(z.string()),
  userId: z.optional(z.string()),
  skipped: z.optional(z.number()),
  lastSkippedAt: z.optional(z.string()),
  lastSkippedSubject: z.optional(z.string()),
});

/** A regulation version as stored (regulation-repository.ts): the text as entered, its date, version and chain head. */
export const StoredRegulationRecord = z.object({
  ...z.omit(RegulationInput, { reason: true }).shape,
  effectiveFrom: z.string(),
  version: z.number(),
  updatedAt: z.optional(z.string()),
  updatedBy: z.optional(z.string()),
  lastHash: z.optional(z.string()),
});

/** A bulk import of the directory (issue 23): who sent which file, what its dry run found, what applying wrote. */
export const DirectoryImportRecord = z.object({
  importId: z.string(),
  kind: z.enum(['units', 'people']),
  fileName: z.string(),
  /** Declared size; the upload policy holds the object to it. */
  size: z.number(),
  key: z.string(),
  state: z.enum(['awaitingUpload', 'refused', 'previewed', 'applying', 'applied']),
  createdBy: z.string(),
  createdAt: z.string(),
  /** sha256 of the bytes previewed: apply reads the object again and refuses other bytes. */
  sha256: z.optional(z.string()),
  counts: z.optional(z.object({ rows: z.number(), create: z.number(), update: z.number(), unchanged: z.number(), errors: z.number() })),
  previewedAt: z.optional(z.string()),
  applied: z.optional(z.object({ created: z.number(), updated: z.number(), by: z.string(), at: z.string() })),
  refusal: z.optional(z.object({ code: z.string(), message: z.object({ vi: z.string(), en: z.string() }) })),
});
export type DirectoryImportRecord = z.infer<typeof DirectoryImportRecord>;

/** The mark an import of an export archive writes (restored-archive.ts): when the archive was made and restored. */
export const RestoredArchiveRecord = z.object({
  exportedAt: z.string(),
  importStartedAt: z.string(),
  /** Absent while the import is still writing. */
  importFinishedAt: z.optional(z.string()),
  archiveSha256: z.string(),
});
export type RestoredArchiveRecord = z.infer<typeof RestoredArchiveRecord>;

export * from './council-records.ts';
