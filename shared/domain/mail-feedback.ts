/**
 * What SES tells us of a mail that did not arrive (event publishing through the configuration set, delivered by
 * SNS), reduced to one fact per recipient address. A permanent bounce or a complaint makes the address failing:
 * mail to it is not sent again until the address changes (an administrator edits the person's e-mail) — sending
 * on would only raise the account's bounce and complaint rates, which SES pauses an account for. A transient
 * bounce (mailbox full, greylisting) is counted but does not stop mail.
 */
export type FeedbackKind = 'bounce' | 'complaint';

export interface MailFeedback {
  /** Lower-cased: SES and people type addresses in any case. */
  readonly address: string;
  readonly kind: FeedbackKind;
  /** SES's bounce type and subtype (Permanent/General, Transient/MailboxFull, …) or the complaint's feedback type. */
  readonly detail: string;
  readonly failing: boolean;
  readonly at: string;
}

export const normalizeAddress = (address: string): string => address.trim().toLowerCase();

type Recipient = { emailAddress?: unknown };
interface SesEvent {
  eventType?: unknown;
  notificationType?: unknown;
  bounce?: { bounceType?: unknown; bounceSubType?: unknown; bouncedRecipients?: Recipient[]; timestamp?: unknown };
  complaint?: { complaintFeedbackType?: unknown; complainedRecipients?: Recipient[]; timestamp?: unknown };
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const addresses = (list: Recipient[] | undefined): string[] =>
  (Array.isArray(list) ? list : []).map((r) => text(r?.emailAddress)).filter((a): a is string => typeof a === 'string' && a.includes('@')).map(normalizeAddress);

/**
 * The facts in one SES event (an SNS message's text). Event publishing names the type `eventType`; identity
 * notifications name it `notificationType`: both are read. Anything else (deliveries, unparsable text) gives none.
 */
export function feedbackFromSesMessage(message: string, receivedAt: string): MailFeedback[] {
  let event: SesEvent;
  try {
    event = JSON.parse(message) as SesEvent;
  } catch {
    return [];
  }
  if (event === null || typeof event !== 'object') return [];
  const type = text(event.eventType) ?? text(event.notificationType);
  if (type === 'Bounce' && event.bounce) {
    const bounceType = text(event.bounce.bounceType) ?? 'Undetermined';
    const detail = [bounceType, text(event.bounce.bounceSubType)].filter(Boolean).join('/');
    const at = text(event.bounce.timestamp) ?? receivedAt;
    return addresses(event.bounce.bouncedRecipients).map((address) => ({ address, kind: 'bounce', detail, failing: bounceType === 'Permanent', at }));
  }
  if (type === 'Complaint' && event.complaint) {
    const detail = text(event.complaint.complaintFeedbackType) ?? 'abuse';
    const at = text(event.complaint.timestamp) ?? receivedAt;
    return addresses(event.complaint.complainedRecipients).map((address) => ({ address, kind: 'complaint', detail, failing: true, at }));
  }
  return [];
}

/** The recipients a mail may still go to, and those it must skip because their address is failing. */
export function splitRecipients(to: readonly string[], failing: ReadonlySet<string>): { send: string[]; skip: string[] } {
  const send: string[] = [];
  const skip: string[] = [];
  for (const address of to) (failing.has(normalizeAddress(address)) ? skip : send).push(address);
  return { send, skip };
}
