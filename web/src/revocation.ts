/**
 * Revocation on the dossier page (Law 06/2022 Ch. VII): the secretariat's proposal form, the chair's decision
 * form, and each nominee's award history (the award, then its revocation). Its own module, so the dossier page
 * only calls in; the grounds come from the domain's own list.
 */
import { type RevocationGround, revocationGroundCodes, revocationGrounds } from '#domain/revocation-grounds';
import { formatDate, h, todayInVietnam } from './format.ts';
import { L, t } from './i18n.ts';

export interface RevocationView {
  id: string;
  scope: 'nominees' | 'decision';
  nomineeIndexes: number[];
  ground: string;
  reason: string;
  state: 'pending' | 'revoked' | 'declined';
  proposedBy: { userId: string; name?: string };
  proposedAt: string;
  decisionNumber?: string;
  decisionDate?: string;
  declineReason?: string;
}
interface NomineeLike { name: string; outcome?: string; revocation?: { ground: string; reason: string; decisionNumber: string; decisionDate: string } }
interface DossierLike { status: string; decision?: { number: string; date: string }; nominees: NomineeLike[]; revocations?: RevocationView[] }

export const groundName = (code: string): string => L(revocationGrounds[code as RevocationGround]) || code;

/** The outcome cell of a revoked nominee: the award it had, and the decision that revoked it. */
export function revokedOutcome(n: NomineeLike): string {
  return `${t('Đã hủy bỏ khen thưởng', 'Award revoked')} (${t('Quyết định số', 'decision')} ${n.revocation?.decisionNumber ?? ''})`;
}

/** Each nominee the decision awarded: the award, then — if it was revoked — the revocation, its ground and reason. */
export function awardHistory(d: DossierLike): string {
  if (d.status !== 'Awarded' || !d.decision) return '';
  const rows = d.nominees
    .map((n, i) => ({ n, i }))
    .filter(({ n }) => n.outcome === 'awarded' || n.outcome === 'revoked' || !d.nominees.some((x) => x.outcome));
  const award = `${t('Khen thưởng theo Quyết định số', 'Awarded by decision')} ${d.decision.number} ${t('ngày', 'of')} ${formatDate(d.decision.date)}`;
  return `<h2>${h(t('Quá trình khen thưởng', 'Award history'))}</h2><ul id="award-history">${rows
    .map(({ n, i }) => `<li data-nominee="${i}" data-outcome="${h(n.outcome ?? 'awarded')}"><strong>${h(n.name)}</strong><ol class="timeline"><li>${h(award)}</li>${
      n.revocation
        ? `<li class="revoked">${h(`${t('Hủy bỏ khen thưởng theo Quyết định số', 'Revoked by decision')} ${n.revocation.decisionNumber} ${t('ngày', 'of')} ${formatDate(n.revocation.decisionDate)}`)} — ${h(t('căn cứ', 'ground'))}: ${h(groundName(n.revocation.ground))} — ${h(t('lý do', 'reason'))}: ${h(n.revocation.reason)}</li>`
        : ''
    }</ol></li>`)
    .join('')}</ul>`;
}

/** The secretariat's form (an awarded dossier with awards left and no proposal pending) or the chair's (a proposal pending). */
export function revocationPanels(d: DossierLike, can: { propose: boolean; decide: boolean }): string {
  if (d.status !== 'Awarded') return '';
  const pending = d.revocations?.find((p) => p.state === 'pending');
  const awarded = d.nominees.map((n, i) => ({ n, i })).filter(({ n }) => n.outcome === 'awarded' || !d.nominees.some((x) => x.outcome));
  if (pending) {
    const names = pending.nomineeIndexes.map((i) => d.nominees[i]?.name ?? '').join(', ');
    const summary = `<p id="revocation-pending" class="notice">${h(t('Đề nghị hủy bỏ khen thưởng đang chờ Chủ tịch quyết định', 'A revocation proposal awaits the chair'))}: ${h(names)} — ${h(groundName(pending.ground))} — ${h(pending.reason)}</p>`;
    if (!can.decide) return `<div class="panel">${summary}</div>`;
    return `<div class="panel"><h2>${h(t('Quyết định hủy bỏ khen thưởng', 'Revocation decision'))}</h2>${summary}
      <form id="revocation-decision-form" data-proposal="${h(pending.id)}" novalidate>
      <label for="revocationNumber">${h(t('Số quyết định hủy bỏ (vd. 124/QĐ-UBND)', 'Revocation decision number (e.g. 124/QĐ-UBND)'))}</label><input id="revocationNumber" name="decisionNumber" placeholder="124/QĐ-UBND">
      <label for="revocationDate">${h(t('Ngày quyết định', 'Decision date'))}</label><input id="revocationDate" name="decisionDate" type="date" value="${todayInVietnam()}">
      <label for="decline-reason">${h(t('Lý do (nếu không đồng ý hủy bỏ)', 'Reason (if declined)'))}</label><input id="decline-reason" name="reason" maxlength="2000">
      <button class="danger" type="submit" name="decision" value="revoke">${h(t('Ký quyết định hủy bỏ khen thưởng', 'Sign the revocation'))}</button>
      <button class="secondary" type="submit" name="decision" value="decline">${h(t('Không đồng ý hủy bỏ', 'Decline'))}</button></form></div>`;
  }
  if (!can.propose || awarded.length === 0) return '';
  return `<div class="panel"><h2>${h(t('Đề nghị hủy bỏ khen thưởng', 'Propose a revocation'))}</h2><form id="revocation-propose-form" novalidate>
    <fieldset><legend>${h(t('Phạm vi', 'Scope'))}</legend>
    <label><input type="radio" name="scope" value="nominees" checked> ${h(t('Một số người được khen thưởng', 'Some nominees'))}</label>
    <label><input type="radio" name="scope" value="decision"> ${h(t('Toàn bộ quyết định khen thưởng', 'The whole decision'))}</label></fieldset>
    <fieldset id="revocation-nominees"><legend>${h(t('Người bị đề nghị hủy bỏ khen thưởng', 'Nominees'))}</legend>${awarded.map(({ n, i }) => `<label class="inline"><input type="checkbox" name="nomineeIndexes" value="${i}"> ${h(n.name)}</label>`).join(' ')}</fieldset>
    <label for="revocation-ground">${h(t('Căn cứ (Luật Thi đua, khen thưởng, Chương VII)', 'Ground (Law on Emulation and Commendation, Ch. VII)'))}</label>
    <select id="revocation-ground" name="ground">${revocationGroundCodes.map((g) => `<option value="${g}">${h(L(revocationGrounds[g]))}</option>`).join('')}</select>
    <label for="revocation-reason">${h(t('Lý do cụ thể', 'Reason'))}</label><textarea id="revocation-reason" name="reason" maxlength="2000"></textarea>
    <button class="danger" type="submit">${h(t('Gửi đề nghị hủy bỏ', 'Send the proposal'))}</button></form></div>`;
}
