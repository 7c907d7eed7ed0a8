/**
 * The dossier lifecycle as one explicit table (status × event → status). Handlers call `transition` before
 * they write, so an illegal move is refused with 409 and nothing changes. The state machine routes the same
 * path (docs/architecture.md §2); this table is what the stored record may do.
 */
import type { CompleteTaskInput } from '#schemas/input/complete-task';
import { type CouncilRule, needsCouncilVote } from './catalogue.ts';
import type { DossierRecord } from '#schemas/records';
import { ConflictError, IllegalTransitionError, ValidationError } from './errors.ts';
import { assertRefusals, awardInPlay, inPlay, type NomineeRefusal, refuse, refuseAll } from './nominee-outcomes.ts';
import type { Role } from './roles.ts';
import type { HumanStep, TaskOutcome } from './workflow.ts';

export const dossierStatuses = [
  'Draft',
  'Submitted',
  'SupplementRequested',
  'UnderAppraisal',
  'AwaitingCouncil',
  'AwaitingDecision',
  'ForwardedUpward',
  'Awarded',
  'NotApproved',
  'Returned',
  'Withdrawn',
] as const;
export type DossierStatus = (typeof dossierStatuses)[number];

export const terminalStatuses = ['Awarded', 'NotApproved', 'Returned', 'Withdrawn'] as const satisfies readonly DossierStatus[];
/**
 * Out of the workflow: the ended statuses, and a proposal forwarded upward, whose execution ended when the chair
 * signed it (a Standard execution cannot wait the months Hà Nội takes); its answer is recorded through the API.
 */
export const outOfWorkflowStatuses = [...terminalStatuses, 'ForwardedUpward'] as const satisfies readonly DossierStatus[];
/** Statuses the secretariat works on (its default list). */
export const activeStatuses = ['Submitted', 'SupplementRequested', 'UnderAppraisal', 'AwaitingCouncil', 'AwaitingDecision'] as const satisfies readonly DossierStatus[];

export const statusNames: Record<DossierStatus, { vi: string; en: string }> = {
  Draft: { vi: 'Nháp', en: 'Draft' },
  Submitted: { vi: 'Đã nộp, chờ tiếp nhận', en: 'Submitted' },
  SupplementRequested: { vi: 'Chờ đơn vị bổ sung', en: "Awaiting the unit's supplement" },
  UnderAppraisal: { vi: 'Đang thẩm định', en: 'Under appraisal' },
  AwaitingCouncil: { vi: 'Chờ Hội đồng xét', en: 'Awaiting the council' },
  AwaitingDecision: { vi: 'Chờ Chủ tịch quyết định', en: "Awaiting the chair's decision" },
  ForwardedUpward: { vi: 'Đã trình cấp trên, chờ kết quả', en: 'Forwarded upward, awaiting the answer' },
  Awarded: { vi: 'Đã khen thưởng', en: 'Awarded' },
  NotApproved: { vi: 'Không được khen thưởng', en: 'Not approved' },
  Returned: { vi: 'Đã trả lại hồ sơ', en: 'Returned' },
  Withdrawn: { vi: 'Đã rút hồ sơ', en: 'Withdrawn' },
};

/** The whole table. Anything not listed is illegal. */
export const transitions = {
  Draft: { submit: 'Submitted', withdraw: 'Withdrawn' },
  Submitted: { passCompleteness: 'UnderAppraisal', requestSupplement: 'SupplementRequested', withdraw: 'Withdrawn' },
  SupplementRequested: { answerSupplement: 'Submitted', expireSupplement: 'Returned', withdraw: 'Withdrawn' },
  UnderAppraisal: {
    appraiseEligible: 'AwaitingCouncil',
    appraiseEligibleWithoutVote: 'AwaitingDecision',
    appraiseIneligible: 'NotApproved',
    requestSupplement: 'SupplementRequested',
    withdraw: 'Withdrawn',
  },
  AwaitingCouncil: { passCouncil: 'AwaitingDecision', failCouncil: 'NotApproved' },
  AwaitingDecision: { approve: 'Awarded', reject: 'NotApproved', forwardUpward: 'ForwardedUpward' },
  // The central answer, nominee by nominee; the last one closes the dossier (nominee-outcomes.ts).
  ForwardedUpward: { concludeAwarded: 'Awarded', concludeNotApproved: 'NotApproved' },
  Awarded: {},
  NotApproved: {},
  Returned: {},
  Withdrawn: {},
} as const satisfies Record<DossierStatus, Partial<Record<string, DossierStatus>>>;

type EventsOf<S> = S extends Record<infer E, unknown> ? E : never;
export type LifecycleEvent = { [S in DossierStatus]: EventsOf<(typeof transitions)[S]> }[DossierStatus] & string;

/** Each lifecycle event as people read it (the refusal of an illegal move names it so, never by its code). */
export const eventNames: Record<LifecycleEvent, { vi: string; en: string }> = {
  submit: { vi: 'Nộp hồ sơ', en: 'Submit' },
  withdraw: { vi: 'Rút hồ sơ', en: 'Withdraw' },
  passCompleteness: { vi: 'Tiếp nhận hồ sơ đủ thành phần', en: 'Accept as complete' },
  requestSupplement: { vi: 'Yêu cầu bổ sung hồ sơ', en: 'Request a supplement' },
  answerSupplement: { vi: 'Gửi hồ sơ bổ sung', en: 'Send the supplement' },
  expireSupplement: { vi: 'Kết thúc hạn bổ sung', en: 'Close the supplement period' },
  appraiseEligible: { vi: 'Ghi kết quả thẩm định: đủ điều kiện', en: 'Appraise as eligible' },
  appraiseEligibleWithoutVote: { vi: 'Ghi kết quả thẩm định: đủ điều kiện, trình Chủ tịch', en: 'Appraise as eligible, to the chair' },
  appraiseIneligible: { vi: 'Ghi kết quả thẩm định: không đủ điều kiện', en: 'Appraise as not eligible' },
  passCouncil: { vi: 'Hội đồng thông qua', en: 'Pass by the council' },
  failCouncil: { vi: 'Hội đồng không thông qua', en: 'Fail by the council' },
  approve: { vi: 'Quyết định khen thưởng', en: 'Approve' },
  reject: { vi: 'Không phê duyệt', en: 'Reject' },
  forwardUpward: { vi: 'Trình cấp trên', en: 'Forward upward' },
  concludeAwarded: { vi: 'Ghi kết quả của cấp trên: được khen thưởng', en: 'Record the central award' },
  concludeNotApproved: { vi: 'Ghi kết quả của cấp trên: không được khen thưởng', en: 'Record the central refusal' },
};

/** Why a dossier ended where a step (not a person) decided it: the stored reason code as people read it. */
export const outcomeReasonNames: Readonly<Record<string, { vi: string; en: string }>> = {
  supplementDeadlinePassed: { vi: 'Đơn vị không bổ sung hồ sơ trong thời hạn', en: 'The unit did not supplement the dossier in time' },
};

export function isDossierStatus(value: string): value is DossierStatus {
  return (dossierStatuses as readonly string[]).includes(value);
}

/** The status after `event`, or IllegalTransitionError (409) when the table has no such move. */
export function transition(from: DossierStatus, event: LifecycleEvent): DossierStatus {
  const row: Partial<Record<string, DossierStatus>> = transitions[from] ?? {};
  const to = row[event];
  if (!to) throw new IllegalTransitionError(from, event, { status: statusNames[from], event: eventNames[event] ?? { vi: event, en: event } });
  return to;
}

export function canTransition(from: DossierStatus, event: LifecycleEvent): boolean {
  const row: Partial<Record<string, DossierStatus>> = transitions[from] ?? {};
  return row[event] !== undefined;
}

/** Who must act at each human step, and the status the dossier is in while it waits. */
export const humanSteps = {
  supplement: { role: 'unitOfficer', status: 'SupplementRequested', name: { vi: 'Bổ sung hồ sơ', en: 'Supplement the dossier' } },
  appraisal: { role: 'officer', status: 'UnderAppraisal', name: { vi: 'Thẩm định', en: 'Appraisal' } },
  council: { role: 'councilSecretary', status: 'AwaitingCouncil', name: { vi: 'Hội đồng xét, bỏ phiếu', en: 'Council vote' } },
  chairDecision: { role: 'chair', status: 'AwaitingDecision', name: { vi: 'Chủ tịch quyết định', en: "Chair's decision" } },
} as const satisfies Record<HumanStep, { role: Role; status: DossierStatus; name: { vi: string; en: string } }>;

/**
 * Documents may be added while the unit drafts (any kind), or while it answers a supplement request — then only
 * the kinds that request names. Checked when an upload is presigned and again when it is verified, so a file
 * presigned while the dossier was open cannot be verified into it once it has moved on.
 */
export function assertDossierAcceptsDocument(dossier: { status: string; missingDocuments?: readonly string[] }, kind: string): void {
  const { status } = dossier;
  if (status === 'Draft') return;
  if (status === 'SupplementRequested') {
    if (dossier.missingDocuments?.includes(kind)) return;
    const requested = dossier.missingDocuments?.join(', ') || '—';
    throw new ConflictError({
      code: 'KIND_NOT_REQUESTED',
      field: 'kind',
      messages: {
        vi: `Yêu cầu bổ sung chỉ nhận các loại tài liệu đã nêu (${requested}), không nhận "${kind}"`,
        en: `The supplement request takes only the document kinds it names (${requested}), not "${kind}"`,
      },
    });
  }
  throw new ConflictError({
    code: 'DOSSIER_LOCKED',
    field: 'status',
    messages: {
      vi: `Hồ sơ ở trạng thái "${isDossierStatus(status) ? statusNames[status].vi : status}" không nhận thêm tài liệu`,
      en: `A dossier that is "${status}" accepts no documents`,
    },
  });
}

export interface OutcomeChange {
  readonly event: LifecycleEvent;
  readonly details?: Record<string, unknown>;
  readonly set?: { decision?: { number: string; date: string }; proposal?: { number: string; date: string }; missingDocuments?: string[]; outcomeReason?: string; nominees?: DossierRecord['nominees'] };
  /** What goes back into the waiting execution (SendTaskSuccess output). */
  readonly outcome: TaskOutcome;
}

/** What a completed human step means for the dossier and for the workflow. Pure; validation happened in the schema. */
/** The refusals with the nominees' names, for the audit event and the e-mail that tells the unit. */
const named = (nominees: DossierRecord['nominees'], refusals: readonly NomineeRefusal[]) => refusals.map((r) => ({ ...r, name: nominees[r.nomineeIndex]?.name ?? '' }));

/**
 * What a completed human step means for the dossier, its nominees and the workflow. Pure; the schema validated
 * the shapes. `form` is the dossier's own rules (its regulation snapshot), which say whether its council votes;
 * `nominees` are the dossier's, each with its outcome so far.
 */
export function changeForOutcome(input: CompleteTaskInput, form: { readonly council: Pick<CouncilRule, 'vote'>; readonly level?: 'provincial' | 'central' }, nominees: DossierRecord['nominees'] = []): OutcomeChange {
  switch (input.step) {
    case 'supplement':
      return { event: 'answerSupplement', ...(input.note ? { details: { note: input.note } } : {}), outcome: { outcome: 'answered' } };
    case 'appraisal':
      if (input.result === 'eligible') {
        const refused = input.ineligibleNominees ?? [];
        assertRefusals(nominees, refused, 'ineligibleNominees');
        if (refused.length > 0 && refused.length === inPlay(nominees).length) {
          throw new ValidationError({
            field: 'ineligibleNominees',
            messages: { vi: 'Tất cả người được đề nghị đều không đủ điều kiện: hãy chọn kết quả "không đủ điều kiện" cho cả hồ sơ', en: 'Every nominee is ineligible: choose "ineligible" for the whole dossier' },
          });
        }
        const details = { ...(input.note ? { note: input.note } : {}), ...(refused.length ? { ineligibleNominees: named(nominees, refused) } : {}) };
        return {
          event: needsCouncilVote(form) ? 'appraiseEligible' : 'appraiseEligibleWithoutVote',
          ...(Object.keys(details).length ? { details } : {}),
          ...(refused.length ? { set: { nominees: refuse(nominees, refused, 'appraisal') } } : {}),
          outcome: { outcome: 'eligible' },
        };
      }
      if (input.result === 'supplement') {
        const missing = [...(input.missingDocuments ?? [])];
        return {
          event: 'requestSupplement',
          details: { missing, reason: input.reason },
          set: { missingDocuments: missing },
          outcome: { outcome: 'supplement' },
        };
      }
      return { event: 'appraiseIneligible', details: { reason: input.reason }, set: { outcomeReason: input.reason, ...(nominees.length ? { nominees: refuseAll(nominees, input.reason, 'appraisal') } : {}) }, outcome: { outcome: 'ineligible' } };
    case 'chairDecision':
      if (input.decision === 'approve') {
        const refused = input.notAwardedNominees ?? [];
        assertRefusals(nominees, refused, 'notAwardedNominees');
        if (refused.length > 0 && refused.length === inPlay(nominees).length) {
          throw new ValidationError({
            field: 'notAwardedNominees',
            messages: { vi: 'Không khen thưởng ai: hãy chọn "không phê duyệt" cho cả hồ sơ', en: 'Nobody is awarded: choose "reject" for the whole dossier' },
          });
        }
        assertNumberFitsLevel(input.decisionNumber, form.level ?? 'provincial');
        if (form.level === 'central') {
          // The chair signs the proposal (tờ trình): nobody is awarded yet; the rest stay in play for Hà Nội's answer.
          return {
            event: 'forwardUpward',
            details: { proposalNumber: input.decisionNumber, proposalDate: input.decisionDate, ...(refused.length ? { notAwardedNominees: named(nominees, refused) } : {}) },
            set: { proposal: { number: input.decisionNumber, date: input.decisionDate }, ...(refused.length ? { nominees: refuse(nominees, refused, 'decision') } : {}) },
            outcome: { outcome: 'forward', decisionNumber: input.decisionNumber, decisionDate: input.decisionDate },
          };
        }
        const decided = awardInPlay(refuse(nominees, refused, 'decision'));
        return {
          event: 'approve',
          details: { decisionNumber: input.decisionNumber, decisionDate: input.decisionDate, ...(refused.length ? { notAwardedNominees: named(nominees, refused) } : {}) },
          set: { decision: { number: input.decisionNumber, date: input.decisionDate }, ...(nominees.length ? { nominees: decided } : {}) },
          outcome: { outcome: 'approve', decisionNumber: input.decisionNumber, decisionDate: input.decisionDate },
        };
      }
      return { event: 'reject', details: { reason: input.reason }, set: { outcomeReason: input.reason, ...(nominees.length ? { nominees: refuseAll(nominees, input.reason, 'decision') } : {}) }, outcome: { outcome: 'reject' } };
  }
}

/**
 * A provincial award is decided by a decision (`<n>/QĐ-UBND`); a proposal to the central level is signed as a
 * tờ trình (`<n>/TTr-UBND`). The number says which document the chair signs, so the two cannot be mixed up.
 */
function assertNumberFitsLevel(number: string, level: 'provincial' | 'central'): void {
  const central = level === 'central';
  if (central === number.endsWith('/TTr-UBND')) return;
  throw new ValidationError({
    field: 'decisionNumber',
    messages: central
      ? { vi: 'Hình thức này do cấp trên quyết định: Chủ tịch ký tờ trình, số có dạng số/TTr-UBND, ví dụ 12/TTr-UBND', en: 'This form is decided upward: the chair signs a proposal numbered like 12/TTr-UBND' }
      : { vi: 'Số quyết định phải có dạng số/QĐ-UBND, ví dụ 123/QĐ-UBND', en: 'The decision number must look like 123/QĐ-UBND' },
  });
}
