import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearEmails, listEmails, type SesEmulator, startSes } from '#local/emulators/ses';
import { freePort } from '#local/emulators/support';

/** The SES emulator (aws-ses-v2-local) of the local runtime, started once on a free loopback port. */
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const region = 'ap-southeast-1';

describe('SES (aws-ses-v2-local)', () => {
  let ses: SesEmulator;
  let client: SESv2Client;

  beforeAll(async () => {
    ses = await startSes();
    client = new SESv2Client({ endpoint: ses.endpoint, region, credentials });
  });
  afterAll(async () => {
    client?.destroy();
    await ses?.stop();
  });

  it('captures a SendEmail with a Vietnamese UTF-8 subject, text and HTML intact', async () => {
    // Prepare
    const before = new Date(Math.floor(Date.now() / 1000) * 1000);
    const subject = 'Hồ sơ đã được nộp';
    const text = 'Kính gửi Ông/Bà Nguyễn Thị Hằng,\nHồ sơ "Chiến sĩ thi đua cơ sở" đã được nộp thành công.';
    const html = '<p>Kính gửi Ông/Bà <b>Nguyễn Thị Hằng</b>,</p><p>Hồ sơ “Chiến sĩ thi đua cơ sở” đã được nộp thành công.</p>';
    // Act
    const sent = await client.send(
      new SendEmailCommand({
        FromEmailAddress: 'Hội đồng Thi đua <no-reply@thiduakhenthuong.example.gov.vn>',
        Destination: { ToAddresses: ['hang.nguyen@donvi.example.vn'] },
        Content: {
          Simple: {
            Subject: { Data: subject, Charset: 'UTF-8' },
            Body: { Text: { Data: text, Charset: 'UTF-8' }, Html: { Data: html, Charset: 'UTF-8' } },
          },
        },
      }),
    );
    const emails = await listEmails(ses.endpoint, { since: before });
    // Assess
    expect(sent.MessageId).toBeTruthy();
    expect(emails).toHaveLength(1);
    const email = emails[0];
    expect(email).toMatchObject({
      messageId: sent.MessageId,
      from: 'Hội đồng Thi đua <no-reply@thiduakhenthuong.example.gov.vn>',
      to: ['hang.nguyen@donvi.example.vn'],
      subject,
      text,
      html,
    });
    expect(email?.at).toBeInstanceOf(Date);
    expect(email?.at.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(email?.at.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('filters by since and clears', async () => {
    expect(await listEmails(ses.endpoint, { since: new Date(Date.now() + 60_000) })).toEqual([]);
    expect((await listEmails(ses.endpoint)).length).toBeGreaterThan(0);
    await clearEmails(ses.endpoint);
    expect(await listEmails(ses.endpoint)).toEqual([]);
  });

  it('listens on a requested port', async () => {
    const port = await freePort();
    const other = await startSes({ port });
    try {
      expect(other.endpoint).toBe(`http://127.0.0.1:${port}`);
      expect(await listEmails(other.endpoint)).toEqual([]);
    } finally {
      await other.stop();
    }
  });
});
