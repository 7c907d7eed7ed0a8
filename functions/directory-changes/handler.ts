import { listDirectoryChanges } from '#adapters/directory-changes';
import { changedFields } from '#domain/directory-audit';
import { apiHandler, json } from '#http/api';
import * as routes from '#schemas/routes/directory';

/** Every change to units, people and the council roster, newest first, with the fields each one changed (admin). */
export const handler = apiHandler(
  { listDirectoryChanges: routes.listDirectoryChanges },
  {
    listDirectoryChanges: async ({ query }) => {
      const page = await listDirectoryChanges(query);
      return json(200, { ...page, changes: page.changes.map((c) => ({ ...c, changed: changedFields(c.before, c.after) })) });
    },
  },
);
