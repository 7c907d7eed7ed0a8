/** dd/mm/yyyy (and hh:mm) in Asia/Ho_Chi_Minh, whatever the browser's zone. */
const date = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' });
const time = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hour12: false });
export function formatDate(value: string | undefined): string {
  if (!value) return '';
  const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00+07:00`) : new Date(value);
  return Number.isNaN(d.getTime()) ? value : date.format(d);
}
export function formatDateTime(value: string | undefined): string {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : `${date.format(d)} ${time.format(d)}`;
}
/** Escapes text for HTML templates: every value from the server goes through this. */
export function h(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
export function todayInVietnam(): string {
  const [d, m, y] = date.format(new Date()).split('/');
  return `${y}-${m}-${d}`;
}
