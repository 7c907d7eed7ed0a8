/** Bulk import of the directory: the file is declared, uploaded to S3 with a presigned POST, previewed, applied. */
import * as z from 'zod/mini';
import { importKinds } from '#domain/directory-import';
import { text } from './common.ts';

export const StartImportInput = z.strictObject({
  kind: z.enum(importKinds),
  /** .xlsx or .csv; only its extension is used (the object key is built from the import id). */
  fileName: text(200).check(z.regex(/^[^/\\\0]+\.(xlsx|csv)$/i)),
  /** Bytes; above the limit the answer is FILE_TOO_LARGE, before any upload. */
  size: z.int().check(z.gte(1)),
});
export type StartImportInput = z.infer<typeof StartImportInput>;

export const ImportPathParams = z.object({ importId: z.string().check(z.regex(/^imp-[0-9a-f-]{36}$/)) });
