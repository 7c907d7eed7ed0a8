import middy from '@middy/core';
import { commitUnitChange, getUnit, listUnits, unitHistory } from '#adapters/unit-repository';
import { firstBrokenLink } from '#domain/audit';
import { localDate } from '#domain/calendar';
import { NotFoundError } from '#domain/errors';
import { actorRef, assertCanManageUnits } from '#domain/roles';
import { planUnitCreation, planUnitDeactivation, planUnitEdit, searchUnits } from '#domain/units';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json } from '#http/api';
import { CreateUnitInput, DeactivateUnitInput, EditUnitInput, ListUnitsQuery, UnitPathParams } from '#schemas/input/units';
import type { UnitRecord } from '#schemas/records';
import { parseInput } from '#schemas/validation';

const noUnit = (id: string) => new NotFoundError({ field: 'unitId', messages: { vi: `Không có đơn vị ${id} trong danh mục`, en: `No unit ${id} in the directory` } });
const byId = (units: readonly UnitRecord[]) => new Map(units.map((u) => [u.unitId, u]));
/** Internal chain fields stay server-side; the history route shows the chain. */
const view = ({ eventSeq: _s, lastHash: _h, ...unit }: UnitRecord) => unit;

/** The unit directory: everyone signed in reads it (pages show names); admins change it, each change audited. */
const units = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  const now = new Date();
  const today = localDate(now);
  const found = async (): Promise<UnitRecord> => {
    const { unitId } = parseInput(UnitPathParams, event.pathParameters ?? {});
    return (await getUnit(unitId)) ?? (() => { throw noUnit(unitId); })();
  };
  switch (event.routeKey) {
    case 'GET /api/units': {
      const query = parseInput(ListUnitsQuery, event.queryStringParameters ?? {});
      const on = query.on ?? today;
      return json(200, { on, units: searchUnits(await listUnits(), { ...query, on }).map(view) });
    }
    case 'GET /api/units/{unitId}':
      return json(200, { unit: view(await found()) });
    case 'POST /api/units': {
      assertCanManageUnits(actor);
      const input = parseInput(CreateUnitInput, event.body);
      const change = planUnitCreation({ ...input, validFrom: input.validFrom ?? today }, byId(await listUnits()), actorRef(actor), now);
      await commitUnitChange(change);
      return json(201, { unit: view(change.unit) });
    }
    case 'PATCH /api/units/{unitId}': {
      assertCanManageUnits(actor);
      const input = parseInput(EditUnitInput, event.body);
      const unit = await found();
      const change = planUnitEdit(unit, input, byId(await listUnits()), actorRef(actor), now);
      await commitUnitChange(change);
      return json(200, { unit: view(change.unit) });
    }
    case 'POST /api/units/{unitId}/deactivate': {
      assertCanManageUnits(actor);
      const input = parseInput(DeactivateUnitInput, event.body);
      const change = planUnitDeactivation(await found(), { ...input, validTo: input.validTo ?? today }, actorRef(actor), now);
      await commitUnitChange(change);
      return json(200, { unit: view(change.unit) });
    }
    case 'GET /api/units/{unitId}/history': {
      assertCanManageUnits(actor);
      const unit = await found();
      const events = await unitHistory(unit.unitId);
      const broken = firstBrokenLink(events);
      return json(200, { unitId: unit.unitId, intact: broken === null && events.at(-1)?.hash === unit.lastHash, firstBrokenSeq: broken, events });
    }
    default:
      throw new NotFoundError({ field: 'route', messages: { vi: 'Không có đường dẫn này', en: 'No such route' } });
  }
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(units);
