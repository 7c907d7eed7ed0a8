import middy from '@middy/core';
import { listDirectoryChanges } from '#adapters/directory-changes';
import { changedFields } from '#domain/directory-audit';
import { assertCanReadDirectoryChanges } from '#domain/roles';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json } from '#http/api';
import { ListDirectoryChangesQuery } from '#schemas/input/directory-changes';
import { parseInput } from '#schemas/validation';

/** Every change to units, people and the council roster, newest first, with the fields each one changed (admin). */
const list = async (event: ApiEvent): Promise<ApiResult> => {
  assertCanReadDirectoryChanges(actorOf(event));
  const query = parseInput(ListDirectoryChangesQuery, event.queryStringParameters ?? {});
  const page = await listDirectoryChanges(query);
  return json(200, { ...page, changes: page.changes.map((c) => ({ ...c, changed: changedFields(c.before, c.after) })) });
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(list);
