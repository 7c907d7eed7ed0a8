/**
 * What each state of the deployed state machine (infra/constructs/workflow-definition.ts) is called where people
 * read it — the dossier page's workflow picture — and how the picture treats it. Keyed by the ASL state name;
 * test/infra/workflow-diagram.test.ts fails when a state of the synthesized definition has no entry here.
 *
 * How the picture treats a state:
 * - `step`: a step the dossier passes through (a person's wait, or the system's work a person would recognise);
 * - `end`: where the dossier's path ends (an outcome);
 * - `aside`: an outcome reachable from every wait (the unit withdraws its dossier): drawn apart, with its `note`,
 *   instead of a line from each wait across the whole picture;
 * - `route`: not drawn; the lines pass through it. These are the engine's branchings (Choice states, which only
 *   read the outcome of the step before) and the escalation of an overdue wait (it reports to the head of the
 *   secretariat and the same wait goes on, so in the picture it would only be a loop back onto the wait);
 * - `failure`: not drawn, nor its lines. The system-error path (note the failed step, alert, resume or stop)
 *   is no step of the dossier; the timeline shows it when it happens.
 */
import type { Bilingual } from './errors.ts';
import { type DossierStatus, statusNames } from './lifecycle.ts';

export type WorkflowStateRole = 'step' | 'end' | 'aside' | 'route' | 'failure';
export interface WorkflowStateLabel {
  readonly name: Bilingual;
  readonly role: WorkflowStateRole;
  /** For an `aside` state: when it is reached (it has no lines in the picture). */
  readonly note?: Bilingual;
}

/** Where a dossier of each status stands in the state machine (a Draft has no execution yet). */
export const stateOfStatus: Readonly<Partial<Record<DossierStatus, string>>> = {
  Submitted: 'CheckCompleteness',
  SupplementRequested: 'AwaitSupplement',
  UnderAppraisal: 'AwaitAppraisal',
  AwaitingCouncil: 'AwaitCouncil',
  AwaitingDecision: 'AwaitChairDecision',
  Awarded: 'Awarded',
  NotApproved: 'NotApproved',
  Returned: 'Returned',
  Withdrawn: 'Withdrawn',
  ForwardedUpward: 'ForwardedUpward',
};

// A wait and an outcome read as the dossier's status there (one word for one thing: badge, list and picture).
const asStatus = (status: DossierStatus, role: 'step' | 'end' | 'aside', note?: Bilingual): WorkflowStateLabel => ({ name: statusNames[status], role, ...(note && { note }) });
const overdue: Bilingual = { vi: 'Quá hạn, đã báo cáo Trưởng Ban', en: 'Overdue, reported to the head of the secretariat' };

export const workflowStates: Readonly<Record<string, WorkflowStateLabel>> = {
  CheckCompleteness: { name: { vi: 'Tiếp nhận, kiểm tra thành phần hồ sơ', en: 'Receipt and completeness check' }, role: 'step' },
  AwaitSupplement: asStatus('SupplementRequested', 'step'),
  ExpireSupplement: { name: { vi: 'Quá hạn bổ sung', en: 'Supplement deadline passed' }, role: 'step' },
  AwaitAppraisal: asStatus('UnderAppraisal', 'step'),
  AwaitCouncil: asStatus('AwaitingCouncil', 'step'),
  AwaitChairDecision: asStatus('AwaitingDecision', 'step'),
  RecordDecision: { name: { vi: 'Vào sổ khen thưởng', en: 'Entry in the award register' }, role: 'step' },
  RenderDecisionDocuments: { name: { vi: 'Lập văn bản quyết định khen thưởng', en: 'Decision documents drawn up' }, role: 'step' },
  RenderProposalDocuments: { name: { vi: 'Lập tờ trình cấp trên', en: 'Proposal to the central level drawn up' }, role: 'step' },
  Awarded: asStatus('Awarded', 'end'),
  NotApproved: asStatus('NotApproved', 'end'),
  Returned: asStatus('Returned', 'end'),
  Withdrawn: asStatus('Withdrawn', 'aside', { vi: 'Đơn vị có thể rút hồ sơ khi hồ sơ đang chờ ở bất kỳ bước nào', en: 'The unit may withdraw the dossier while it waits at any step' }),
  ForwardedUpward: asStatus('ForwardedUpward', 'end'),

  ResumeOrStart: { name: { vi: 'Bắt đầu hoặc tiếp tục quy trình', en: 'Start or resume the workflow' }, role: 'route' },
  IsComplete: { name: { vi: 'Hồ sơ đủ thành phần?', en: 'Is the dossier complete?' }, role: 'route' },
  SupplementReturned: { name: { vi: 'Trả lại hồ sơ khi quá hạn bổ sung?', en: 'Return the dossier when the supplement is overdue?' }, role: 'route' },
  AppraisalOutcome: { name: { vi: 'Kết quả thẩm định', en: 'Appraisal result' }, role: 'route' },
  NeedsCouncilVote: { name: { vi: 'Cần Hội đồng bỏ phiếu?', en: 'Does the council vote?' }, role: 'route' },
  CouncilOutcome: { name: { vi: 'Kết quả bỏ phiếu của Hội đồng', en: "The council's vote" }, role: 'route' },
  ChairOutcome: { name: { vi: 'Quyết định của Chủ tịch', en: "The chair's decision" }, role: 'route' },
  EscalateSupplement: { name: overdue, role: 'route' },
  EscalateAppraisal: { name: overdue, role: 'route' },
  EscalateCouncil: { name: overdue, role: 'route' },
  EscalateChairDecision: { name: overdue, role: 'route' },

  ReportFailure: { name: { vi: 'Báo lỗi hệ thống cho Trưởng Ban và quản trị', en: 'System error reported to the head and admins' }, role: 'failure' },
  ResumeFailedStep: { name: { vi: 'Chạy lại bước bị lỗi', en: 'Run the failed step again' }, role: 'failure' },
  Failed: { name: { vi: 'Quy trình dừng do lỗi hệ thống', en: 'Workflow stopped on a system error' }, role: 'failure' },
};

/**
 * The entry for a state; the failure path's notes (`<step>Failed`, one per guarded step, made by the definition's
 * `failureOf`) are named after their step, so a new guarded step needs only its own entry.
 */
export function workflowStateLabel(state: string): WorkflowStateLabel | undefined {
  const own = workflowStates[state];
  if (own) return own;
  const step = /^(.+)Failed$/.exec(state)?.[1];
  const of = step ? workflowStates[step] : undefined;
  return of && { name: { vi: `Lỗi hệ thống ở bước "${of.name.vi}"`, en: `System error at "${of.name.en}"` }, role: 'failure' };
}
