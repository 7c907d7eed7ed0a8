/** The integrity check's query: how long a dossier must have been still before its workflow is compared with it. */
import * as z from 'zod/mini';

export const IntegrityQuery = z.object({ settleSeconds: z._default(z.pipe(z.string().check(z.regex(/^\d{1,6}$/)), z.transform(Number)), 300) });
