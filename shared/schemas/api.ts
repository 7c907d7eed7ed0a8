/**
 * Every API input, as zod schemas (zod/mini keeps Lambda bundles small). Handlers parse with these; the
 * OpenAPI document is generated from them; TypeScript types are inferred from them.
 */
import * as z from 'zod/mini';
import { awardCodes, documentKinds } from '#domain/catalogue';
import { dossierStatuses } from '#domain/lifecycle';
import { ballotChoices } from '#domain/vote';
import { FIRST_REPORT_YEAR, localDate } from '#domain/calendar';

const documentKindNames = Object.keys(documentKinds) as [keyof typeof documentKinds, ...(keyof typeof documentKinds)[]];
const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const isoDate = z.iso.date();
const currentYear = () => new Date().getUTCFullYear();

export const RecipientType = z.enum(['individual', 'collective', 'household']);
export const AwardKind = z.enum(['regular', 'thematic', 'adHoc', 'dedication', 'seniority', 'foreign', 'resistance']);

export const NomineeInput = z.strictObject({
  name: text(200),
  recipientType: RecipientType,
  /** Year-end report 0603 groups people by category; direct workers are tracked on purpose (DOMAIN §6). */
  category: z.optional(z.enum(['provincialLeader', 'departmentLeader', 'businessPerson', 'otherLeader', 'directWorker', 'other', 'enterprise', 'collective'])),
  gender: z.optional(z.enum(['female', 'male', 'other'])),
  position: z.optional(text(200)),
  birthYear: z.optional(z.int().check(z.gte(1900), z.lte(2100))),
});

export const CreateDossierInput = z.strictObject({
  awardCode: z.enum(awardCodes),
  kind: AwardKind,
  year: z.int().check(z.gte(2024), z.lte(2100)),
  title: text(300),
  summary: z.optional(text(4000)),
  nominees: z.array(NomineeInput).check(z.minLength(1), z.maxLength(200)),
});
export type CreateDossierInput = z.infer<typeof CreateDossierInput>;

export const PresignUploadInput = z.strictObject({
  kind: z.enum(documentKindNames),
  fileName: text(200).check(z.regex(/^[^/\\\0]+$/)),
  contentType: z.literal('application/pdf'),
  size: z.int().check(z.gte(1), z.lte(50 * 1024 * 1024)),
  /** Hex sha256 the browser computed; the server recomputes it after upload and refuses a mismatch. */
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
});
export type PresignUploadInput = z.infer<typeof PresignUploadInput>;

const reason = text(2000);
export const CompleteTaskInput = z.discriminatedUnion('step', [
  z.strictObject({ step: z.literal('supplement'), note: z.optional(text(2000)) }),
  z.discriminatedUnion('result', [
    z.strictObject({ step: z.literal('appraisal'), result: z.literal('eligible'), note: z.optional(text(2000)) }),
    z.strictObject({ step: z.literal('appraisal'), result: z.literal('ineligible'), reason }),
    z.strictObject({
      step: z.literal('appraisal'),
      result: z.literal('supplement'),
      reason,
      missingDocuments: z.array(z.enum(documentKindNames)).check(z.minLength(1)),
    }),
  ]),
  z.discriminatedUnion('decision', [
    z.strictObject({
      step: z.literal('chairDecision'),
      decision: z.literal('approve'),
      /** `<seq>/QĐ-UBND`, from the document office (DOMAIN §8). */
      decisionNumber: z.string().check(z.trim(), z.regex(/^\d{1,6}\/QĐ-UBND$/)),
      decisionDate: isoDate,
    }),
    z.strictObject({ step: z.literal('chairDecision'), decision: z.literal('reject'), reason }),
  ]),
]);
export type CompleteTaskInput = z.infer<typeof CompleteTaskInput>;

export const WithdrawInput = z.strictObject({ reason });
export type WithdrawInput = z.infer<typeof WithdrawInput>;

export const OpenCouncilSessionInput = z.strictObject({
  title: text(300),
  date: isoDate,
  memberIds: z.array(text(128)).check(z.minLength(1), z.maxLength(100)),
  dossierIds: z.array(text(128)).check(z.minLength(1), z.maxLength(500)),
  /** The unit each member heads, if any: members of a dossier's own unit are recused from it automatically. */
  memberUnits: z.optional(z.record(text(128), text(64))),
  /** Members' full names: a member who is a nominee of a dossier is recused from it automatically. */
  memberNames: z.optional(z.record(text(128), text(200))),
});
export type OpenCouncilSessionInput = z.infer<typeof OpenCouncilSessionInput>;

export const DeclareRecusalInput = z.strictObject({ dossierId: text(128), reason: text(1000) });
export type DeclareRecusalInput = z.infer<typeof DeclareRecusalInput>;

export const CastBallotInput = z.strictObject({ dossierId: text(128), choice: z.enum(ballotChoices) });
export type CastBallotInput = z.infer<typeof CastBallotInput>;

/** Query strings arrive as strings. */
const yearParam = z.pipe(z.string().check(z.regex(/^\d{4}$/)), z.transform(Number));
export const ListDossiersQuery = z.object({
  year: z.optional(yearParam),
  status: z.optional(z.enum(dossierStatuses)),
  limit: z._default(z.pipe(z.string().check(z.regex(/^[1-9]\d{0,2}$/)), z.transform(Number)), 100),
});
export type ListDossiersQuery = z.infer<typeof ListDossiersQuery>;

export const PublicAwardsQuery = z.object({ year: z._default(yearParam, currentYear) });
export type PublicAwardsQuery = z.infer<typeof PublicAwardsQuery>;

/**
 * A report year from the path: not before the system's first year, not in the future (Vietnam's calendar
 * year decides what "future" is).
 */
export const ReportYearParams = z.object({
  year: z.pipe(
    yearParam,
    z.int().check(
      z.gte(FIRST_REPORT_YEAR),
      z.refine((y) => y <= Number(localDate(new Date()).slice(0, 4)), {
        params: { vi: 'Năm báo cáo chưa đến', en: 'The report year is in the future' },
        message: 'The report year is in the future',
      }),
    ),
  ),
});

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
