/** The council's rosters (terms): the administrator sets them up; sessions take their electorate from them. */
import * as z from 'zod/mini';
import { seatKinds } from '#domain/council-roster';
import { isoDate, text } from './common.ts';
import { slug } from './people.ts';
import { unitId } from './units.ts';

export const RosterSeatInput = z.strictObject({
  username: slug(),
  seat: z.enum(seatKinds),
  /** As the decision writes it, e.g. "Giám đốc Sở Giáo dục và Đào tạo". */
  position: text(300),
  /** The unit the person heads or represents: its dossiers recuse them automatically. */
  unitId: z.optional(unitId()),
});

const rosterFields = {
  title: text(300),
  /** The decision that set the council up. */
  legalBasis: z.optional(text(500)),
  validFrom: isoDate(),
  validTo: z.optional(isoDate()),
  seats: z.array(RosterSeatInput).check(z.minLength(1), z.maxLength(90)),
};

export const CreateRosterInput = z.strictObject(rosterFields);
export type CreateRosterInput = z.infer<typeof CreateRosterInput>;

/** The whole roster as it is to be, at the version read (a concurrent change answers 409). */
export const EditRosterInput = z.strictObject({ version: z.int().check(z.gte(1)), ...rosterFields });
export type EditRosterInput = z.infer<typeof EditRosterInput>;

export const RosterPathParams = z.object({ rosterId: z.string().check(z.regex(/^r-[0-9a-f-]{36}$/)) });

/** `on`: only the roster in force on that date (what the session page shows for its date). */
export const ListRostersQuery = z.object({ on: z.optional(isoDate()) });
