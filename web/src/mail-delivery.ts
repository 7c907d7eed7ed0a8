/**
 * Whose e-mail does not arrive (admin, `#/people` and `#/people/{username}`): SES reported a bounce or a complaint
 * for the address, and mail to a failing one is no longer sent. Its own module so the people pages only call it.
 */
import { formatDate, h } from './format.ts';
import { t } from './i18n.ts';

export interface MailDeliveryView {
  failing: boolean;
  lastKind: 'bounce' | 'complaint';
  lastDetail: string;
  lastAt: string;
  reports: number;
  skipped?: number;
  lastSkippedAt?: string;
  lastSkippedSubject?: string;
}

const kindName = (d: MailDeliveryView) =>
  d.lastKind === 'complaint' ? t('người nhận báo thư rác', 'marked as spam by the recipient') : d.failing ? t('thư bị trả lại (địa chỉ không nhận thư)', 'bounced (the address takes no mail)') : t('thư bị trả lại tạm thời', 'bounced for now');

/** The state cell of the people list: empty when the address has no report. */
export function mailDeliveryBadge(d: MailDeliveryView | undefined): string {
  if (!d) return '';
  return ` <span class="badge${d.failing ? ' error' : ''}" data-mail="${d.failing ? 'failing' : 'transient'}">${h(d.failing ? t('Thư không đến được', 'Mail not arriving') : t('Thư đến chậm', 'Mail delayed'))}</span>`;
}

/** The paragraph of the person page: what SES reported, when, and the mails not sent since. */
export function mailDeliveryNote(d: MailDeliveryView | undefined): string {
  if (!d) return '';
  const skipped = d.skipped ?? 0;
  const lines = [
    `${t('Thư điện tử', 'E-mail')}: ${kindName(d)} (${h(d.lastDetail)}), ${t('ngày', 'on')} ${h(formatDate(d.lastAt))}.`,
    d.failing ? t('Hệ thống không gửi thư tới địa chỉ này nữa; vui lòng liên hệ người dùng và sửa địa chỉ thư điện tử.', 'No more mail is sent to this address; please contact the person and correct the e-mail address.') : '',
    skipped > 0 ? `${t('Số thư chưa gửi', 'Mails not sent')}: ${skipped}${d.lastSkippedAt ? ` (${t('lần gần nhất', 'last')} ${h(formatDate(d.lastSkippedAt))}: “${h(d.lastSkippedSubject ?? '')}”)` : ''}.` : '',
  ].filter(Boolean);
  return `<p class="${d.failing ? 'error' : ''}" id="person-mail" role="status">${lines.join('<br>')}</p>`;
}
