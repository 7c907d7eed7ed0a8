/** Rewrites the generated table of docs/emails.md from the mail policy (shared/domain/mail-policy-doc.ts). */
import { readFileSync, writeFileSync } from 'node:fs';
import { mailPolicyMarkdown } from '#domain/mail-policy-doc';

const file = new URL('../docs/emails.md', import.meta.url);
const current = readFileSync(file, 'utf8');
const pattern = /(<!-- mail-policy:start -->\n)[\s\S]*?(<!-- mail-policy:end -->)/;
if (!pattern.test(current)) throw new Error('docs/emails.md has no <!-- mail-policy:start --> … <!-- mail-policy:end --> block');
writeFileSync(file, current.replace(pattern, (_m, a: string, b: string) => `${a}${mailPolicyMarkdown()}\n${b}`));
