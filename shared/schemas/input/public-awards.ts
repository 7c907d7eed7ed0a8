/** The year of the published awards (default: this year). */
import * as z from 'zod/mini';
import { yearParam } from './common.ts';

const currentYear = () => new Date().getUTCFullYear();
export const PublicAwardsQuery = z.object({ year: z._default(yearParam(), currentYear) });
export type PublicAwardsQuery = z.infer<typeof PublicAwardsQuery>;
