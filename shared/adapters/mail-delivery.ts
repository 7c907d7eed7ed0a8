import type * as z from 'zod/mini';
import { BatchGetCommand, type BatchGetCommandOutput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type MailFeedback, normalizeAddress, splitRecipients } from '#domain/mail-feedback';
import { metricNames } from '#domain/metrics';
import { type OutgoingEmail, sendEmail } from './mailer.ts';
import { emitCounts } from './metrics.ts';
import { MailAddressRecord } from '#schemas/records';
import { requireEnv } from './config.ts';
import { documentClient } from './dynamo.ts';

/**
 * What is known of one e-mail address's delivery: the last bounce or complaint, whether mail to it is stopped,
 * the person it belonged to when SES reported it, and the mails not sent to it since. One item per address
 * (`MAILADDR#<address>`): mail is stopped by address, as SES's own suppression list does, so a person whose
 * e-mail an administrator corrects gets mail again at once.
 * Its fields are the record's schema (MailAddressRecord), the one list of them: a field missing there is dropped on read.
 */
export type MailAddressState = z.output<typeof MailAddressRecord>;

const table = () => requireEnv('TABLE_NAME');
const key = (address: string) => ({ PK: `MAILADDR#${normalizeAddress(address)}`, SK: 'META' });

/** Records one bounce or complaint; a failing address stays failing when a later report is only transient. */
export async function recordFeedback(feedback: MailFeedback, person?: { username: string; userId: string }): Promise<void> {
  const names: Record<string, string> = { '#f': 'failing' };
  const values: Record<string, unknown> = { ':a': feedback.address, ':k': feedback.kind, ':d': feedback.detail, ':t': feedback.at, ':one': 1 };
  const sets = ['address = :a', 'lastKind = :k', 'lastDetail = :d', 'lastAt = :t'];
  if (feedback.failing) {
    sets.push('#f = :true');
    values[':true'] = true;
  } else {
    sets.push('#f = if_not_exists(#f, :false)');
    values[':false'] = false;
  }
  if (person) {
    sets.push('username = :u', 'userId = :id');
    Object.assign(values, { ':u': person.username, ':id': person.userId });
  }
  await documentClient.send(
    new UpdateCommand({ TableName: table(), Key: key(feedback.address), UpdateExpression: `SET ${sets.join(', ')} ADD reports :one`, ExpressionAttributeNames: names, ExpressionAttributeValues: values }),
  );
}

/** The known state of each of these addresses (absent: nothing was ever reported). */
export async function mailAddressStates(addresses: readonly string[]): Promise<Map<string, MailAddressState>> {
  const unique = [...new Set(addresses.filter((a) => a.includes('@')).map(normalizeAddress))];
  const found = new Map<string, MailAddressState>();
  for (let i = 0; i < unique.length; i += 100) {
    let keys: Record<string, unknown>[] | undefined = unique.slice(i, i + 100).map(key);
    // BatchGet may leave keys unprocessed under load: ask again for those.
    while (keys && keys.length > 0) {
      const out: BatchGetCommandOutput = await documentClient.send(new BatchGetCommand({ RequestItems: { [table()]: { Keys: keys, ConsistentRead: true } } }));
      for (const item of out.Responses?.[table()] ?? []) {
        const state = MailAddressRecord.parse(item);
        found.set(state.address, state);
      }
      keys = out.UnprocessedKeys?.[table()]?.Keys;
    }
  }
  return found;
}

/** Counts a mail that was not sent to a failing address: the people page shows it. */
export async function recordSkipped(address: string, subject: string, at: string): Promise<void> {
  await documentClient.send(
    new UpdateCommand({
      TableName: table(),
      Key: key(address),
      UpdateExpression: 'SET lastSkippedAt = :t, lastSkippedSubject = :s ADD skipped :one',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':t': at, ':s': subject, ':one': 1 },
    }),
  );
}

/**
 * Sends the mail to its recipients whose address is not failing; each skipped one is recorded against its
 * address (the people page reports it) and counted (MailSkipped). Nothing is sent when every address fails.
 */
export async function sendToDeliverable(email: OutgoingEmail): Promise<{ sent: number; skipped: number }> {
  const states = await mailAddressStates(email.to);
  const failing = new Set([...states.values()].filter((s) => s.failing).map((s) => s.address));
  const { send, skip } = splitRecipients(email.to, failing);
  if (send.length > 0) await sendEmail({ ...email, to: send });
  const at = new Date().toISOString();
  for (const address of skip) await recordSkipped(address, email.subject, at);
  if (skip.length > 0) await emitCounts({ [metricNames.mailSkipped]: skip.length });
  return { sent: send.length, skipped: skip.length };
}

/** What the people page shows of a person's address: failing or not, the last report, the mails not sent. */
export type MailDelivery = Pick<MailAddressState, 'failing' | 'lastKind' | 'lastDetail' | 'lastAt' | 'reports' | 'skipped' | 'lastSkippedAt' | 'lastSkippedSubject'>;

/** Each person with what is known of their address's delivery (absent when nothing was ever reported). */
export async function withMailDelivery<P extends { email: string }>(people: readonly P[]): Promise<(P & { mailDelivery?: MailDelivery })[]> {
  const states = await mailAddressStates(people.map((p) => p.email));
  return people.map((p) => {
    const state = states.get(normalizeAddress(p.email));
    if (!state) return p;
    const { address: _a, username: _u, userId: _i, ...mailDelivery } = state;
    return { ...p, mailDelivery };
  });
}
