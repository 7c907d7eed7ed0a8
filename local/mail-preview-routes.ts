/**
 * The outbox page's rendered mails (local only): each captured mail's HTML part, and every template with sample
 * data (mail-previews.ts). The HTML is served as its own document, framed by `#/outbox` from this origin only,
 * with no scripts and nothing loaded from elsewhere: the web app's CSP forbids the inline styles mail needs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listEmails } from './emulators/ses.ts';
import { mailPreviews } from './mail-previews.ts';

const MAIL_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox allow-popups allow-popups-to-escape-sandbox";

/** Answers the request when it is one of these routes; false when it is not. */
export async function handleMailPreview(req: IncomingMessage, res: ServerResponse, url: URL, sesEndpoint: string): Promise<boolean> {
  if (req.method !== 'GET') return false;
  const html = (status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': MAIL_CSP, 'x-content-type-options': 'nosniff' });
    res.end(body);
    return true;
  };
  if (url.pathname === '/_local/mail-previews') {
    const previews = mailPreviews().map(({ name, mail }, index) => ({ index, name, to: mail.to, subject: mail.subject, text: mail.text }));
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ previews }));
    return true;
  }
  const preview = /^\/_local\/mail-previews\/(\d+)\.html$/.exec(url.pathname);
  if (preview) {
    const found = mailPreviews()[Number(preview[1])];
    return found ? html(200, found.mail.html) : html(404, '<p>Không tìm thấy</p>');
  }
  const captured = /^\/_local\/emails\/([^/]+)\.html$/.exec(url.pathname);
  if (captured) {
    const id = decodeURIComponent(captured[1]!);
    const found = (await listEmails(sesEndpoint)).find((e) => e.messageId === id);
    return found?.html ? html(200, found.html) : html(404, '<p>Không tìm thấy</p>');
  }
  return false;
}
