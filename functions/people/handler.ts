import middy from '@middy/core';
import { getAccount, personHistory } from '#adapters/accounts';
import { withMailDelivery } from '#adapters/mail-delivery';
import { createPerson, getPerson, listPeople, setEnabled, updatePerson } from '#adapters/people-directory';
import { getUnit } from '#adapters/unit-repository';
import { localDate } from '#domain/calendar';
import { ValidationError } from '#domain/errors';
import { assertAccountShape } from '#domain/people';
import { isInForce } from '#domain/units';
import { firstBrokenLink } from '#domain/audit';
import { actorRef, assertCanManagePeople } from '#domain/roles';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json } from '#http/api';
import { CreatePersonInput, PersonInput, PersonPathParams } from '#schemas/input/people';
import { parseInput } from '#schemas/validation';

/** A unit's person names a unit the directory holds and has in force today (Vietnam's date). */
async function assertUnitInForce(unitId: string | undefined): Promise<void> {
  if (!unitId) return;
  const unit = await getUnit(unitId);
  if (!unit || !isInForce(unit, localDate(new Date()))) {
    throw new ValidationError({ field: 'unitId', messages: { vi: `Đơn vị ${unitId} không có trong danh mục hoặc đã ngừng hoạt động`, en: `Unit ${unitId} is not in the directory or is closed` } });
  }
}

/** The province's people (admin only): list, create with an invitation, edit roles and unit, disable and enable; each change audited. */
const people = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  assertCanManagePeople(actor);
  const by = actorRef(actor);
  switch (event.routeKey) {
    case 'GET /api/people':
      return json(200, { people: await withMailDelivery((await listPeople()).sort((a, b) => a.username.localeCompare(b.username))) });
    case 'POST /api/people': {
      const input = parseInput(CreatePersonInput, event.body);
      assertAccountShape(input);
      await assertUnitInForce(input.unitId);
      const { username, ...details } = input;
      const person = await createPerson(username, details, by);
      return json(201, { person });
    }
    case 'GET /api/people/{username}':
      return json(200, { person: (await withMailDelivery([await getPerson(parseInput(PersonPathParams, event.pathParameters ?? {}).username)]))[0] });
    case 'PUT /api/people/{username}': {
      const { username } = parseInput(PersonPathParams, event.pathParameters ?? {});
      const input = parseInput(PersonInput, event.body);
      assertAccountShape(input);
      await assertUnitInForce(input.unitId);
      const person = await updatePerson(username, input, by);
      return json(200, { person });
    }
    case 'GET /api/people/{username}/history': {
      const person = await getPerson(parseInput(PersonPathParams, event.pathParameters ?? {}).username);
      const [events, account] = await Promise.all([personHistory(person.username), getAccount(person.userId)]);
      const broken = firstBrokenLink(events);
      return json(200, { username: person.username, intact: broken === null && events.at(-1)?.hash === account?.lastHash, firstBrokenSeq: broken, events });
    }
    default: {
      // POST /api/people/{username}/disable and /enable
      const { username } = parseInput(PersonPathParams, event.pathParameters ?? {});
      const enabled = event.routeKey.endsWith('/enable');
      const person = await setEnabled(username, enabled, by);
      return json(200, { person });
    }
  }
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(people);
