/** The unit directory: create, edit, close, search (admin writes; everyone signed in reads). */
import * as z from 'zod/mini';
import { isUnitId, unitIdMessage, unitTypes } from '#domain/unit-types';
import { isoDate, reason, text } from './common.ts';

export const unitId = () =>
  z.string().check(z.trim(), z.minLength(1), z.refine(isUnitId, { params: unitIdMessage, message: unitIdMessage.en }));

export const UnitPathParams = z.object({ unitId: unitId() });

export const CreateUnitInput = z.strictObject({
  unitId: unitId(),
  name: text(300),
  shortName: text(100),
  type: z.enum(unitTypes),
  parentId: z.optional(unitId()),
  /** A merger: the units this one succeeds (they are closed separately). */
  successorOf: z.optional(z.array(unitId()).check(z.maxLength(50))),
  /** Defaults to today in Vietnam. */
  validFrom: z.optional(isoDate()),
  validTo: z.optional(isoDate()),
});
export type CreateUnitInput = z.infer<typeof CreateUnitInput>;

export const EditUnitInput = z.strictObject({
  /** The version read: a concurrent change answers 409 instead of being overwritten. */
  version: z.int().check(z.gte(1)),
  name: z.optional(text(300)),
  shortName: z.optional(text(100)),
  /** When a new name takes effect; earlier dates keep the old name. Omitted: a correction of the current name. */
  nameFrom: z.optional(isoDate()),
  type: z.optional(z.enum(unitTypes)),
  parentId: z.optional(z.nullable(unitId())),
  validFrom: z.optional(isoDate()),
  validTo: z.optional(z.nullable(isoDate())),
});
export type EditUnitInput = z.infer<typeof EditUnitInput>;

export const DeactivateUnitInput = z.strictObject({
  version: z.int().check(z.gte(1)),
  /** Last day the unit is in force; defaults to today in Vietnam. */
  validTo: z.optional(isoDate()),
  reason: z.optional(reason()),
});
export type DeactivateUnitInput = z.infer<typeof DeactivateUnitInput>;

export const ListUnitsQuery = z.object({
  q: z.optional(z.string().check(z.maxLength(200))),
  type: z.optional(z.enum(unitTypes)),
  active: z.optional(z.pipe(z.enum(['true', 'false']), z.transform((v) => v === 'true'))),
  /** Names as of this date (default today in Vietnam). */
  on: z.optional(isoDate()),
});
export type ListUnitsQuery = z.infer<typeof ListUnitsQuery>;
