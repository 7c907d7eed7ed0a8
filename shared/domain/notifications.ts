import type { ActorRef, AuditEventRecord, DossierRecord } from '#schemas/records';
import { addWorkingDays, formatDateVi, localDate } from './calendar.ts';
import { findAwardForm, isCentral } from './catalogue.ts';
import { awardNames, documentNames } from './catalogue-texts.ts';
import type { Bilingual } from './errors.ts';
import { humanSteps } from './lifecycle.ts';
import { type Letter, renderMail, signature } from './mail-layout.ts';
import { rulesOf } from './regulation.ts';
import { type RevocationGround, revocationGrounds } from './revocation-grounds.ts';
import type { HumanStep } from './workflow.ts';

export interface NotificationContext {
  readonly appUrl: string;
  /** Group mailboxes by role (officer, secretariatHead, councilSecretary, chair, admin). */
  readonly mailboxes: Readonly<Record<string, string>>;
}

export interface Notification {
  readonly to: string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/**
 * Who a mail is for: the submitting unit (its contact address), a role's group mailbox, or the secretariat as a
 * whole (the officers' and the head's mailboxes, one mail).
 */
export type Recipient = 'unit' | 'officer' | 'secretariatHead' | 'secretariat' | 'councilSecretary' | 'chair';

const roleNames: Record<Exclude<Recipient, 'unit'>, Bilingual> = {
  officer: { vi: 'Chuyên viên Ban Thi đua – Khen thưởng tỉnh', en: 'Officers of the Provincial Emulation and Commendation Board' },
  secretariatHead: { vi: 'Trưởng Ban Thi đua – Khen thưởng tỉnh', en: 'Head of the Provincial Emulation and Commendation Board' },
  secretariat: { vi: 'Ban Thi đua – Khen thưởng tỉnh', en: 'Provincial Emulation and Commendation Board' },
  councilSecretary: { vi: 'Thư ký Hội đồng Thi đua – Khen thưởng tỉnh', en: 'Secretary of the Provincial Emulation and Commendation Council' },
  chair: { vi: 'Chủ tịch Ủy ban nhân dân tỉnh', en: "Chair of the Provincial People's Committee" },
};

/** The mailboxes of a recipient, less those of the role the actor acted in (nobody is mailed for what they did). */
export function addressesOf(recipient: Recipient, dossier: Pick<DossierRecord, 'contactEmail' | 'unitId'>, ctx: NotificationContext, actor?: ActorRef): string[] {
  const roles = recipient === 'secretariat' ? ['officer', 'secretariatHead'] : [recipient];
  const addresses = roles
    .filter((r) => !actedAs(actor, r, dossier.unitId))
    .map((r) => (r === 'unit' ? dossier.contactEmail : ctx.mailboxes[r]))
    .filter((x): x is string => typeof x === 'string' && x.includes('@'));
  return [...new Set(addresses)];
}

/** Whether the event's actor is (one of) the recipient: a person of the unit for the unit, a holder of the role for a role. */
export function actedAs(actor: ActorRef | undefined, recipient: string, unitId: string): boolean {
  if (!actor) return false;
  if (recipient === 'unit') return actor.unitId !== undefined && actor.unitId === unitId;
  return actor.roles.includes(recipient);
}

/** What the templates are given. */
export interface MailCase {
  readonly dossier: DossierRecord;
  readonly event: AuditEventRecord;
  readonly unit: string;
}

/** One mail's words, Vietnamese and English, before the common layout (greeting, facts, link, signature). */
interface Draft {
  readonly happened: Bilingual[];
  readonly lists?: { heading: Bilingual; items: string[] | Bilingual[] }[];
  readonly todo?: Bilingual;
}

export interface MailRule {
  readonly to: Recipient;
  /** 'act': the recipient must do something (the step it waits for); 'outcome': a result is known. */
  readonly why: 'act' | 'outcome';
  /** What the subject says first (unique per event and recipient: tests and people find a mail by it). */
  readonly lead: Bilingual;
  /** The step the recipient must do, whose working-day deadline the mail states. */
  readonly step?: HumanStep;
  /** Only when this holds (the docs say when, in `doc`). */
  readonly onlyIf?: { readonly doc: string; readonly test: (c: MailCase) => boolean };
  readonly write: (c: MailCase) => Draft;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const both = (s: string): Bilingual => ({ vi: s, en: s });
const reasonOf = (e: AuditEventRecord): Bilingual[] => {
  const r = str(e.details?.reason);
  return r ? [{ vi: `Lý do: ${r}`, en: `Reason: ${r}` }] : [];
};
const award = (d: DossierRecord): Bilingual => (awardNames as Record<string, Bilingual>)[d.awardCode] ?? both(d.awardCode);
const dateVi = (v: unknown) => formatDateVi(str(v));

/** The nominees a step refused (appraisal, the chair), each with why. */
function refusedAt(e: AuditEventRecord, key: string): string[] {
  const refused = e.details?.[key];
  return Array.isArray(refused) ? refused.map((r: { name?: string; reason?: string }) => `${r.name ?? ''}: ${r.reason ?? ''}`) : [];
}
/** The nominees the council did not pass, with their counts. */
function refusedByCouncil(d: DossierRecord): string[] {
  return d.nominees.filter((n) => n.outcomeStage === 'council' && n.outcome === 'notAwarded').map((n) => `${n.name}: ${n.outcomeReason ?? ''}`);
}
const notEligibleList = (items: string[]) => (items.length ? [{ heading: { vi: 'Không đủ điều kiện:', en: 'Not eligible:' }, items }] : []);

/** The revocation's nominees, ground and reason. */
function revocationLines(e: AuditEventRecord): Pick<Draft, 'lists'> & { happened: Bilingual[] } {
  const ground = revocationGrounds[str(e.details?.ground) as RevocationGround];
  const names = Array.isArray(e.details?.nominees) ? (e.details.nominees as { name?: string }[]).map((n) => n.name ?? '') : [];
  return {
    lists: names.length ? [{ heading: { vi: 'Người bị hủy bỏ khen thưởng:', en: 'Awards revoked for:' }, items: names }] : [],
    happened: [...(ground ? [{ vi: `Căn cứ: ${ground.vi}`, en: `Ground: ${ground.en}` }] : []), ...reasonOf(e)],
  };
}

const chairDecides = (d: DossierRecord): Bilingual =>
  isCentral(findAwardForm(d.awardCode))
    ? { vi: 'Ký tờ trình đề nghị cấp trên khen thưởng, hoặc không phê duyệt (nêu lý do).', en: 'Sign the proposal to the central level, or decline it (with a reason).' }
    : { vi: 'Quyết định khen thưởng (số và ngày quyết định), hoặc không phê duyệt (nêu lý do).', en: 'Decide the award (decision number and date), or decline it (with a reason).' };

const appraisalRefusedSome = { doc: 'only when some nominees were found not eligible', test: (c: MailCase) => refusedAt(c.event, 'ineligibleNominees').length > 0 };

/**
 * Which events mail whom, and what they say: the single source of the mail policy (docs/emails.md is generated
 * from it). An event absent here mails nobody at the time (see `unmailed` and `inDigest` for why).
 */
export const mailRules: Readonly<Record<string, readonly MailRule[]>> = {
  passCompleteness: [{
    to: 'officer', why: 'act', step: 'appraisal', lead: { vi: 'Cần thẩm định hồ sơ', en: 'Appraisal needed' },
    write: (c) => ({
      happened: [{ vi: `Hồ sơ "${c.dossier.title}" của ${c.unit} đã đủ thành phần và được chuyển thẩm định.`, en: `The dossier "${c.dossier.title}" of ${c.unit} is complete and has moved to appraisal.` }],
      todo: { vi: 'Thẩm định hồ sơ và ghi kết quả: đủ điều kiện, không đủ điều kiện hoặc yêu cầu bổ sung.', en: 'Appraise the dossier and record the result: eligible, not eligible, or a supplement request.' },
    }),
  }],
  requestSupplement: [{
    to: 'unit', why: 'act', step: 'supplement', lead: { vi: 'Cần bổ sung hồ sơ', en: 'Supplement needed' },
    write: (c) => {
      const missing = ((c.event.details?.missing ?? c.event.details?.missingDocuments ?? []) as string[]).map((k) => (documentNames as Record<string, Bilingual>)[k] ?? both(k));
      const returns = rulesOf(c.dossier).returnAfterMissedSupplement;
      return {
        happened: [
          c.event.actor.userId === 'system'
            ? { vi: `Hồ sơ "${c.dossier.title}" còn thiếu tài liệu theo quy định.`, en: `The dossier "${c.dossier.title}" lacks documents the rules require.` }
            : { vi: `Ban Thi đua – Khen thưởng tỉnh đề nghị đơn vị bổ sung hồ sơ "${c.dossier.title}".`, en: `The Provincial Emulation and Commendation Board asks the unit to supplement the dossier "${c.dossier.title}".` },
          ...reasonOf(c.event),
        ],
        lists: missing.length ? [{ heading: { vi: 'Tài liệu cần bổ sung:', en: 'Documents to add:' }, items: missing }] : [],
        todo: returns
          ? { vi: 'Tải lên các tài liệu còn thiếu trên trang hồ sơ và gửi bổ sung. Quá hạn mà chưa bổ sung, hồ sơ sẽ bị trả lại.', en: 'Upload the missing documents on the dossier page and send the supplement. If the deadline passes first, the dossier is returned.' }
          : { vi: 'Tải lên các tài liệu còn thiếu trên trang hồ sơ và gửi bổ sung.', en: 'Upload the missing documents on the dossier page and send the supplement.' },
      };
    },
  }],
  expireSupplement: [{
    to: 'unit', why: 'outcome', lead: { vi: 'Hồ sơ bị trả lại do quá hạn bổ sung', en: 'Dossier returned: supplement overdue' },
    write: (c) => ({
      happened: [{ vi: `Hồ sơ "${c.dossier.title}" đã bị trả lại vì đơn vị chưa bổ sung tài liệu trong thời hạn.`, en: `The dossier "${c.dossier.title}" was returned: the unit did not send the supplement in time.` }],
      todo: { vi: 'Nếu vẫn đề nghị khen thưởng, đơn vị lập hồ sơ mới.', en: 'To propose the award again, the unit prepares a new dossier.' },
    }),
  }],
  appraiseEligible: [
    {
      to: 'councilSecretary', why: 'act', step: 'council', lead: { vi: 'Cần đưa hồ sơ ra Hội đồng xét', en: 'Council review needed' },
      write: (c) => ({
        happened: [{ vi: `Hồ sơ "${c.dossier.title}" đã được thẩm định đủ điều kiện, chờ Hội đồng Thi đua – Khen thưởng tỉnh xét và bỏ phiếu.`, en: `The dossier "${c.dossier.title}" was appraised eligible and awaits the council's review and vote.` }],
        lists: notEligibleList(refusedAt(c.event, 'ineligibleNominees')),
        todo: { vi: 'Đưa hồ sơ vào một phiên họp của Hội đồng.', en: 'Put the dossier on a council session.' },
      }),
    },
    {
      to: 'unit', why: 'outcome', onlyIf: appraisalRefusedSome, lead: { vi: 'Kết quả thẩm định hồ sơ', en: 'Appraisal result' },
      write: (c) => ({
        happened: [{ vi: `Hồ sơ "${c.dossier.title}" đã được thẩm định đủ điều kiện và trình Hội đồng Thi đua – Khen thưởng tỉnh xét; một số người được đề nghị không đủ điều kiện.`, en: `The dossier "${c.dossier.title}" was appraised eligible and goes to the council; some nominees are not eligible.` }],
        lists: notEligibleList(refusedAt(c.event, 'ineligibleNominees')),
      }),
    },
  ],
  appraiseEligibleWithoutVote: [
    {
      to: 'chair', why: 'act', step: 'chairDecision', lead: { vi: 'Cần Chủ tịch quyết định khen thưởng', en: 'Award decision needed' },
      write: (c) => ({
        happened: [{ vi: `Hồ sơ "${c.dossier.title}" đã được thẩm định đủ điều kiện, trình Chủ tịch Ủy ban nhân dân tỉnh quyết định.`, en: `The dossier "${c.dossier.title}" was appraised eligible and goes to the chair for decision.` }],
        lists: notEligibleList(refusedAt(c.event, 'ineligibleNominees')),
        todo: chairDecides(c.dossier),
      }),
    },
    {
      to: 'unit', why: 'outcome', onlyIf: appraisalRefusedSome, lead: { vi: 'Kết quả thẩm định hồ sơ', en: 'Appraisal result' },
      write: (c) => ({
        happened: [{ vi: `Hồ sơ "${c.dossier.title}" đã được thẩm định đủ điều kiện và trình Chủ tịch Ủy ban nhân dân tỉnh quyết định; một số người được đề nghị không đủ điều kiện.`, en: `The dossier "${c.dossier.title}" was appraised eligible and goes to the chair; some nominees are not eligible.` }],
        lists: notEligibleList(refusedAt(c.event, 'ineligibleNominees')),
      }),
    },
  ],
  appraiseIneligible: [{
    to: 'unit', why: 'outcome', lead: { vi: 'Hồ sơ không đủ điều kiện khen thưởng', en: 'Dossier not eligible' },
    write: (c) => ({ happened: [{ vi: `Qua thẩm định, hồ sơ "${c.dossier.title}" không đủ điều kiện khen thưởng.`, en: `On appraisal, the dossier "${c.dossier.title}" is not eligible for the award.` }, ...reasonOf(c.event)] }),
  }],
  passCouncil: [
    {
      to: 'chair', why: 'act', step: 'chairDecision', lead: { vi: 'Cần Chủ tịch quyết định khen thưởng', en: 'Award decision needed' },
      write: (c) => ({
        happened: [{ vi: `Hội đồng Thi đua – Khen thưởng tỉnh đã thông qua hồ sơ "${c.dossier.title}", trình Chủ tịch Ủy ban nhân dân tỉnh quyết định.`, en: `The council passed the dossier "${c.dossier.title}"; it goes to the chair for decision.` }],
        lists: refusedByCouncil(c.dossier).length ? [{ heading: { vi: 'Không được Hội đồng thông qua:', en: 'Not passed by the council:' }, items: refusedByCouncil(c.dossier) }] : [],
        todo: chairDecides(c.dossier),
      }),
    },
    {
      to: 'unit', why: 'outcome', onlyIf: { doc: 'only when the council did not pass some of several nominees', test: (c) => c.dossier.nominees.length > 1 && refusedByCouncil(c.dossier).length > 0 },
      lead: { vi: 'Kết quả xét của Hội đồng', en: 'Council result' },
      write: (c) => ({
        happened: [{ vi: `Hội đồng Thi đua – Khen thưởng tỉnh đã thông qua hồ sơ "${c.dossier.title}" và trình Chủ tịch Ủy ban nhân dân tỉnh quyết định; một số người được đề nghị không được thông qua.`, en: `The council passed the dossier "${c.dossier.title}" and it goes to the chair; some nominees were not passed.` }],
        lists: [{ heading: { vi: 'Không được Hội đồng thông qua:', en: 'Not passed by the council:' }, items: refusedByCouncil(c.dossier) }],
      }),
    },
  ],
  failCouncil: [{
    to: 'unit', why: 'outcome', lead: { vi: 'Hồ sơ không được Hội đồng thông qua', en: 'Not passed by the council' },
    write: (c) => ({
      happened: [{ vi: `Hồ sơ "${c.dossier.title}" không đạt tỷ lệ phiếu đồng ý cần thiết của Hội đồng Thi đua – Khen thưởng tỉnh.`, en: `The dossier "${c.dossier.title}" did not reach the council's required share of votes in favour.` }],
      lists: refusedByCouncil(c.dossier).length ? [{ heading: { vi: 'Kết quả của từng người:', en: 'Each nominee:' }, items: refusedByCouncil(c.dossier) }] : [],
    }),
  }],
  approve: [{
    to: 'unit', why: 'outcome', lead: { vi: 'Đã có quyết định khen thưởng', en: 'Award decided' },
    write: (c) => {
      const d = c.dossier;
      const number = d.decision?.number ?? str(c.event.details?.decisionNumber);
      const date = formatDateVi(d.decision?.date ?? str(c.event.details?.decisionDate));
      const awarded = d.nominees.filter((n) => n.outcome === 'awarded').map((n) => n.name);
      const refused = d.nominees.filter((n) => n.outcome === 'notAwarded').map((n) => `${n.name}: ${n.outcomeReason ?? ''}`);
      const whom = awarded.length ? awarded.join(', ') : d.title;
      return {
        happened: [{
          vi: `Chủ tịch Ủy ban nhân dân tỉnh đã ban hành Quyết định số ${number} ngày ${date} khen thưởng ${whom}: ${award(d).vi} (hồ sơ "${d.title}").`,
          en: `The Chair of the Provincial People's Committee issued Decision No. ${number} of ${date} awarding ${whom}: ${award(d).en} (dossier "${d.title}").`,
        }],
        lists: refused.length ? [{ heading: { vi: 'Được khen thưởng:', en: 'Awarded:' }, items: awarded }, { heading: { vi: 'Không được khen thưởng:', en: 'Not awarded:' }, items: refused }] : [],
      };
    },
  }],
  reject: [{
    to: 'unit', why: 'outcome', lead: { vi: 'Hồ sơ không được khen thưởng', en: 'Award not approved' },
    write: (c) => ({ happened: [{ vi: `Chủ tịch Ủy ban nhân dân tỉnh không phê duyệt khen thưởng đối với hồ sơ "${c.dossier.title}".`, en: `The Chair of the Provincial People's Committee did not approve the award for the dossier "${c.dossier.title}".` }, ...reasonOf(c.event)] }),
  }],
  forwardUpward: [
    {
      to: 'unit', why: 'outcome', lead: { vi: 'Hồ sơ đã được trình cấp trên', en: 'Proposal sent to the central level' },
      write: (c) => ({ happened: [forwarded(c.dossier)] }),
    },
    {
      to: 'officer', why: 'act', lead: { vi: 'Cần gửi tờ trình lên cấp trên', en: 'Proposal to send upward' },
      write: (c) => ({
        happened: [forwarded(c.dossier)],
        todo: { vi: 'Gửi tờ trình và hồ sơ đến Bộ Nội vụ (Ban Thi đua – Khen thưởng Trung ương); ghi kết quả vào hệ thống khi nhận được.', en: 'Send the proposal and the dossier to the Ministry of Home Affairs; record the answer when it arrives.' },
      }),
    },
  ],
  centralOutcomeRecorded: [{
    to: 'unit', why: 'outcome', lead: { vi: 'Kết quả khen thưởng của cấp trên', en: 'Answer of the central level' },
    write: (c) => {
      const e = c.event;
      return {
        happened: [e.details?.awarded
          ? { vi: `${str(e.details?.issuingBody)} đã ban hành Quyết định số ${str(e.details?.decisionNumber)} ngày ${dateVi(e.details?.decisionDate)} khen thưởng ${str(e.details?.name)} (hồ sơ "${c.dossier.title}").`, en: `${str(e.details?.issuingBody)} issued Decision No. ${str(e.details?.decisionNumber)} of ${dateVi(e.details?.decisionDate)} awarding ${str(e.details?.name)} (dossier "${c.dossier.title}").` }
          : { vi: `Cấp trên không khen thưởng ${str(e.details?.name)} (hồ sơ "${c.dossier.title}").`, en: `The central level did not award ${str(e.details?.name)} (dossier "${c.dossier.title}").` }, ...(e.details?.awarded ? [] : reasonOf(e))],
      };
    },
  }],
  withdraw: [{
    to: 'officer', why: 'outcome', onlyIf: { doc: 'only when the dossier had been submitted (not a draft)', test: (c) => c.event.fromStatus !== undefined && c.event.fromStatus !== 'Draft' },
    lead: { vi: 'Đơn vị đã rút hồ sơ', en: 'Dossier withdrawn' },
    write: (c) => ({ happened: [{ vi: `${c.unit} đã rút hồ sơ "${c.dossier.title}"; hồ sơ không cần xử lý tiếp.`, en: `${c.unit} withdrew the dossier "${c.dossier.title}"; nothing more is to be done on it.` }, ...reasonOf(c.event)] }),
  }],
  revocationProposed: [{
    to: 'chair', why: 'act', lead: { vi: 'Cần Chủ tịch quyết định việc hủy bỏ khen thưởng', en: 'Revocation to decide' },
    write: (c) => {
      const r = revocationLines(c.event);
      return {
        happened: [{ vi: `Ban Thi đua – Khen thưởng tỉnh đề nghị hủy bỏ khen thưởng theo Quyết định số ${c.dossier.decision?.number ?? ''} (hồ sơ "${c.dossier.title}").`, en: `The Provincial Emulation and Commendation Board proposes revoking awards of Decision No. ${c.dossier.decision?.number ?? ''} (dossier "${c.dossier.title}").` }, ...r.happened],
        ...(r.lists ? { lists: r.lists } : {}),
        todo: { vi: 'Quyết định hủy bỏ khen thưởng (số và ngày quyết định), hoặc không đồng ý (nêu lý do).', en: 'Decide the revocation (decision number and date), or decline it (with a reason).' },
      };
    },
  }],
  revoke: [
    { to: 'unit', why: 'outcome', lead: { vi: 'Quyết định hủy bỏ khen thưởng', en: 'Award revoked' }, write: (c) => revoked(c, true) },
    { to: 'secretariat', why: 'outcome', lead: { vi: 'Quyết định hủy bỏ khen thưởng', en: 'Award revoked' }, write: (c) => revoked(c, false) },
  ],
  revocationDeclined: [{
    to: 'secretariat', why: 'outcome', lead: { vi: 'Chủ tịch không đồng ý hủy bỏ khen thưởng', en: 'Revocation declined' },
    write: (c) => ({ happened: [{ vi: `Chủ tịch Ủy ban nhân dân tỉnh không đồng ý hủy bỏ khen thưởng của hồ sơ "${c.dossier.title}"; khen thưởng được giữ nguyên.`, en: `The chair declined to revoke the awards of the dossier "${c.dossier.title}"; the awards stand.` }, ...reasonOf(c.event)] }),
  }],
  escalated: [{
    to: 'secretariatHead', why: 'act', lead: { vi: 'Hồ sơ chờ quá lâu, cần Trưởng Ban xử lý', en: 'Step waiting too long' },
    onlyIf: { doc: 'only when the workflow\'s own ceiling is reached; steps the daily sweep finds overdue go into the daily digest', test: (c) => !inDigest(c.event) },
    write: (c) => {
      const step = humanSteps[str(c.event.details?.step) as HumanStep]?.name;
      return {
        happened: [{ vi: `Bước "${step?.vi ?? ''}" của hồ sơ "${c.dossier.title}" đã chờ quá thời hạn tối đa.`, en: `The step "${step?.en ?? ''}" of the dossier "${c.dossier.title}" has waited past its ceiling.` }],
        todo: { vi: 'Đôn đốc người có trách nhiệm hoặc xử lý theo thẩm quyền.', en: 'Chase the person responsible, or act within your authority.' },
      };
    },
  }],
};

function forwarded(d: DossierRecord): Bilingual {
  const n = d.proposal?.number ?? '';
  const date = d.proposal ? formatDateVi(d.proposal.date) : '';
  return {
    vi: `Chủ tịch Ủy ban nhân dân tỉnh đã ký Tờ trình số ${n} ngày ${date} đề nghị cấp trên khen thưởng (hồ sơ "${d.title}"); đang chờ kết quả của cấp trên.`,
    en: `The provincial chair signed Proposal No. ${n} of ${date} asking the central level to award (dossier "${d.title}"); the answer is awaited.`,
  };
}

function revoked(c: MailCase, toUnit: boolean): Draft {
  const e = c.event;
  const r = revocationLines(e);
  return {
    happened: [{
      vi: `Chủ tịch Ủy ban nhân dân tỉnh đã ban hành Quyết định số ${str(e.details?.decisionNumber)} ngày ${dateVi(e.details?.decisionDate)} hủy bỏ khen thưởng theo Quyết định số ${str(e.details?.awardDecisionNumber)} (hồ sơ "${c.dossier.title}").`,
      en: `The provincial chair issued Decision No. ${str(e.details?.decisionNumber)} of ${dateVi(e.details?.decisionDate)} revoking awards of Decision No. ${str(e.details?.awardDecisionNumber)} (dossier "${c.dossier.title}").`,
    }, ...r.happened],
    ...(r.lists ? { lists: r.lists } : {}),
    ...(toUnit ? { todo: { vi: 'Thu hồi hiện vật, tiền thưởng đã nhận theo quy định.', en: 'Recover the items and money awarded, as the law requires.' } } : {}),
  };
}

/** Found by the daily sweep (reminders, overdue steps, overdue central answers): told in the daily digest, not one by one. */
export function inDigest(event: Pick<AuditEventRecord, 'action' | 'details'>): boolean {
  if (event.action === 'reminder' || event.action === 'centralAnswerOverdue') return true;
  return event.action === 'escalated' && ['overdue', 'supplementOverdue'].includes(str(event.details?.reason));
}

/** Events that mail nobody, and why (docs/emails.md). */
export const unmailed: Readonly<Record<string, string>> = {
  created: 'the unit made the draft itself',
  documentVerified: 'the unit uploaded the file and sees the check at once',
  documentQuarantined: 'the unit uploaded the file and sees the refusal at once',
  submit: 'the unit submitted it; the secretariat is mailed when the completeness check passes (or the unit, when it fails)',
  answerSupplement: 'the unit answered; the secretariat is mailed when the completeness check passes again',
  decisionRecorded: 'bookkeeping after the decision, which was mailed',
  workflowFailed: 'the failure alert goes straight through SES at once (see below)',
  workflowRedriven: 'done by the head or an administrator',
  reminder: 'daily digest',
  centralAnswerOverdue: 'daily digest',
};

/** The working-day deadline of the recipient's step, counted from the event (as the step's task is). */
export function dueDateOf(c: Pick<MailCase, 'dossier' | 'event'>, step: HumanStep): string {
  const days = rulesOf(c.dossier).form.deadlines[step];
  return addWorkingDays(localDate(new Date(c.event.at)), days);
}

const linkTo = (ctx: NotificationContext, dossierId: string) => `${ctx.appUrl}/#/dossiers/${encodeURIComponent(dossierId)}`;
const greetingOf = (recipient: Recipient, unit: string): Bilingual => (recipient === 'unit' ? both(unit) : roleNames[recipient]);
const asBilingual = (items: string[] | Bilingual[]): Bilingual[] => items.map((i) => (typeof i === 'string' ? both(i) : i));

/** The subject: what to do or what happened, by when, then the dossier; the English after a slash. */
export function subjectOf(rule: Pick<MailRule, 'lead'>, title: string, due?: string): string {
  const vi = `${rule.lead.vi}${due ? ` trước ${formatDateVi(due)}` : ''}: ${title}`;
  const en = `${rule.lead.en}${due ? ` by ${formatDateVi(due)}` : ''}`;
  return `${vi} / ${en}`;
}

/** One rule's mail for one event, to the given addresses. */
export function composeMail(rule: MailRule, c: MailCase, to: string[], ctx: NotificationContext): Notification {
  const draft = rule.write(c);
  const due = rule.step ? dueDateOf(c, rule.step) : undefined;
  const days = rule.step ? rulesOf(c.dossier).form.deadlines[rule.step] : 0;
  const greeting = greetingOf(rule.to, c.unit);
  const href = linkTo(ctx, c.dossier.id);
  const when = formatDateVi(c.event.at);
  const letter = (lang: 'vi' | 'en'): Letter => ({
    greeting: lang === 'vi' ? `Kính gửi: ${greeting.vi}` : `To: ${greeting.en}`,
    paragraphs: draft.happened.map((p) => p[lang]),
    lists: (draft.lists ?? []).map((l) => ({ heading: l.heading[lang], items: asBilingual(l.items).map((i) => i[lang]) })),
    facts: lang === 'vi'
      ? [['Hồ sơ', c.dossier.title], ['Hình thức', award(c.dossier).vi], ['Đơn vị trình', c.unit], ['Ngày', when]]
      : [['Dossier', c.dossier.title], ['Award', award(c.dossier).en], ['Submitting unit', c.unit], ['Date', when]],
    ...(draft.todo ? { todo: draft.todo[lang] } : {}),
    ...(due ? { due: lang === 'vi' ? `${formatDateVi(due)} (${days} ngày làm việc)` : `${formatDateVi(due)} (${days} working days)` } : {}),
    link: { label: lang === 'vi' ? 'Xem hồ sơ' : 'View the dossier', href },
    closing: signature[lang],
  });
  const subject = subjectOf(rule, c.dossier.title, due);
  return { to, subject, ...renderMail(subject, { vi: letter('vi'), en: letter('en') }) };
}

/**
 * The mails for one audit event: one per recipient of the event's rules whose condition holds, never to the
 * event's actor, none for events told in the daily digest. Links point to the dossier page and never carry a
 * token; bodies carry no ballot choices.
 */
export function notificationsFor(event: AuditEventRecord, dossier: DossierRecord, ctx: NotificationContext, unitName?: string): Notification[] {
  // The unit by the name it carried on the day of the event (a renamed or merged unit keeps its old name here).
  const c: MailCase = { dossier, event, unit: unitName ?? dossier.unitId };
  return (mailRules[event.action] ?? []).flatMap((rule) => {
    if (rule.onlyIf && !rule.onlyIf.test(c)) return [];
    const to = addressesOf(rule.to, dossier, ctx, event.actor);
    return to.length ? [composeMail(rule, c, to, ctx)] : [];
  });
}

export const notifiedActions = Object.keys(mailRules);

export interface FailureAlertInput {
  readonly dossierId: string;
  /** Unknown when the dossier could not be read (the fault may be the database's). */
  readonly title?: string;
  /** The error name the failed step ended with (e.g. Sandbox.Timedout); never its cause text. */
  readonly error?: string;
  /** Whether the failure could be written to the dossier's audit trail. */
  readonly recorded: boolean;
  readonly at: string;
}

/**
 * The alert a workflow that ended in its failure path sends at once, to the head of the secretariat and the
 * administrators, straight through SES (not through the table's stream: the failed part may be the table).
 * Vietnamese first, then English; names the dossier and the error, never a token or the failure's cause text.
 */
export function failureAlert(input: FailureAlertInput, ctx: NotificationContext): Notification | null {
  const to = [...new Set([ctx.mailboxes.secretariatHead, ctx.mailboxes.admin].filter((x): x is string => typeof x === 'string' && x.includes('@')))];
  if (to.length === 0) return null;
  const name = input.title ?? 'hồ sơ không đọc được';
  const nameEn = input.title ?? 'a dossier that could not be read';
  const href = linkTo(ctx, input.dossierId);
  const when = formatDateVi(input.at);
  const subject = `Lỗi hệ thống khi xử lý hồ sơ: ${input.title ?? 'không đọc được hồ sơ'} / System failure`;
  const technical = input.error ? [{ vi: `Mã lỗi kỹ thuật (dành cho quản trị hệ thống): ${input.error}`, en: `Technical error name (for the administrators): ${input.error}` }] : [];
  const happened: Bilingual[] = [
    { vi: `Quy trình xử lý hồ sơ "${name}" đã dừng do lỗi hệ thống, sau khi đã thử lại.`, en: `The workflow of the dossier "${nameEn}" stopped on a system error after its retries.` },
    input.recorded
      ? { vi: 'Sự cố đã được ghi vào nhật ký hồ sơ.', en: 'The failure was written to the dossier audit trail.' }
      : { vi: 'Không ghi được sự cố vào nhật ký hồ sơ; kiểm tra toàn vẹn dữ liệu sẽ liệt kê hồ sơ này.', en: 'The failure could not be written to the audit trail; the integrity check will list this dossier.' },
    ...technical,
  ];
  const letter = (lang: 'vi' | 'en'): Letter => ({
    greeting: lang === 'vi' ? 'Kính gửi: Trưởng Ban Thi đua – Khen thưởng tỉnh và Quản trị hệ thống' : 'To: the Head of the Board and the administrators',
    paragraphs: happened.map((p) => p[lang]),
    facts: lang === 'vi' ? [['Ngày', when]] : [['Date', when]],
    todo: lang === 'vi' ? 'Hồ sơ không có bước nào đang chờ xử lý: kiểm tra nguyên nhân, khắc phục rồi chạy lại quy trình từ bước bị lỗi.' : 'No step of the dossier is open: find the cause, fix it, then run the workflow again from the failed step.',
    link: { label: lang === 'vi' ? 'Xem hồ sơ' : 'View the dossier', href },
    closing: signature[lang],
  });
  return { to, subject, ...renderMail(subject, { vi: letter('vi'), en: letter('en') }) };
}
