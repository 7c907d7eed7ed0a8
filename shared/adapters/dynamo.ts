import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateQuery, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '#domain/errors';

/** One client per container; the endpoint comes from AWS_ENDPOINT_URL_DYNAMODB when run locally. */
export const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

/** Every item a query matches, across all pages (lib-dynamodb's paginator follows LastEvaluatedKey). */
export async function queryAll(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateQuery({ client: documentClient }, input)) items.push(...(page.Items ?? []));
  return items;
}

/** A page cursor: the last key of a page, opaque to the client. */
export const encodePageCursor = (key: Record<string, unknown>): string => Buffer.from(JSON.stringify(key)).toString('base64url');

/**
 * A cursor back into a key, only if it is one a list handed out: exactly the key's attributes, all strings, and
 * `belongs` agrees it is of the partition now asked for. Anything else is a 400 naming `cursor`.
 */
export function decodePageCursor(cursor: string, names: readonly string[], belongs: (key: Record<string, unknown>) => boolean): Record<string, string> {
  const invalid = () => new ValidationError({ field: 'cursor', messages: { vi: 'Con trỏ trang không hợp lệ', en: 'Invalid page cursor' } });
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const k = key as Record<string, unknown>;
  const valid = typeof key === 'object' && key !== null && !Array.isArray(key) && Object.keys(k).length === names.length && names.every((n) => typeof k[n] === 'string') && belongs(k);
  if (!valid) throw invalid();
  return k as Record<string, string>;
}

/**
 * One page of a query that may filter: reads on until `limit` items match (so a page is short only at the end) and
 * gives the cursor of the next page, built from `keyNames` of the last item, if there may be one.
 */
export async function queryPage(
  input: Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>,
  limit: number,
  start: Record<string, unknown> | undefined,
  keyNames: readonly string[],
): Promise<{ items: Record<string, unknown>[]; next?: string }> {
  let cursor = start;
  const found: Record<string, unknown>[] = [];
  do {
    const out = await documentClient.send(new QueryCommand({ ...input, Limit: limit, ...(cursor ? { ExclusiveStartKey: cursor } : {}) }));
    found.push(...(out.Items ?? []));
    cursor = out.LastEvaluatedKey;
  } while (cursor && found.length < limit);
  const items = found.slice(0, limit);
  const last = items.at(-1);
  const more = found.length > limit || (cursor !== undefined && last !== undefined);
  return more && last ? { items, next: encodePageCursor(Object.fromEntries(keyNames.map((k) => [k, last[k]]))) } : { items };
}
