/** One document upload a unit asks to presign. */
import * as z from 'zod/mini';
import { documentKindNames, text } from './common.ts';

export const PresignUploadInput = z.strictObject({
  kind: z.enum(documentKindNames()),
  fileName: text(200).check(z.regex(/^[^/\\\0]+$/)),
  contentType: z.literal('application/pdf'),
  size: z.int().check(z.gte(1), z.lte(50 * 1024 * 1024)),
  /** Hex sha256 the browser computed; the server recomputes it after upload and refuses a mismatch. */
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
});
export type PresignUploadInput = z.infer<typeof PresignUploadInput>;
