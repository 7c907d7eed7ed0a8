/**
 * Browser-upload POST policy checks, as S3 does them (s3rver stores whatever it is sent): SigV4 signature of
 * the policy, expiry, every condition (exact match, starts-with, content-length-range) and no form field the
 * policy does not cover. https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface PostPolicyInput {
  readonly bucket: string;
  /** Form fields in the order received (lower-cased names), without the file. */
  readonly fields: Readonly<Record<string, string>>;
  readonly fileSize: number;
  readonly now: Date;
  /** Secret for an access key id, or undefined when the key is unknown. */
  readonly secretFor: (accessKeyId: string) => string | undefined;
}

export interface PolicyViolation {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

type Condition = Record<string, string> | [string, string | number, string | number];

const deny = (message: string): PolicyViolation => ({ status: 403, code: 'AccessDenied', message });
/** Fields S3 does not require the policy to mention. */
const exempt = new Set(['policy', 'x-amz-signature', 'file']);

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

export function checkPostPolicy(input: PostPolicyInput): PolicyViolation | undefined {
  const { fields } = input;
  const policyB64 = fields.policy;
  if (!policyB64) return deny('Bucket POST must contain a policy');
  let policy: { expiration?: string; conditions?: Condition[] };
  try {
    policy = JSON.parse(Buffer.from(policyB64, 'base64').toString('utf8'));
  } catch {
    return { status: 400, code: 'InvalidPolicyDocument', message: 'Invalid Policy: Invalid JSON.' };
  }

  // Signature (SigV4): the credential scope names the key, date and region.
  if (fields['x-amz-algorithm'] !== 'AWS4-HMAC-SHA256') return deny('Only AWS4-HMAC-SHA256 POST signatures are accepted');
  const [accessKeyId, date, region, service, terminator] = (fields['x-amz-credential'] ?? '').split('/');
  const secret = accessKeyId ? input.secretFor(accessKeyId) : undefined;
  if (!secret || !date || !region || service !== 's3' || terminator !== 'aws4_request') return deny('Invalid x-amz-credential');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), 's3'), 'aws4_request');
  const expected = createHmac('sha256', signingKey).update(policyB64, 'utf8').digest('hex');
  const given = fields['x-amz-signature'] ?? '';
  if (given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
    return deny('The request signature we calculated does not match the signature you provided.');
  }

  if (!policy.expiration || !(Date.parse(policy.expiration) > input.now.getTime())) return deny('Invalid according to Policy: Policy expired.');

  const values: Record<string, string> = { ...fields, bucket: input.bucket };
  const covered = new Set<string>();
  for (const condition of policy.conditions ?? []) {
    if (Array.isArray(condition)) {
      const [op, a, b] = condition;
      if (op === 'content-length-range') {
        if (input.fileSize < Number(a) || input.fileSize > Number(b)) {
          return input.fileSize > Number(b)
            ? { status: 400, code: 'EntityTooLarge', message: 'Your proposed upload exceeds the maximum allowed size' }
            : { status: 400, code: 'EntityTooSmall', message: 'Your proposed upload is smaller than the minimum allowed size' };
        }
        continue;
      }
      const name = String(a).replace(/^\$/, '').toLowerCase();
      covered.add(name);
      const actual = values[name] ?? '';
      if (op === 'eq' && actual !== String(b)) return deny(`Invalid according to Policy: Policy Condition failed: ["eq", "$${name}", "${b}"]`);
      if (op === 'starts-with' && !actual.startsWith(String(b))) return deny(`Invalid according to Policy: Policy Condition failed: ["starts-with", "$${name}", "${b}"]`);
      if (op !== 'eq' && op !== 'starts-with') return { status: 400, code: 'InvalidPolicyDocument', message: `Invalid Policy: unknown condition ${op}` };
    } else {
      for (const [name, expectedValue] of Object.entries(condition)) {
        covered.add(name.toLowerCase());
        if ((values[name.toLowerCase()] ?? '') !== expectedValue) return deny(`Invalid according to Policy: Policy Condition failed: ["eq", "$${name}", "${expectedValue}"]`);
      }
    }
  }
  const extra = Object.keys(fields).filter((f) => !exempt.has(f) && !f.startsWith('x-ignore-') && !covered.has(f));
  if (extra.length > 0) return deny(`Invalid according to Policy: Extra input fields: ${extra.join(', ')}`);
  return undefined;
}
