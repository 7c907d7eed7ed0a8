import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import { recordFeedback } from '#adapters/mail-delivery';
import { emitCounts } from '#adapters/metrics';
import { findPersonByEmail } from '#adapters/people-directory';
import { feedbackFromSesMessage } from '#domain/mail-feedback';
import { metricNames } from '#domain/metrics';
import { log } from '#http/api';

/**
 * SES bounces and complaints (the configuration set's event destination → SNS): each recipient's is recorded
 * against the address and the person who has it, so the people page shows whose mail fails and notify stops
 * mailing a failing address. Recording is idempotent in effect (the same report sets the same state; only its
 * count grows), so SNS's retries do no harm.
 */
const mailFeedback = async (event: SNSEvent) => {
  const facts = event.Records.flatMap((r) => feedbackFromSesMessage(r.Sns.Message, r.Sns.Timestamp ?? new Date().toISOString()));
  for (const fact of facts) {
    const person = await findPersonByEmail(fact.address);
    await recordFeedback(fact, person);
    // The address is personal data: the log names the person's account, not the address.
    (await log()).warn('mail feedback recorded', { kind: fact.kind, detail: fact.detail, failing: fact.failing, username: person?.username ?? null });
  }
  const count = (kind: string) => facts.filter((f) => f.kind === kind).length;
  await emitCounts({ [metricNames.mailBounced]: count('bounce'), [metricNames.mailComplained]: count('complaint') });
  return { recorded: facts.length };
};

export const handler = middy<SNSEvent, { recorded: number }>().handler(mailFeedback);
