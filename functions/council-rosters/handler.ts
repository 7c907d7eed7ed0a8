import { randomUUID } from 'node:crypto';
import { getPerson } from '#adapters/people-directory';
import { commitRosterChange, listRosters, rosterHistory } from '#adapters/roster-repository';
import { listUnits } from '#adapters/unit-repository';
import { firstBrokenLink } from '#domain/audit';
import { planRosterCreation, planRosterEdit, type RosterInput, rosterOn, type SeatPerson } from '#domain/council-roster';
import { ConflictError, NotFoundError } from '#domain/errors';
import { actorRef } from '#domain/roles';
import { apiHandler, json } from '#http/api';
import type { RosterRecord } from '#schemas/records';
import * as routes from '#schemas/routes/council';

const noRoster = (id: string) => new NotFoundError({ field: 'rosterId', messages: { vi: `Không có danh sách Hội đồng ${id}`, en: `No council roster ${id}` } });
/** Internal chain fields stay server-side; the history route shows the chain. */
const view = ({ eventSeq: _s, lastHash: _h, ...roster }: RosterRecord) => roster;

/** Each person named on a seat as the directory has them now (undefined: no such account). */
async function seatPeople(input: RosterInput): Promise<Map<string, SeatPerson | undefined>> {
  const usernames = [...new Set(input.seats.map((s) => s.username))];
  const found = await Promise.all(
    usernames.map(async (u) =>
      getPerson(u).then(
        (p): SeatPerson => p,
        (error: unknown) => {
          if (error instanceof NotFoundError) return undefined;
          throw error;
        },
      ),
    ),
  );
  return new Map(usernames.map((u, i) => [u, found[i]]));
}

/** Two administrators saving different rosters at once: the later re-reads the list and checks the overlap again. */
async function retryOnRosterChange<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ConflictError && error.code === 'ROSTERS_CHANGED') || n >= 4) throw error;
    }
  }
}

const unitIds = async () => new Set((await listUnits()).map((u) => u.unitId));

/** The roster the path names, with the list it belongs to (read together: an edit checks it against the others). */
async function found(rosterId: string): Promise<{ roster: RosterRecord; rosters: RosterRecord[]; changes: number }> {
  const { rosters, changes } = await listRosters();
  const roster = rosters.find((r) => r.rosterId === rosterId);
  if (!roster) throw noRoster(rosterId);
  return { roster, rosters, changes };
}

/**
 * The council's terms: the administrator sets them up and changes them (each change audited); the secretary
 * reads them to open sessions. Who may is the descriptors' roles, checked before anything is read.
 */
export const handler = apiHandler(
  { listRosters: routes.listRosters, getRoster: routes.getRoster, createRoster: routes.createRoster, editRoster: routes.editRoster, rosterHistory: routes.rosterHistory },
  {
    listRosters: async ({ query }) => {
      const { rosters } = await listRosters();
      const shown = query.on ? [rosterOn(rosters, query.on)].filter((r) => r !== undefined) : rosters;
      return json(200, { ...(query.on ? { on: query.on } : {}), rosters: shown.map(view) });
    },
    getRoster: async ({ path }) => json(200, { roster: view((await found(path.rosterId)).roster) }),
    createRoster: async ({ actor, body: input }) => {
      const now = new Date();
      const [people, units] = await Promise.all([seatPeople(input), unitIds()]);
      const rosterId = `r-${randomUUID()}`;
      const change = await retryOnRosterChange(async () => {
        const { rosters, changes } = await listRosters();
        const planned = planRosterCreation(rosterId, input, people, units, rosters, actorRef(actor), now);
        await commitRosterChange(planned, changes);
        return planned;
      });
      return json(201, { roster: view(change.roster) });
    },
    editRoster: async (request) => {
      const { actor } = request;
      const now = new Date();
      const input = request.body;
      const [people, units] = await Promise.all([seatPeople(input), unitIds()]);
      // A change to another roster meanwhile is no conflict with this edit: plan again on the new list (a change
      // to this roster itself then fails its version check).
      const change = await retryOnRosterChange(async () => {
        const { roster, rosters, changes } = await found(request.path.rosterId);
        const planned = planRosterEdit(roster, input, people, units, rosters, actorRef(actor), now);
        await commitRosterChange(planned, changes);
        return planned;
      });
      return json(200, { roster: view(change.roster) });
    },
    rosterHistory: async ({ path }) => {
      const { roster } = await found(path.rosterId);
      const events = await rosterHistory(roster.rosterId);
      const broken = firstBrokenLink(events);
      return json(200, { rosterId: roster.rosterId, intact: broken === null && events.at(-1)?.hash === roster.lastHash, firstBrokenSeq: broken, events });
    },
  },
);
