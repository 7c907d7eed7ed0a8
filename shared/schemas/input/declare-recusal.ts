/** A member's conflict of interest on one dossier. */
import * as z from 'zod/mini';
import { text } from './common.ts';

export const DeclareRecusalInput = z.strictObject({ dossierId: text(128), reason: text(1000) });
export type DeclareRecusalInput = z.infer<typeof DeclareRecusalInput>;
