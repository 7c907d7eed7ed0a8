/** A unit withdraws its dossier, with a reason. */
import * as z from 'zod/mini';
import { reason } from './common.ts';

export const WithdrawInput = z.strictObject({ reason: reason() });
export type WithdrawInput = z.infer<typeof WithdrawInput>;

/** The secretariat returns a dossier whose supplement deadline passed, with the reason the unit reads. */
export const ReturnDossierInput = z.strictObject({ reason: reason() });
export type ReturnDossierInput = z.infer<typeof ReturnDossierInput>;
