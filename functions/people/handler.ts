import { getAccount, personHistory } from '#adapters/accounts';
import { withMailDelivery } from '#adapters/mail-delivery';
import { createPerson, getPerson, listPeople, setEnabled, updatePerson } from '#adapters/people-directory';
import { getUnit } from '#adapters/unit-repository';
import { localDate } from '#domain/calendar';
import { ValidationError } from '#domain/errors';
import { assertAccountShape } from '#domain/people';
import { isInForce } from '#domain/units';
import { firstBrokenLink } from '#domain/audit';
import { actorRef } from '#domain/roles';
import { apiHandler, json } from '#http/api';
import * as routes from '#schemas/routes/directory';

/** A unit's person names a unit the directory holds and has in force today (Vietnam's date). */
async function assertUnitInForce(unitId: string | undefined): Promise<void> {
  if (!unitId) return;
  const unit = await getUnit(unitId);
  if (!unit || !isInForce(unit, localDate(new Date()))) {
    throw new ValidationError({ field: 'unitId', messages: { vi: `Đơn vị ${unitId} không có trong danh mục hoặc đã ngừng hoạt động`, en: `Unit ${unitId} is not in the directory or is closed` } });
  }
}

/**
 * The province's people (admin only: the descriptors' roles, checked before anything is read): list, create
 * with an invitation, edit roles and unit, disable and enable; each change audited.
 */
export const handler = apiHandler(
  {
    listPeople: routes.listPeople,
    createPerson: routes.createPerson,
    getPerson: routes.getPerson,
    editPerson: routes.editPerson,
    personHistory: routes.personHistory,
    disablePerson: routes.disablePerson,
    enablePerson: routes.enablePerson,
  },
  {
    listPeople: async () => json(200, { people: await withMailDelivery((await listPeople()).sort((a, b) => a.username.localeCompare(b.username))) }),
    createPerson: async ({ actor, body: input }) => {
      assertAccountShape(input);
      await assertUnitInForce(input.unitId);
      const { username, ...details } = input;
      const person = await createPerson(username, details, actorRef(actor));
      return json(201, { person });
    },
    getPerson: async ({ path }) => json(200, { person: (await withMailDelivery([await getPerson(path.username)]))[0] }),
    editPerson: async (request) => {
      const { username } = request.path;
      const input = request.body;
      assertAccountShape(input);
      await assertUnitInForce(input.unitId);
      const person = await updatePerson(username, input, actorRef(request.actor));
      return json(200, { person });
    },
    personHistory: async ({ path }) => {
      const person = await getPerson(path.username);
      const [events, account] = await Promise.all([personHistory(person.username), getAccount(person.userId)]);
      const broken = firstBrokenLink(events);
      return json(200, { username: person.username, intact: broken === null && events.at(-1)?.hash === account?.lastHash, firstBrokenSeq: broken, events });
    },
    disablePerson: async ({ actor, path }) => json(200, { person: await setEnabled(path.username, false, actorRef(actor)) }),
    enablePerson: async ({ actor, path }) => json(200, { person: await setEnabled(path.username, true, actorRef(actor)) }),
  },
);
