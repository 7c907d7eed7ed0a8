import { commitUnitChange, getUnit, listUnits, unitHistory } from '#adapters/unit-repository';
import { firstBrokenLink } from '#domain/audit';
import { localDate } from '#domain/calendar';
import { NotFoundError } from '#domain/errors';
import { actorRef } from '#domain/roles';
import { planUnitCreation, planUnitDeactivation, planUnitEdit, searchUnits } from '#domain/units';
import { apiHandler, json } from '#http/api';
import type { UnitRecord } from '#schemas/records';
import * as routes from '#schemas/routes/directory';

const noUnit = (id: string) => new NotFoundError({ field: 'unitId', messages: { vi: `Không có đơn vị ${id} trong danh mục`, en: `No unit ${id} in the directory` } });
const byId = (units: readonly UnitRecord[]) => new Map(units.map((u) => [u.unitId, u]));
/** Internal chain fields stay server-side; the history route shows the chain. */
const view = ({ eventSeq: _s, lastHash: _h, ...unit }: UnitRecord) => unit;

const found = async (unitId: string): Promise<UnitRecord> => (await getUnit(unitId)) ?? (() => { throw noUnit(unitId); })();

/**
 * The unit directory: everyone signed in reads it (pages show names); admins change it, each change audited
 * (the descriptors' roles, checked before anything is read).
 */
export const handler = apiHandler(
  { listUnits: routes.listUnits, getUnit: routes.getUnit, createUnit: routes.createUnit, editUnit: routes.editUnit, deactivateUnit: routes.deactivateUnit, unitHistory: routes.unitHistory },
  {
    listUnits: async ({ query }) => {
      const on = query.on ?? localDate(new Date());
      return json(200, { on, units: searchUnits(await listUnits(), { ...query, on }).map(view) });
    },
    getUnit: async ({ path }) => json(200, { unit: view(await found(path.unitId)) }),
    createUnit: async ({ actor, body: input }) => {
      const now = new Date();
      const change = planUnitCreation({ ...input, validFrom: input.validFrom ?? localDate(now) }, byId(await listUnits()), actorRef(actor), now);
      await commitUnitChange(change);
      return json(201, { unit: view(change.unit) });
    },
    editUnit: async (request) => {
      const now = new Date();
      const input = request.body;
      const unit = await found(request.path.unitId);
      const change = planUnitEdit(unit, input, byId(await listUnits()), actorRef(request.actor), now);
      await commitUnitChange(change);
      return json(200, { unit: view(change.unit) });
    },
    deactivateUnit: async (request) => {
      const now = new Date();
      const input = request.body;
      const change = planUnitDeactivation(await found(request.path.unitId), { ...input, validTo: input.validTo ?? localDate(now) }, actorRef(request.actor), now);
      await commitUnitChange(change);
      return json(200, { unit: view(change.unit) });
    },
    unitHistory: async ({ path }) => {
      const unit = await found(path.unitId);
      const events = await unitHistory(unit.unitId);
      const broken = firstBrokenLink(events);
      return json(200, { unitId: unit.unitId, intact: broken === null && events.at(-1)?.hash === unit.lastHash, firstBrokenSeq: broken, events });
    },
  },
);
