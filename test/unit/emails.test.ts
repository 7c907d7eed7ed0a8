import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mailPreviews, previewContext, ruledActions, sampledActions } from '#local/mail-previews';
import { mailPolicyMarkdown } from '#domain/mail-policy-doc';
import { renderMinutes } from '#domain/minutes';
import { actedAs, mailRules, notificationsFor } from '#domain/notifications';
import { defaultRegulation } from '#domain/regulation';
import { codeShapedWords, htmlText } from '../support/code-words.ts';

const previews = mailPreviews();
const split = (text: string) => {
  const [vi, en] = text.split(/\n—{30}\n/);
  return { vi: vi!.trim(), en: en!.trim() };
};

describe('every e-mail template (sample data, as #/outbox previews them)', () => {
  it('covers every event the mail policy names', () => {
    expect([...ruledActions].filter((a) => !sampledActions.has(a))).toEqual([]);
  });

  // One snapshot file per mail: the subject, then the Vietnamese and the English letter of the plain-text part.
  for (const { name, mail } of previews) {
    it(`${name}: subject and text, Vietnamese then English`, async () => {
      const { vi, en } = split(mail.text);
      const file = `${name.replace(/ → .*/, '').replace(/[^\w-]+/g, '_')}__${mail.to[0]!.split('@')[0]}`;
      await expect(`SUBJECT: ${mail.subject}\n\n[vi]\n${vi}\n\n[en]\n${en}\n`).toMatchFileSnapshot(`./__snapshots__/emails/${file}.txt`);
    });
  }

  it('open with "Kính gửi", say what to do and by when where someone must act, link the page, close with the signature', () => {
    for (const { name, mail } of previews) {
      const { vi, en } = split(mail.text);
      expect(vi, name).toMatch(/^Kính gửi: /);
      expect(vi, name).toMatch(/Trân trọng\.\nBan Thi đua – Khen thưởng tỉnh\n\(thư tự động, vui lòng không trả lời\)$/);
      expect(en, name).toMatch(/^To: /);
      expect(mail.text, name).toMatch(/http:\/\/localhost:3000\/#\//);
      expect(mail.html, name).toContain('<a href="http://localhost:3000/#/');
      // a deadline is a date in Vietnam, dd/mm/yyyy, with its working days
      for (const due of vi.match(/^Hạn: .*$/gm) ?? []) expect(due, name).toMatch(/^Hạn: \d{2}\/\d{2}\/\d{4} \(\d+ ngày làm việc\)$/);
    }
  });

  it('say in the subject, Vietnamese first, what to do or what happened; never an event code', () => {
    for (const { name, mail } of previews) {
      const [vi] = mail.subject.split(' / ');
      expect(vi, name).toMatch(/^[A-ZĐÀ-Ỹ]/u);
      expect(codeShapedWords(mail.subject), name).toEqual([]);
    }
    const supplement = previews.find((p) => p.name.startsWith('requestSupplement '))!.mail;
    expect(supplement.subject).toBe('Cần bổ sung hồ sơ trước 16/03/2026: Đề nghị tặng danh hiệu Chiến sĩ thi đua cấp tỉnh năm 2026 / Supplement needed by 16/03/2026');
  });

  it('have an HTML part mail clients render: one table layout, inline styles, no classes, scripts or external files, both languages', () => {
    for (const { name, mail } of previews) {
      expect(mail.html, name).toMatch(/^<!doctype html>/);
      expect(mail.html, name).toContain('<table role="presentation"');
      expect(mail.html, name).not.toMatch(/<style|class=|<script|<link|<img|src=/i);
      expect(mail.html, name).toContain('lang="vi"');
      expect(mail.html, name).toContain('lang="en"');
      expect(mail.html.indexOf('lang="vi"'), name).toBeLessThan(mail.html.lastIndexOf('lang="en"'));
    }
  });
});

describe('no codes in what people read (LANGUAGE.md rule 1)', () => {
  it('the scanner finds camelCase, kebab-case ids, snake and upper-snake codes, and ISO dates, not Vietnamese prose', () => {
    expect(codeShapedWords('Hồ sơ — documentVerified, member-1, so-giao-duc, TYPE_MISMATCH, decision_number, 2026-03-12')).toEqual(['documentVerified', 'member-1', 'so-giao-duc', '2026-03-12', 'TYPE_MISMATCH', 'decision_number']);
    expect(codeShapedWords('Ban Thi đua – Khen thưởng tỉnh, Quyết định số 123/QĐ-UBND ngày 15/12/2026, 66,7%; http://x/#/dossiers/a-b-c')).toEqual([]);
  });

  it('in no e-mail: subject, text part, nor the text the HTML part shows', () => {
    const found = previews.flatMap(({ name, mail }) => [mail.subject, mail.text, htmlText(mail.html)].flatMap((t) => codeShapedWords(t).map((w) => `${name}: ${w}`)));
    expect(found).toEqual([]);
  });

  it('in the tally minutes', () => {
    const html = renderMinutes({
      session: { id: 'session-1', title: 'Phiên họp xét khen thưởng tháng 12 năm 2026', date: '2026-12-15', memberIds: ['member-1', 'member-2', 'member-3'] },
      presentMemberIds: ['member-1', 'member-2', 'member-3'],
      dossiers: [{ id: 'dossier-1', title: 'Đề nghị tặng Bằng khen cho Nguyễn Thị Hồng Nhung', awardName: 'Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh' }],
      results: [{ dossierId: 'dossier-1', counts: { agree: 2, disagree: 1, abstain: 0, recused: 0, needed: 2, base: 3, ballots: 3, participations: 3 }, threshold: 2 / 3, denominator: 'members', source: 'docs/domain.md §5 (developer note)', passed: true, flagged: false }],
      closedAt: '2026-12-15T03:04:00.000Z',
      closedBy: 'Phạm Minh Châu',
      basis: defaultRegulation,
    });
    const text = htmlText(html);
    expect(codeShapedWords(text)).toEqual([]);
    expect(text).not.toMatch(/DOMAIN|Decree|old rule|T03:04|\d\.\d ?%|\d %/);
    expect(text).toContain('66,7%');
  });
});

describe('the mail policy', () => {
  it('never mails the actor: the unit for what its people did, a role for what a holder of it did', () => {
    const unitActor = { userId: 'u', roles: ['unitOfficer'], unitId: 'so-giao-duc' };
    expect(actedAs(unitActor, 'unit', 'so-giao-duc')).toBe(true);
    expect(actedAs(unitActor, 'unit', 'so-y-te')).toBe(false);
    expect(actedAs({ userId: 'o', roles: ['officer'] }, 'officer', 'so-giao-duc')).toBe(true);
    // every rule, with the actor holding the recipient's role, mails nobody of that role
    const dossier = { id: 'd', unitId: 'so-giao-duc', contactEmail: 'lan.nt@sogd.example.gov.vn', title: 'T', awardCode: 'chienSiThiDuaTinh', nominees: [{ name: 'A', recipientType: 'individual' }, { name: 'B', recipientType: 'individual', outcome: 'notAwarded', outcomeStage: 'council', outcomeReason: 'r' }] } as never;
    for (const [action, rules] of Object.entries(mailRules)) {
      for (const rule of rules) {
        const roles = rule.to === 'secretariat' ? ['officer', 'secretariatHead'] : [rule.to];
        const actor = { userId: 'x', roles, unitId: 'so-giao-duc' };
        const event = { dossierId: 'd', seq: 2, at: '2026-03-02T03:04:00.000Z', actor, action, fromStatus: 'UnderAppraisal', details: { ineligibleNominees: [{ name: 'B', reason: 'r' }], reason: 'ceilingReached' }, prevHash: '', hash: '' };
        const own = roles.map((r) => (r === 'unit' ? 'lan.nt@sogd.example.gov.vn' : previewContext.mailboxes[r]));
        for (const mail of notificationsFor(event, dossier, previewContext, 'Sở Giáo dục và Đào tạo')) {
          for (const address of own) expect(mail.to, `${action} → ${rule.to}`).not.toContain(address);
        }
      }
    }
  });

  it('is written in docs/emails.md as the code has it', () => {
    const doc = readFileSync(new URL('../../docs/emails.md', import.meta.url), 'utf8');
    expect(doc).toContain(mailPolicyMarkdown());
  });
});
