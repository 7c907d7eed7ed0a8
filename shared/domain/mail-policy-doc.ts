/**
 * The mail policy as the Markdown table docs/emails.md carries (test/unit/emails.test.ts checks the file holds
 * exactly this; `npx tsx scripts/emails-doc.ts` rewrites it). Generated from `mailRules` and `unmailed`, so the
 * docs cannot drift from what the notify function does.
 */
import { humanSteps } from './lifecycle.ts';
import { mailRules, type Recipient, unmailed } from './notifications.ts';

const recipientNames: Record<Recipient, string> = {
  unit: 'the submitting unit (its contact address)',
  officer: 'secretariat officers (group mailbox)',
  secretariatHead: 'head of the secretariat',
  secretariat: 'secretariat officers and head (one mail)',
  councilSecretary: 'council secretary',
  chair: "chair's office",
};

export function mailPolicyMarkdown(): string {
  const rows = Object.entries(mailRules).flatMap(([action, rules]) =>
    rules.map((r) => `| \`${action}\` | ${recipientNames[r.to]} | ${r.why === 'act' ? 'must act' : 'outcome known'} | ${r.lead.vi}${r.step ? ` trước <hạn>` : ''}: <hồ sơ> | ${r.step ? `${humanSteps[r.step].name.en} (the form's working days)` : '—'} | ${r.onlyIf?.doc ?? 'always'} |`));
  const silent = Object.entries(unmailed).map(([action, why]) => `| \`${action}\` | ${why} |`);
  return [
    '| Event | Mailed to | Why | Subject (Vietnamese part) | Deadline stated | When |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    'Events that mail nobody at the time:',
    '',
    '| Event | Why not |',
    '|---|---|',
    ...silent,
  ].join('\n');
}
