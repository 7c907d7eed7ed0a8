/** A unit withdraws its dossier, with a reason. */
import * as z from 'zod/mini';
import { text } from './common.ts';

export const WithdrawInput = z.strictObject({ reason: text(2000) });
export type WithdrawInput = z.infer<typeof WithdrawInput>;
