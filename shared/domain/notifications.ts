import type { AuditEventRecord, DossierRecord } from '#schemas/records';
import { formatDateVi } from './calendar.ts';
import type { Bilingual } from './errors.ts';
import { type RevocationGround, revocationGrounds } from './revocation-grounds.ts';

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

type Audience = 'unit' | 'officer' | 'secretariatHead' | 'councilSecretary' | 'chair' | 'admin';

/** Who hears of each audit action, and what they are told (Vietnamese first, then English). */
const templates: Record<string, { audience: Audience[]; say: (d: DossierRecord, e: AuditEventRecord) => Bilingual }> = {
  created: { audience: ['unit'], say: (d) => ({ vi: `Đã tạo hồ sơ nháp "${d.title}".`, en: `Draft dossier "${d.title}" was created.` }) },
  documentVerified: { audience: ['unit'], say: (_d, e) => ({ vi: `Tài liệu "${str(e.details?.fileName)}" đã được kiểm tra hợp lệ.`, en: `Document "${str(e.details?.fileName)}" passed verification.` }) },
  documentQuarantined: { audience: ['unit'], say: (_d, e) => ({ vi: `Tài liệu "${str(e.details?.fileName)}" bị cách ly (${str(e.details?.reason)}); vui lòng tải lên tệp khác.`, en: `Document "${str(e.details?.fileName)}" was quarantined (${str(e.details?.reason)}); please upload another file.` }) },
  submit: { audience: ['unit', 'officer'], say: (d) => ({ vi: `Hồ sơ "${d.title}" đã được nộp và đang chờ tiếp nhận.`, en: `Dossier "${d.title}" was submitted and awaits reception.` }) },
  passCompleteness: { audience: ['unit', 'officer'], say: (d) => ({ vi: `Hồ sơ "${d.title}" đủ thành phần, đã chuyển thẩm định.`, en: `Dossier "${d.title}" is complete and moved to appraisal.` }) },
  requestSupplement: { audience: ['unit'], say: (d, e) => ({ vi: `Hồ sơ "${d.title}" cần bổ sung: ${list(e.details?.missing ?? e.details?.missingDocuments)}. ${reason(e, 'vi')}`, en: `Dossier "${d.title}" needs a supplement: ${list(e.details?.missing ?? e.details?.missingDocuments)}. ${reason(e, 'en')}` }) },
  answerSupplement: { audience: ['officer'], say: (d) => ({ vi: `Đơn vị đã bổ sung hồ sơ "${d.title}".`, en: `The unit supplemented dossier "${d.title}".` }) },
  expireSupplement: { audience: ['unit', 'officer'], say: (d) => ({ vi: `Hồ sơ "${d.title}" bị trả lại vì quá hạn bổ sung.`, en: `Dossier "${d.title}" was returned: the supplement deadline passed.` }) },
  appraiseEligible: { audience: ['unit', 'councilSecretary'], say: (d, e) => withRefusals(e, 'ineligibleNominees', { vi: `Hồ sơ "${d.title}" đủ điều kiện, chờ Hội đồng xét.`, en: `Dossier "${d.title}" is eligible and awaits the council.` }) },
  appraiseEligibleWithoutVote: { audience: ['unit', 'chair'], say: (d, e) => withRefusals(e, 'ineligibleNominees', { vi: `Hồ sơ "${d.title}" đủ điều kiện, trình Chủ tịch quyết định.`, en: `Dossier "${d.title}" is eligible and goes to the chair for decision.` }) },
  appraiseIneligible: { audience: ['unit'], say: (d, e) => ({ vi: `Hồ sơ "${d.title}" không đủ điều kiện. ${reason(e, 'vi')}`, en: `Dossier "${d.title}" is not eligible. ${reason(e, 'en')}` }) },
  passCouncil: { audience: ['unit', 'chair'], say: (d) => withCouncilRefusals(d, { vi: `Hội đồng đã thông qua hồ sơ "${d.title}", trình Chủ tịch quyết định.`, en: `The council passed dossier "${d.title}"; it goes to the chair.` }) },
  failCouncil: { audience: ['unit'], say: (d) => withCouncilRefusals(d, { vi: `Hồ sơ "${d.title}" không đạt tỷ lệ phiếu của Hội đồng.`, en: `Dossier "${d.title}" did not reach the council's vote threshold.` }) },
  approve: { audience: ['unit', 'officer'], say: (d, e) => withOutcomes(d, { vi: `Chủ tịch đã quyết định khen thưởng hồ sơ "${d.title}" (Quyết định số ${d.decision?.number ?? ''}, ngày ${d.decision ? formatDateVi(d.decision.date) : ''}).`, en: `The chair approved dossier "${d.title}" (decision ${d.decision?.number ?? ''} of ${d.decision ? formatDateVi(d.decision.date) : ''}).` }, e) },
  reject: { audience: ['unit', 'officer'], say: (d, e) => ({ vi: `Chủ tịch không phê duyệt hồ sơ "${d.title}". ${reason(e, 'vi')}`, en: `The chair did not approve dossier "${d.title}". ${reason(e, 'en')}` }) },
  forwardUpward: { audience: ['unit', 'officer'], say: (d) => ({ vi: `Chủ tịch Ủy ban nhân dân tỉnh đã ký Tờ trình số ${d.proposal?.number ?? ''} ngày ${d.proposal ? formatDateVi(d.proposal.date) : ''} đề nghị cấp trên khen thưởng hồ sơ "${d.title}"; đang chờ kết quả của cấp trên.`, en: `The provincial chair signed proposal ${d.proposal?.number ?? ''} of ${d.proposal ? formatDateVi(d.proposal.date) : ''} forwarding dossier "${d.title}" upward; the central answer is awaited.` }) },
  centralOutcomeRecorded: {
    audience: ['unit'],
    say: (d, e) => e.details?.awarded
      ? { vi: `${str(e.details?.issuingBody)} đã ban hành Quyết định số ${str(e.details?.decisionNumber)} ngày ${formatDateVi(str(e.details?.decisionDate))} khen thưởng ${str(e.details?.name)} (hồ sơ "${d.title}").`, en: `${str(e.details?.issuingBody)} issued decision ${str(e.details?.decisionNumber)} of ${formatDateVi(str(e.details?.decisionDate))} awarding ${str(e.details?.name)} (dossier "${d.title}").` }
      : { vi: `Cấp trên không khen thưởng ${str(e.details?.name)} (hồ sơ "${d.title}"). ${reason(e, 'vi')}`, en: `The central level did not award ${str(e.details?.name)} (dossier "${d.title}"). ${reason(e, 'en')}` },
  },
  centralAnswerOverdue: {
    audience: ['officer', 'secretariatHead'],
    say: (d) => ({
      vi: `Quá hạn chờ kết quả của cấp trên: Tờ trình số ${d.proposal?.number ?? ''} ngày ${d.proposal ? formatDateVi(d.proposal.date) : ''} (hồ sơ "${d.title}") chưa có kết quả. Vui lòng liên hệ Bộ Nội vụ (Ban Thi đua – Khen thưởng Trung ương) và ghi kết quả khi nhận được.`,
      en: `The central answer is overdue: proposal ${d.proposal?.number ?? ''} of ${d.proposal ? formatDateVi(d.proposal.date) : ''} (dossier "${d.title}") has no answer yet. Contact the Ministry of Home Affairs and record the answer when it arrives.`,
    }),
  },
  decisionRecorded: { audience: ['officer'], say: (d) => ({ vi: `Đã vào sổ khen thưởng hồ sơ "${d.title}".`, en: `Dossier "${d.title}" was entered in the awards register.` }) },
  withdraw: { audience: ['unit', 'officer'], say: (d, e) => ({ vi: `Đơn vị đã rút hồ sơ "${d.title}". ${reason(e, 'vi')}`, en: `The unit withdrew dossier "${d.title}". ${reason(e, 'en')}` }) },
  // Revocation (revocation.ts): the chair is asked to decide; once decided, the unit and the secretariat are told.
  revocationProposed: { audience: ['chair', 'secretariatHead'], say: (d, e) => revocationMessage(e, { vi: `Ban Thi đua – Khen thưởng tỉnh đề nghị hủy bỏ khen thưởng theo Quyết định số ${d.decision?.number ?? ''} (hồ sơ "${d.title}"), chờ Chủ tịch quyết định.`, en: `The secretariat proposes revoking awards of decision ${d.decision?.number ?? ''} (dossier "${d.title}"); the chair is to decide.` }) },
  revoke: { audience: ['unit', 'officer', 'secretariatHead'], say: (d, e) => revocationMessage(e, { vi: `Chủ tịch Ủy ban nhân dân tỉnh đã ban hành Quyết định số ${str(e.details?.decisionNumber)} ngày ${formatDateVi(str(e.details?.decisionDate))} hủy bỏ khen thưởng theo Quyết định số ${str(e.details?.awardDecisionNumber)} (hồ sơ "${d.title}"). Đơn vị thu hồi hiện vật, tiền thưởng đã nhận theo quy định.`, en: `The provincial chair issued decision ${str(e.details?.decisionNumber)} of ${formatDateVi(str(e.details?.decisionDate))} revoking awards of decision ${str(e.details?.awardDecisionNumber)} (dossier "${d.title}"). The unit recovers the items and money awarded, as the law requires.` }) },
  revocationDeclined: { audience: ['officer', 'secretariatHead'], say: (d, e) => ({ vi: `Chủ tịch không đồng ý hủy bỏ khen thưởng của hồ sơ "${d.title}". ${reason(e, 'vi')}`, en: `The chair declined to revoke the awards of dossier "${d.title}". ${reason(e, 'en')}` }) },
  reminder: { audience: ['unit', 'officer'], say: (d, e) => ({ vi: `Nhắc hạn: bước "${str(e.details?.step)}" của hồ sơ "${d.title}" đến hạn ngày ${formatDateVi(str(e.details?.dueAt))}.`, en: `Reminder: step "${str(e.details?.step)}" of dossier "${d.title}" is due on ${formatDateVi(str(e.details?.dueAt))}.` }) },
  escalated: { audience: ['secretariatHead'], say: (d, e) => ({ vi: `Hồ sơ "${d.title}" quá hạn hoặc gặp lỗi ở bước "${str(e.details?.step)}" (${str(e.details?.reason)}).`, en: `Dossier "${d.title}" is overdue or failed at step "${str(e.details?.step)}" (${str(e.details?.reason)}).` }) },
};

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v);
}
function list(v: unknown): string {
  return Array.isArray(v) ? v.join(', ') : str(v);
}
function reason(e: AuditEventRecord, lang: 'vi' | 'en'): string {
  const r = e.details?.reason;
  if (typeof r !== 'string' || r === '') return '';
  return lang === 'vi' ? `Lý do: ${r}` : `Reason: ${r}`;
}
/** The nominees a step refused, one line each with why (the unit must be told of each). */
function withRefusals(e: AuditEventRecord, key: string, message: Bilingual): Bilingual {
  const refused = e.details?.[key];
  if (!Array.isArray(refused) || refused.length === 0) return message;
  const lines = refused.map((r: { name?: string; reason?: string }) => `- ${r.name ?? ''}: ${r.reason ?? ''}`).join('\n');
  return { vi: `${message.vi}\nKhông đủ điều kiện:\n${lines}`, en: `${message.en}\nNot eligible:\n${lines}` };
}

/** The nominees the council did not pass, each with its count (the unit must be told of each). */
function withCouncilRefusals(d: DossierRecord, message: Bilingual): Bilingual {
  const refused = d.nominees.filter((n) => n.outcomeStage === 'council' && n.outcome === 'notAwarded');
  if (refused.length === 0 || d.nominees.length === 1) return message;
  const lines = refused.map((n) => `- ${n.name}: ${n.outcomeReason ?? ''}`).join('\n');
  return { vi: `${message.vi}\nKhông được Hội đồng thông qua:\n${lines}`, en: `${message.en}\nNot passed by the council:\n${lines}` };
}

/** Each nominee's outcome when the dossier is decided: who is awarded, who is not and why. */
function withOutcomes(d: DossierRecord, message: Bilingual, _e: AuditEventRecord): Bilingual {
  if (!d.nominees.some((n) => n.outcome)) return message;
  const awarded = d.nominees.filter((n) => n.outcome === 'awarded').map((n) => `- ${n.name}`).join('\n');
  const refused = d.nominees.filter((n) => n.outcome === 'notAwarded').map((n) => `- ${n.name}: ${n.outcomeReason ?? ''}`).join('\n');
  return {
    vi: `${message.vi}\nĐược khen thưởng:\n${awarded || '- (không)'}${refused ? `\nKhông được khen thưởng:\n${refused}` : ''}`,
    en: `${message.en}\nAwarded:\n${awarded || '- (none)'}${refused ? `\nNot awarded:\n${refused}` : ''}`,
  };
}

/** Who a revocation names, on which of the Law's grounds, and why. */
function revocationMessage(e: AuditEventRecord, message: Bilingual): Bilingual {
  const ground = revocationGrounds[str(e.details?.ground) as RevocationGround];
  const names = Array.isArray(e.details?.nominees) ? (e.details.nominees as { name?: string }[]).map((n) => `- ${n.name ?? ''}`).join('\n') : '';
  return {
    vi: `${message.vi}\nNgười bị hủy bỏ khen thưởng:\n${names}\nCăn cứ: ${ground?.vi ?? ''}\nLý do: ${str(e.details?.reason)}`,
    en: `${message.en}\nAwards revoked:\n${names}\nGround: ${ground?.en ?? ''}\nReason: ${str(e.details?.reason)}`,
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/**
 * The email for one audit event, or null when nobody is to be told. Links point to the dossier page and
 * never carry a token; bodies carry no ballot choices.
 */
export function notificationFor(event: AuditEventRecord, dossier: DossierRecord, ctx: NotificationContext, unitName?: string): Notification | null {
  const template = templates[event.action];
  if (!template) return null;
  const to = [
    ...new Set(
      template.audience
        .map((a) => (a === 'unit' ? dossier.contactEmail : ctx.mailboxes[a]))
        .filter((x): x is string => typeof x === 'string' && x.includes('@')),
    ),
  ];
  if (to.length === 0) return null;
  const message = template.say(dossier, event);
  const link = `${ctx.appUrl}/#/dossiers/${encodeURIComponent(dossier.id)}`;
  const when = formatDateVi(event.at);
  const subject = `[Thi đua – Khen thưởng] ${dossier.title} — ${event.action}`;
  // The unit by the name it carried on the day of the event (a renamed or merged unit keeps its old name here).
  const unit = unitName ?? dossier.unitId;
  const text = `${message.vi}\nĐơn vị trình: ${unit}\nThời điểm: ${when}\nXem hồ sơ: ${link}\n\n---\n${message.en}\nSubmitting unit: ${unit}\nAt: ${when}\nView the dossier: ${link}\n`;
  const html = `<p lang="vi">${escapeHtml(message.vi).replace(/\n/g, '<br>')}<br>Đơn vị trình: ${escapeHtml(unit)}<br>Thời điểm: ${when}<br><a href="${escapeHtml(link)}">Xem hồ sơ</a></p><hr><p lang="en">${escapeHtml(message.en).replace(/\n/g, '<br>')}<br>Submitting unit: ${escapeHtml(unit)}<br>At: ${when}<br><a href="${escapeHtml(link)}">View the dossier</a></p>`;
  return { to, subject, text, html };
}

export const notifiedActions = Object.keys(templates);
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
  const name = input.title ?? input.dossierId;
  const error = input.error ?? 'unknown';
  const link = `${ctx.appUrl}/#/dossiers/${encodeURIComponent(input.dossierId)}`;
  const when = formatDateVi(input.at);
  const vi = [
    `Quy trình xử lý hồ sơ "${name}" (${input.dossierId}) đã dừng do lỗi hệ thống (${error}) sau khi thử lại.`,
    input.recorded ? 'Sự cố đã được ghi vào nhật ký hồ sơ.' : 'Không ghi được sự cố vào nhật ký hồ sơ; kiểm tra toàn vẹn dữ liệu sẽ liệt kê hồ sơ này.',
    'Hồ sơ không có bước nào đang chờ xử lý: cần cán bộ kiểm tra và xử lý.',
  ].join(' ');
  const en = [
    `The workflow of dossier "${name}" (${input.dossierId}) stopped on a system error (${error}) after its retries.`,
    input.recorded ? 'The failure was written to the dossier audit trail.' : 'The failure could not be written to the audit trail; the integrity check will list this dossier.',
    'No step of the dossier is open: someone must look into it.',
  ].join(' ');
  const subject = `[Thi đua – Khen thưởng] Lỗi hệ thống / System failure — ${name}`;
  const text = `${vi}\nThời điểm: ${when}\nXem hồ sơ: ${link}\n\n---\n${en}\nAt: ${when}\nView the dossier: ${link}\n`;
  const html = `<p lang="vi">${escapeHtml(vi)}<br>Thời điểm: ${when}<br><a href="${escapeHtml(link)}">Xem hồ sơ</a></p><hr><p lang="en">${escapeHtml(en)}<br>At: ${when}<br><a href="${escapeHtml(link)}">View the dossier</a></p>`;
  return { to, subject, text, html };
}
