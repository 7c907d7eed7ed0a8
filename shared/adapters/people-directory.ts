import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUpdateUserAttributesCommand,
  type AttributeType,
  CognitoIdentityProviderClient,
  ListUsersCommand,
  ListUsersInGroupCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { canonicalJson } from '#domain/audit';
import { nextDirectoryEvent, noEvents } from '#domain/directory-audit';
import { ConflictError, NotFoundError } from '#domain/errors';
import { type Role, roles } from '#domain/roles';
import type { PersonInput } from '#schemas/input/people';
import type { ActorRef } from '#schemas/records';
import { commitAccountChange, getAccount } from './accounts.ts';
import { requireEnv } from './config.ts';

/** A person as the directory answers: no password, no MFA secret, nothing the pool does not show an administrator. */
export interface Person {
  readonly username: string;
  /** The id every record names them by (the token's `sub`). */
  readonly userId: string;
  readonly name: string;
  readonly email: string;
  readonly roles: Role[];
  readonly unitId?: string;
  readonly enabled: boolean;
  readonly status?: string;
  readonly createdAt?: string;
}

const client = new CognitoIdentityProviderClient({});
const pool = () => requireEnv('USER_POOL_ID');

const attributesOf = (input: PersonInput): AttributeType[] => [
  { Name: 'name', Value: input.name },
  { Name: 'email', Value: input.email },
  { Name: 'email_verified', Value: 'true' },
  // Cognito cannot remove a custom attribute's value; an empty one reads as "no unit".
  { Name: 'custom:unitId', Value: input.unitId ?? '' },
];

function toPerson(user: UserType | { Username?: string; UserAttributes?: AttributeType[]; Enabled?: boolean; UserStatus?: string; UserCreateDate?: Date }, groups: Role[]): Person {
  const list = ('Attributes' in user ? user.Attributes : 'UserAttributes' in user ? user.UserAttributes : undefined) ?? [];
  const a = Object.fromEntries(list.map((x) => [x.Name, x.Value ?? '']));
  return {
    username: user.Username ?? '',
    userId: a.sub ?? user.Username ?? '',
    name: a.name ?? '',
    email: a.email ?? '',
    roles: groups,
    ...(a['custom:unitId'] ? { unitId: a['custom:unitId'] } : {}),
    enabled: user.Enabled ?? true,
    ...(user.UserStatus ? { status: user.UserStatus } : {}),
    ...(user.UserCreateDate ? { createdAt: new Date(user.UserCreateDate).toISOString() } : {}),
  };
}

const isRole = (g: string | undefined): g is Role => (roles as readonly (string | undefined)[]).includes(g);

async function groupsOf(username: string): Promise<Role[]> {
  const out = await client.send(new AdminListGroupsForUserCommand({ UserPoolId: pool(), Username: username }));
  return (out.Groups ?? []).map((g) => g.GroupName).filter(isRole);
}

const notFound = (username: string) => new NotFoundError({ field: 'username', messages: { vi: `Không có tài khoản ${username}`, en: `No account ${username}` } });

async function rethrowNotFound<T>(username: string, call: Promise<T>): Promise<T> {
  return call.catch((error: unknown) => {
    if ((error as { name?: string }).name === 'UserNotFoundException') throw notFound(username);
    throw error;
  });
}

/** What the audit trail keeps of a person: what an administrator set, not what the person did (status). */
const snapshot = (p: Person): Record<string, unknown> => ({ username: p.username, userId: p.userId, name: p.name, email: p.email, roles: [...p.roles].sort(), ...(p.unitId ? { unitId: p.unitId } : {}), enabled: p.enabled });

/**
 * Mirrors the account into the table that every signed-in request is checked against (accounts.ts), with the
 * audit event of the change in the same transaction. A change that changes nothing writes nothing, so applying
 * the same edit (or the same import file) twice leaves no trace the second time. The pool was changed first: a
 * failure here leaves it ahead of the mirror until the same request is retried, which then writes both.
 */
async function recorded(person: Person, action: 'created' | 'edited' | 'disabled' | 'enabled', actor: ActorRef, before?: Person): Promise<Person> {
  if (before && canonicalJson(snapshot(before)) === canonicalJson(snapshot(person))) {
    const mirror = await getAccount(person.userId);
    if (mirror) return person;
  }
  await commitAccountChange(person.userId, (current) => {
    const head = current?.eventSeq && current.lastHash ? { eventSeq: current.eventSeq, lastHash: current.lastHash } : noEvents;
    const at = new Date().toISOString();
    const event = nextDirectoryEvent(head, { entity: 'person', entityId: person.username, at, actor, action, before: before && snapshot(before), after: snapshot(person) });
    const entry = { userId: person.userId, username: person.username, roles: person.roles, ...(person.unitId ? { unitId: person.unitId } : {}), enabled: person.enabled, updatedAt: at, eventSeq: event.seq, lastHash: event.hash };
    return { entry, event };
  });
  return person;
}

/** The person whose account has this e-mail (Cognito's ListUsers filter), if any; their roles are not read. */
export async function findPersonByEmail(email: string): Promise<Pick<Person, 'username' | 'userId'> | undefined> {
  const out = await client.send(new ListUsersCommand({ UserPoolId: pool(), Filter: `email = "${email.replace(/["\\]/g, '')}"`, Limit: 2 }));
  const user = out.Users?.[0];
  return user ? toPerson(user, []) : undefined;
}

export async function getPerson(username: string): Promise<Person> {
  const user = await rethrowNotFound(username, client.send(new AdminGetUserCommand({ UserPoolId: pool(), Username: username })));
  return toPerson(user, await groupsOf(username));
}

/**
 * Everyone in the pool with their roles: the users page by page, and each role's members by group (one call a
 * role, not one a person).
 */
export async function listPeople(): Promise<Person[]> {
  const users: UserType[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListUsersCommand({ UserPoolId: pool(), Limit: 60, PaginationToken: token }));
    users.push(...(page.Users ?? []));
    token = page.PaginationToken;
  } while (token);
  const byUser = new Map<string, Role[]>();
  for (const role of roles) {
    let next: string | undefined;
    do {
      const page = await client.send(new ListUsersInGroupCommand({ UserPoolId: pool(), GroupName: role, Limit: 60, NextToken: next }));
      for (const u of page.Users ?? []) byUser.set(u.Username ?? '', [...(byUser.get(u.Username ?? '') ?? []), role]);
      next = page.NextToken;
    } while (next);
  }
  return users.map((u) => toPerson(u, byUser.get(u.Username ?? '') ?? []));
}

/**
 * Creates the account (Cognito e-mails the invitation with a temporary password) and puts it in its groups. A
 * group that cannot be added undoes the account, so a retry starts clean rather than meeting half a person.
 */
export async function createPerson(username: string, input: PersonInput, actor: ActorRef): Promise<Person> {
  const created = await client
    .send(new AdminCreateUserCommand({ UserPoolId: pool(), Username: username, UserAttributes: attributesOf(input), DesiredDeliveryMediums: ['EMAIL'] }))
    .catch((error: unknown) => {
      const name = (error as { name?: string }).name;
      if (name === 'UsernameExistsException') throw new ConflictError({ code: 'USERNAME_TAKEN', field: 'username', messages: { vi: `Tên đăng nhập ${username} đã có`, en: `The username ${username} is taken` } });
      if (name === 'AliasExistsException') throw new ConflictError({ code: 'EMAIL_TAKEN', field: 'email', messages: { vi: 'Thư điện tử này đã thuộc một tài khoản khác', en: 'This e-mail already belongs to another account' } });
      throw error;
    });
  try {
    for (const role of input.roles) await client.send(new AdminAddUserToGroupCommand({ UserPoolId: pool(), Username: username, GroupName: role }));
  } catch (error) {
    await client.send(new AdminDeleteUserCommand({ UserPoolId: pool(), Username: username })).catch(() => undefined);
    throw error;
  }
  return recorded(toPerson(created.User ?? {}, [...input.roles]), 'created', actor);
}

/** Sets name, e-mail, unit and roles as given: groups added first, then the ones no longer held removed. */
export async function updatePerson(username: string, input: PersonInput, actor: ActorRef): Promise<Person> {
  const before = await getPerson(username);
  await client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool(), Username: username, UserAttributes: attributesOf(input) }));
  for (const role of input.roles.filter((r) => !before.roles.includes(r))) await client.send(new AdminAddUserToGroupCommand({ UserPoolId: pool(), Username: username, GroupName: role }));
  for (const role of before.roles.filter((r) => !input.roles.includes(r))) await client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: pool(), Username: username, GroupName: role }));
  return recorded(await getPerson(username), 'edited', actor, before);
}

export async function setEnabled(username: string, enabled: boolean, actor: ActorRef): Promise<Person> {
  const before = await getPerson(username);
  const command = enabled ? new AdminEnableUserCommand({ UserPoolId: pool(), Username: username }) : new AdminDisableUserCommand({ UserPoolId: pool(), Username: username });
  await rethrowNotFound(username, client.send(command as AdminEnableUserCommand));
  return recorded(await getPerson(username), enabled ? 'enabled' : 'disabled', actor, before);
}
