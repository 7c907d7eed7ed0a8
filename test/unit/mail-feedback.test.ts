import { describe, expect, it } from 'vitest';
import { feedbackFromSesMessage, splitRecipients } from '#domain/mail-feedback';
import { yearEndReportDue } from '#domain/metrics';

const at = '2060-03-01T02:00:00.000Z';

describe('SES feedback', () => {
  it('a permanent bounce makes each bounced address failing, lower-cased, with its type and subtype', () => {
    const message = JSON.stringify({ eventType: 'Bounce', bounce: { bounceType: 'Permanent', bounceSubType: 'NoEmail', timestamp: at, bouncedRecipients: [{ emailAddress: 'An.HV@Example.gov.vn' }, { emailAddress: 'b@example.gov.vn' }] } });
    expect(feedbackFromSesMessage(message, 'now')).toEqual([
      { address: 'an.hv@example.gov.vn', kind: 'bounce', detail: 'Permanent/NoEmail', failing: true, at },
      { address: 'b@example.gov.vn', kind: 'bounce', detail: 'Permanent/NoEmail', failing: true, at },
    ]);
  });

  it('a transient bounce is recorded but not failing; a complaint is failing; identity notifications (notificationType) read the same', () => {
    const transient = JSON.stringify({ notificationType: 'Bounce', bounce: { bounceType: 'Transient', bounceSubType: 'MailboxFull', bouncedRecipients: [{ emailAddress: 'a@x.vn' }] } });
    expect(feedbackFromSesMessage(transient, at)).toEqual([{ address: 'a@x.vn', kind: 'bounce', detail: 'Transient/MailboxFull', failing: false, at }]);
    const complaint = JSON.stringify({ eventType: 'Complaint', complaint: { complainedRecipients: [{ emailAddress: 'a@x.vn' }] } });
    expect(feedbackFromSesMessage(complaint, at)).toEqual([{ address: 'a@x.vn', kind: 'complaint', detail: 'abuse', failing: true, at }]);
  });

  it('anything else gives no fact: deliveries, text that is not JSON, recipients without an address', () => {
    for (const message of [JSON.stringify({ eventType: 'Delivery', delivery: {} }), 'not json', 'null', JSON.stringify({ eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'no-at-sign' }, {}] } })]) {
      expect(feedbackFromSesMessage(message, at), message).toEqual([]);
    }
  });

  it('a mail skips exactly its failing recipients, whatever the case they are written in', () => {
    expect(splitRecipients(['A@x.vn', 'b@x.vn'], new Set(['a@x.vn']))).toEqual({ send: ['b@x.vn'], skip: ['A@x.vn'] });
    expect(splitRecipients(['a@x.vn'], new Set())).toEqual({ send: ['a@x.vn'], skip: [] });
  });
});

describe('the year-end job watch', () => {
  it("this year's report is due from the day after the job's scheduled day to the year's end, not before", () => {
    expect(yearEndReportDue('2060-12-20', '12-20')).toBeUndefined();
    expect(yearEndReportDue('2060-12-21', '12-20')).toBe(2060);
    expect(yearEndReportDue('2060-12-31', '12-20')).toBe(2060);
    expect(yearEndReportDue('2061-01-02', '12-20')).toBeUndefined();
  });
});
