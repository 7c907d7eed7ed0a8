/** Filters and page of the directory's change list (admin). */
import * as z from 'zod/mini';
import { directoryEntities } from '#domain/directory-entities';

export const ListDirectoryChangesQuery = z.object({
  entity: z.optional(z.enum(directoryEntities)),
  limit: z._default(z.pipe(z.string().check(z.regex(/^[1-9]\d?$|^100$/)), z.transform(Number)), 50),
  /** The `next` of the previous page, as given. */
  cursor: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,1000}$/))),
});
export type ListDirectoryChangesQuery = z.infer<typeof ListDirectoryChangesQuery>;
