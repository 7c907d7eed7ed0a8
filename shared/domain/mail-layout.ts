/**
 * One e-mail's layout, in both parts: the plain text and an HTML part that common mail clients render (a
 * single-column table, inline styles, no CSS classes, no images, no scripts). Vietnamese first, English below
 * (LANGUAGE.md rules 5 and 6). Pure: the templates (notifications.ts, mail-digest.ts) fill a `Letter` per language.
 */

/** One language's side of a mail. */
export interface Letter {
  /** "Kính gửi: …" / "Dear …," */
  readonly greeting: string;
  /** What happened, a paragraph each. */
  readonly paragraphs: readonly string[];
  /** Named lists (the nominees refused, the dossiers of a digest), a heading and its lines each. */
  readonly lists?: readonly { readonly heading: string; readonly items: readonly ListItem[] }[];
  /** Facts of the dossier (label, value). */
  readonly facts?: readonly (readonly [string, string])[];
  /** What the reader is to do, and by when (already worded). */
  readonly todo?: string;
  readonly due?: string;
  readonly link?: { readonly label: string; readonly href: string };
  readonly closing: readonly string[];
}

/** A line of a list; with `href`, a link (a dossier of a digest). */
export type ListItem = string | { readonly text: string; readonly href: string };

export interface Rendered {
  readonly text: string;
  readonly html: string;
}

const SEPARATOR = '—'.repeat(30);

export const signature = {
  vi: ['Trân trọng.', 'Ban Thi đua – Khen thưởng tỉnh', '(thư tự động, vui lòng không trả lời)'],
  en: ['Kind regards,', 'Provincial Emulation and Commendation Board', '(automated message, please do not reply)'],
} as const;

export const labels = {
  vi: { todo: 'Việc cần làm', due: 'Hạn', link: 'Xem hồ sơ' },
  en: { todo: 'To do', due: 'Due', link: 'View the dossier' },
} as const;

function letterText(l: Letter, lang: 'vi' | 'en'): string {
  const out: string[] = [l.greeting, ''];
  for (const p of l.paragraphs) out.push(p, '');
  for (const list of l.lists ?? []) out.push(list.heading, ...list.items.map((i) => (typeof i === 'string' ? `- ${i}` : `- ${i.text}\n  ${i.href}`)), '');
  if (l.facts?.length) out.push(...l.facts.map(([k, v]) => `${k}: ${v}`), '');
  if (l.todo) out.push(`${labels[lang].todo}: ${l.todo}`);
  if (l.due) out.push(`${labels[lang].due}: ${l.due}`);
  if (l.link) out.push(`${l.link.label}: ${l.link.href}`);
  if (l.todo || l.due || l.link) out.push('');
  out.push(...l.closing);
  return out.join('\n');
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const FONT = 'font-family:Arial,Helvetica,sans-serif;';
const P = `margin:0 0 12px 0;${FONT}font-size:15px;line-height:22px;color:#1f2937;`;

function letterHtml(l: Letter, lang: 'vi' | 'en'): string {
  const muted = lang === 'en';
  const color = muted ? 'color:#4b5563;' : '';
  const parts: string[] = [`<p style="${P}${color}font-weight:bold;">${escapeHtml(l.greeting)}</p>`];
  for (const p of l.paragraphs) parts.push(`<p style="${P}${color}">${escapeHtml(p)}</p>`);
  for (const list of l.lists ?? []) {
    parts.push(`<p style="${P}${color}margin-bottom:4px;font-weight:bold;">${escapeHtml(list.heading)}</p>`);
    parts.push(`<ul style="margin:0 0 12px 0;padding-left:22px;${FONT}font-size:15px;line-height:22px;${color}">${list.items.map((i) => `<li style="margin-bottom:4px;">${typeof i === 'string' ? escapeHtml(i) : `<a href="${escapeHtml(i.href)}" style="color:#1d4ed8;">${escapeHtml(i.text)}</a>`}</li>`).join('')}</ul>`);
  }
  if (l.facts?.length) {
    const rows = l.facts
      .map(([k, v]) => `<tr><td style="padding:4px 12px 4px 0;${FONT}font-size:14px;color:#6b7280;vertical-align:top;white-space:nowrap;">${escapeHtml(k)}</td><td style="padding:4px 0;${FONT}font-size:14px;color:#111827;vertical-align:top;">${escapeHtml(v)}</td></tr>`)
      .join('');
    parts.push(`<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 12px 0;">${rows}</table>`);
  }
  if (l.todo || l.due) {
    const todo = l.todo ? `<p style="${P}margin-bottom:4px;"><strong>${escapeHtml(labels[lang].todo)}:</strong> ${escapeHtml(l.todo)}</p>` : '';
    const due = l.due ? `<p style="${P}margin-bottom:0;"><strong>${escapeHtml(labels[lang].due)}:</strong> ${escapeHtml(l.due)}</p>` : '';
    parts.push(`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 12px 0;"><tr><td style="background:#fef3c7;border-left:4px solid #d97706;padding:10px 12px;">${todo}${due}</td></tr></table>`);
  }
  if (l.link) {
    parts.push(`<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px 0;"><tr><td style="background:#1d4ed8;border-radius:4px;"><a href="${escapeHtml(l.link.href)}" style="display:inline-block;padding:10px 18px;${FONT}font-size:15px;color:#ffffff;text-decoration:none;font-weight:bold;">${escapeHtml(l.link.label)}</a></td></tr></table>`);
  }
  parts.push(`<p style="${P}${color}">${l.closing.map(escapeHtml).join('<br>')}</p>`);
  return parts.join('\n');
}

/** The two parts of a mail whose Vietnamese letter comes first and English letter below. */
export function renderMail(subject: string, letters: { vi: Letter; en: Letter }): Rendered {
  const text = `${letterText(letters.vi, 'vi')}\n\n${SEPARATOR}\n\n${letterText(letters.en, 'en')}\n`;
  const html = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f4f6;"><tr><td align="center" style="padding:16px 8px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background:#ffffff;border:1px solid #d1d5db;">
<tr><td style="background:#991b1b;padding:12px 20px;${FONT}font-size:16px;font-weight:bold;color:#ffffff;">Ban Thi đua – Khen thưởng tỉnh</td></tr>
<tr><td lang="vi" style="padding:20px 20px 8px 20px;">
${letterHtml(letters.vi, 'vi')}
</td></tr>
<tr><td lang="en" style="padding:16px 20px 8px 20px;border-top:1px solid #e5e7eb;">
${letterHtml(letters.en, 'en')}
</td></tr>
</table>
</td></tr></table>
</body></html>
`;
  return { text, html };
}
