/**
 * Every mail template rendered with sample data: `#/outbox` shows them (GET /_local/mail-previews) so the
 * templates can be read without driving a dossier to each step, and the e-mail snapshot tests render the same
 * set. Local only: never part of the AWS stack.
 */
import { failureAlert, mailRules, notificationsFor, type Notification, type NotificationContext } from '#domain/notifications';
import { dailyDigests, type DigestDossier, reportReadyMail } from '#domain/mail-digest';
import type { AuditEventRecord, DossierRecord } from '#schemas/records';

export const previewContext: NotificationContext = {
  appUrl: 'http://localhost:3000',
  mailboxes: {
    officer: 'ban-tdkt@thiduakhenthuong.example.gov.vn',
    secretariatHead: 'truong-ban-tdkt@thiduakhenthuong.example.gov.vn',
    councilSecretary: 'thu-ky-hoi-dong@thiduakhenthuong.example.gov.vn',
    chair: 'van-phong-ubnd@thiduakhenthuong.example.gov.vn',
    admin: 'quan-tri@thiduakhenthuong.example.gov.vn',
  },
};

const unit = 'Sở Giáo dục và Đào tạo';
const system = { userId: 'system', name: 'Hệ thống / System', roles: ['system'] };
const officer = { userId: 'u-officer', name: 'Trần Văn Bình', roles: ['officer'] };
const chair = { userId: 'u-chair', name: 'Lê Văn Chủ', roles: ['chair'] };
const unitOfficer = { userId: 'u-unit', name: 'Nguyễn Thị Lan', roles: ['unitOfficer'], unitId: 'so-giao-duc' };

const dossier: DossierRecord = {
  id: 'b6a3c1d2-0000-4000-8000-000000000001',
  unitId: 'so-giao-duc',
  year: 2026,
  awardCode: 'chienSiThiDuaTinh',
  kind: 'regular',
  title: 'Đề nghị tặng danh hiệu Chiến sĩ thi đua cấp tỉnh năm 2026',
  nominees: [
    { name: 'Lê Thị Ánh', recipientType: 'individual', outcome: 'awarded', outcomeStage: 'decision' },
    { name: 'Phạm Văn Bình', recipientType: 'individual', outcome: 'notAwarded', outcomeStage: 'council', outcomeReason: 'Không đạt tỷ lệ phiếu đồng ý của Hội đồng: 5/9 (cần 9)' },
  ],
  status: 'AwaitingDecision',
  version: 9,
  eventSeq: 9,
  lastHash: 'x',
  createdAt: '2026-03-02T02:00:00.000Z',
  updatedAt: '2026-03-02T02:00:00.000Z',
  createdBy: unitOfficer,
  contactEmail: 'lan.nt@sogd.example.gov.vn',
  decision: { number: '123/QĐ-UBND', date: '2026-12-15' },
  proposal: { number: '77/TTr-UBND', date: '2025-12-20' },
};

const at = '2026-03-02T03:04:00.000Z';
const event = (action: string, actor: AuditEventRecord['actor'], details: Record<string, unknown> = {}, fromStatus?: string): AuditEventRecord => ({
  dossierId: dossier.id, seq: 9, at, actor, action, details, prevHash: 'x', hash: 'y', ...(fromStatus ? { fromStatus } : {}),
});
const refused = [{ nomineeIndex: 1, name: 'Phạm Văn Bình', reason: 'Thành tích không thuộc năm xét' }];
const revocation = { ground: 'forgedDocuments', reason: 'Thanh tra tỉnh kết luận hồ sơ có giấy tờ giả', nominees: [{ name: 'Lê Thị Ánh' }] };

/** One sample event per mailed action (several where a condition or the actor changes who is told). */
export const sampleEvents: readonly { readonly name: string; readonly event: AuditEventRecord; readonly dossier?: DossierRecord }[] = [
  { name: 'passCompleteness', event: event('passCompleteness', system) },
  { name: 'requestSupplement', event: event('requestSupplement', officer, { missing: ['achievementReport', 'reviewMinutes'], reason: 'Báo cáo thành tích chưa có xác nhận của thủ trưởng đơn vị' }) },
  { name: 'requestSupplement-by-check', event: event('requestSupplement', system, { missing: ['proposalLetter'] }) },
  { name: 'expireSupplement', event: event('expireSupplement', system, { reason: 'supplementDeadlinePassed' }) },
  { name: 'appraiseEligible', event: event('appraiseEligible', officer, { ineligibleNominees: refused }) },
  { name: 'appraiseEligibleWithoutVote', event: event('appraiseEligibleWithoutVote', officer) },
  { name: 'appraiseIneligible', event: event('appraiseIneligible', officer, { reason: 'Thành tích chưa đủ tiêu chuẩn theo quy định' }) },
  { name: 'passCouncil', event: event('passCouncil', { userId: 'u-secretary', name: 'Thư ký', roles: ['councilSecretary'] }) },
  { name: 'failCouncil', event: event('failCouncil', { userId: 'u-secretary', name: 'Thư ký', roles: ['councilSecretary'] }), dossier: { ...dossier, nominees: [dossier.nominees[1]!] } },
  { name: 'approve', event: event('approve', chair, { decisionNumber: '123/QĐ-UBND', decisionDate: '2026-12-15' }) },
  { name: 'reject', event: event('reject', chair, { reason: 'Chưa đủ căn cứ khen thưởng' }) },
  { name: 'forwardUpward', event: event('forwardUpward', chair), dossier: { ...dossier, awardCode: 'huanChuongLaoDongHangBa' } },
  { name: 'centralOutcomeRecorded', event: event('centralOutcomeRecorded', officer, { name: 'Lê Thị Ánh', awarded: true, decisionNumber: '2150/QĐ-CTN', decisionDate: '2026-09-02', issuingBody: 'Chủ tịch nước' }), dossier: { ...dossier, awardCode: 'huanChuongLaoDongHangBa' } },
  { name: 'centralOutcomeRecorded-not-awarded', event: event('centralOutcomeRecorded', officer, { name: 'Phạm Văn Bình', awarded: false, reason: 'Chưa đủ thời gian giữ danh hiệu', issuingBody: 'Chủ tịch nước' }), dossier: { ...dossier, awardCode: 'huanChuongLaoDongHangBa' } },
  { name: 'withdraw', event: event('withdraw', unitOfficer, { reason: 'Đơn vị bổ sung thành tích, nộp lại sau' }, 'UnderAppraisal') },
  { name: 'revocationProposed', event: event('revocationProposed', officer, revocation) },
  { name: 'revoke', event: event('revoke', chair, { ...revocation, decisionNumber: '950/QĐ-UBND', decisionDate: '2026-12-20', awardDecisionNumber: '123/QĐ-UBND' }) },
  { name: 'revocationDeclined', event: event('revocationDeclined', chair, { reason: 'Chưa đủ căn cứ kết luận' }) },
  { name: 'escalated-ceiling', event: event('escalated', system, { step: 'chairDecision', reason: 'ceilingReached' }) },
];

export interface Preview {
  readonly name: string;
  readonly mail: Notification;
}

const digestDossier: DigestDossier = { id: dossier.id, title: dossier.title, unitId: dossier.unitId, unitName: unit, contactEmail: 'lan.nt@sogd.example.gov.vn', proposal: dossier.proposal! };
const other: DigestDossier = { ...digestDossier, id: 'b6a3c1d2-0000-4000-8000-000000000002', title: 'Đề nghị tặng Cờ thi đua cấp tỉnh năm 2026' };

/** Every template with sample data, named `<event>[-<variant>] → <recipient mailbox>`. */
export function mailPreviews(ctx: NotificationContext = previewContext): Preview[] {
  const perEvent = sampleEvents.flatMap(({ name, event: e, dossier: d }) =>
    notificationsFor(e, d ?? dossier, ctx, unit).map((mail) => ({ name: `${name} → ${mail.to.join(', ')}`, mail })));
  const digests = dailyDigests([
    { kind: 'dueSoon', dossier: digestDossier, step: 'appraisal', dueAt: '2026-03-04T16:59:59.999Z' },
    { kind: 'dueSoon', dossier: other, step: 'appraisal', dueAt: '2026-03-04T16:59:59.999Z' },
    { kind: 'dueSoon', dossier: other, step: 'supplement', dueAt: '2026-03-04T16:59:59.999Z' },
    { kind: 'overdue', dossier: digestDossier, step: 'chairDecision', dueAt: '2026-02-27T16:59:59.999Z' },
    { kind: 'centralOverdue', dossier: digestDossier, dueDate: '2026-06-20', months: 6 },
  ], '2026-03-02', ctx).map((mail) => ({ name: `dailyDigest → ${mail.to.join(', ')}`, mail }));
  const alerts = [
    failureAlert({ dossierId: dossier.id, title: dossier.title, error: 'Sandbox.Timedout', recorded: true, at }, ctx),
    failureAlert({ dossierId: dossier.id, recorded: false, at }, ctx),
  ].flatMap((mail, i) => (mail ? [{ name: `failureAlert${i ? '-unread' : ''} → ${mail.to.join(', ')}`, mail }] : []));
  const reports = [true, false].map((countersMatched) => reportReadyMail({ year: 2026, version: 2, generatedAt: '2026-12-20T00:00:05.000Z', countersMatched, totals: { closedDossiers: 412, awarded: 371, awards: 538 } }, [ctx.mailboxes.officer!, ctx.mailboxes.secretariatHead!], ctx))
    .map((mail, i) => ({ name: `reportReady${i ? '-recounted' : ''} → ${mail.to.join(', ')}`, mail }));
  return [...perEvent, ...digests, ...alerts, ...reports];
}

/** The mailed actions the samples cover (a test checks every rule has a sample). */
export const sampledActions = new Set(sampleEvents.map((s) => s.event.action));
export const ruledActions = Object.keys(mailRules);
