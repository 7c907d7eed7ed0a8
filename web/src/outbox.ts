/**
 * `#/outbox` (local only): the mails the local SES received, newest first, each with its HTML part rendered and
 * its text part, and every mail template with sample data (local/mail-previews.ts). The HTML is framed from
 * /_local/… (its own document, sandboxed, no scripts): the app's CSP forbids the inline styles mail uses.
 */
import { formatDateTime, h } from './format.ts';
import { t } from './i18n.ts';

interface Captured { messageId: string; to: string[]; subject: string; text?: string; hasHtml: boolean; at?: string }

/** The page shows the newest mails only; the count says how many there are in all. */
const SHOWN = 200;
interface Preview { index: number; name: string; to: string[]; subject: string; text: string }

// A mail's frame is made only when its fold is opened (below): a long outbox would otherwise fetch hundreds of
// documents, and hundreds of empty frames keep a browser from ever reporting the page settled.
const frameSlot = (src: string, title: string) => `<div class="mail-frame-slot" data-src="${h(src)}" data-title="${h(title)}"></div>`;

function mailBlock(subject: string, to: string[], text: string, htmlSrc: string | undefined, meta: string): string {
  return `<details class="mail"><summary><strong>${h(subject)}</strong><br><span class="muted">${h(to.join(', '))}${meta ? ` — ${h(meta)}` : ''}</span></summary>
    ${htmlSrc ? frameSlot(htmlSrc, subject) : ''}
    <details><summary>${h(t('Phần văn bản thuần', 'Plain-text part'))}</summary><pre class="mail-text">${h(text)}</pre></details></details>`;
}

/** `root` is asked for after the fetches: a later navigation may have replaced this page meanwhile. */
export async function outboxPage(root: () => HTMLElement): Promise<void> {
  const [{ emails, total }, { previews }] = await Promise.all([
    fetch(`/_local/emails?newest=${SHOWN}`).then((r) => r.json() as Promise<{ emails: Captured[]; total: number }>),
    fetch('/_local/mail-previews').then((r) => r.json() as Promise<{ previews: Preview[] }>),
  ]);
  root().innerHTML = `<h1>${h(t('Hộp thư đi (SES cục bộ)', 'Outbox (local SES)'))}</h1>
    <section id="emails"><h2>${h(t('Thư đã gửi', 'Mails sent'))}</h2><p class="muted">${total} ${h(t('thư', 'emails'))}${total > emails.length ? ` — ${h(t(`${emails.length} thư mới nhất ở dưới`, `the newest ${emails.length} below`))}` : ''}</p>
    ${[...emails].reverse().map((e) => mailBlock(e.subject, e.to, e.text ?? '', e.hasHtml ? `/_local/emails/${encodeURIComponent(e.messageId)}.html` : undefined, formatDateTime(e.at))).join('')}</section>
    <section id="mail-templates"><h2>${h(t('Mẫu thư (dữ liệu mẫu)', 'Mail templates (sample data)'))}</h2><p class="muted">${previews.length} ${h(t('mẫu', 'templates'))}</p>
    ${previews.map((p) => mailBlock(p.subject, p.to, p.text, `/_local/mail-previews/${p.index}.html`, '')).join('')}</section>`;
  // 'toggle' does not bubble, so it is caught on the way down.
  root().addEventListener(
    'toggle',
    (event) => {
      const fold = event.target as HTMLDetailsElement;
      if (!fold.open) return;
      for (const slot of fold.querySelectorAll<HTMLElement>(':scope > .mail-frame-slot')) {
        const frame = document.createElement('iframe');
        frame.className = 'mail-frame';
        frame.title = slot.dataset.title ?? '';
        frame.setAttribute('sandbox', 'allow-popups allow-popups-to-escape-sandbox');
        frame.src = slot.dataset.src!;
        slot.replaceWith(frame);
      }
    },
    true,
  );
}
