/** People of the province's directory: their accounts (Cognito users), roles (groups) and unit. */
import * as z from 'zod/mini';
import { roles } from '#domain/roles';
import { text } from './common.ts';

/** A sign-in name (e.g. "lan.nt"), also how a roster seat names its person. */
export const slug = () => z.string().check(z.trim(), z.toLowerCase(), z.regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/), z.maxLength(64));

/** What an administrator sets of a person: everything authorization, mail and the records rely on. */
export const PersonInput = z.strictObject({
  name: text(200),
  email: z.string().check(z.trim(), z.toLowerCase(), z.email(), z.maxLength(254)),
  roles: z.array(z.enum(roles)).check(z.maxLength(roles.length)),
  unitId: z.optional(slug()),
});
export type PersonInput = z.infer<typeof PersonInput>;

/** A new account: its sign-in name (a slug, e.g. "lan.nt") with the person's details. */
export const CreatePersonInput = z.strictObject({ username: slug(), ...PersonInput.shape });
export type CreatePersonInput = z.infer<typeof CreatePersonInput>;

export const PersonPathParams = z.object({ username: slug() });
