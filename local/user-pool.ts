import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { LocalIssuer } from './auth.ts';
import { firstAdministrator, type PoolUser } from './first-administrator.ts';
import { serveOnLoopback } from './emulators/support.ts';
import { type CfnTemplate, resourcesOfType } from './template.ts';

/**
 * The user pool's rule for what a person may change of their own account, read from the synthesized template
 * as Cognito applies it: an attribute is writable through the user's own tokens (UpdateUserAttributes) only if
 * it is mutable in the pool's schema and the app client's WriteAttributes lists it — or, when the client sets no
 * WriteAttributes, every mutable attribute is (the default a hostile review found: `custom:unitId` included).
 */
export interface UserPoolPolicy {
  readonly clientId: string;
  readonly writeAttributes: readonly string[] | undefined;
  readonly immutable: ReadonlySet<string>;
}

/** Attributes no user ever writes: Cognito sets them itself. */
const SYSTEM_ATTRIBUTES = new Set(['sub', 'email_verified', 'phone_number_verified', 'identities', 'updated_at']);

export function userPoolPolicyFromTemplate(template: CfnTemplate, clientId: string): UserPoolPolicy {
  const clients = resourcesOfType(template, 'AWS::Cognito::UserPoolClient');
  const pools = resourcesOfType(template, 'AWS::Cognito::UserPool');
  if (clients.length !== 1 || pools.length !== 1) throw new Error(`Expected one user pool and one app client in the template, found ${pools.length} and ${clients.length}`);
  const write = (clients[0]![1].Properties as { WriteAttributes?: string[] } | undefined)?.WriteAttributes;
  const schema = ((pools[0]![1].Properties as { Schema?: { Name: string; Mutable?: boolean }[] } | undefined)?.Schema ?? []);
  const isCustom = (name: string) => !STANDARD_ATTRIBUTES.has(name);
  const immutable = new Set(schema.filter((a) => a.Mutable === false).map((a) => (isCustom(a.Name) ? `custom:${a.Name}` : a.Name)));
  // An empty list is taken as unset: tools differ on it (Terraform drops it), so the stack never relies on one.
  return { clientId, writeAttributes: write && write.length > 0 ? write : undefined, immutable };
}

/** May a person write `attribute` of their own account under `policy`? */
export function userMayWrite(policy: UserPoolPolicy, attribute: string): boolean {
  if (SYSTEM_ATTRIBUTES.has(attribute) || policy.immutable.has(attribute)) return false;
  return policy.writeAttributes ? policy.writeAttributes.includes(attribute) : true;
}

const STANDARD_ATTRIBUTES = new Set([
  'address', 'birthdate', 'email', 'family_name', 'gender', 'given_name', 'locale', 'middle_name', 'name', 'nickname',
  'phone_number', 'picture', 'preferred_username', 'profile', 'zoneinfo', 'website', ...SYSTEM_ATTRIBUTES,
]);

interface StoredUser {
  readonly attributes: Record<string, string>;
  readonly groups: string[];
  enabled: boolean;
  readonly createdAt: string;
}

type Json = Record<string, unknown>;

/** An account as an export archive keeps it (the pool's own view: attributes, groups, enabled). */
export interface RestoredUser {
  readonly username: string;
  readonly attributes: Record<string, string>;
  readonly groups?: readonly string[];
  readonly enabled?: boolean;
  readonly createdAt?: string;
}

class CognitoError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** The pool's id and groups, as the template names them locally (see template.ts localAttribute). */
export const LOCAL_USER_POOL_ID = 'local-user-pool';

/**
 * The local stand-in for the Cognito user pool: accounts with their attributes, groups and enabled flag (kept
 * under the state folder, so changes survive a restart), the tokens a sign-in gives, and the Cognito API in
 * its JSON protocol: what a signed-in person reaches with their own access token (GetUser, UpdateUserAttributes,
 * under the template's write rules) and the administrator's operations the people function calls (Admin*,
 * ListUsers). A fresh pool holds only the first administrator; the seed creates the demo people through the API.
 */
export class LocalUserPool {
  private readonly users = new Map<string, StoredUser>();

  constructor(
    private readonly file: string,
    private readonly issuer: LocalIssuer,
    private readonly audience: string,
    readonly policy: UserPoolPolicy,
    private readonly groups: ReadonlySet<string>,
  ) {
    const saved = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, StoredUser>) : undefined;
    if (saved) {
      for (const [name, user] of Object.entries(saved)) this.users.set(name, { ...user, groups: [...(user.groups ?? [])], enabled: user.enabled ?? true, createdAt: user.createdAt ?? new Date(0).toISOString() });
    } else {
      const { username, name, email, roles } = firstAdministrator;
      this.users.set(username, { attributes: { sub: randomUUID(), email, email_verified: 'true', name }, groups: [...roles], enabled: true, createdAt: new Date().toISOString() });
      this.save();
    }
  }

  static open(stateDir: string, issuer: LocalIssuer, audience: string, template: CfnTemplate): LocalUserPool {
    const groups = new Set(resourcesOfType(template, 'AWS::Cognito::UserPoolGroup').map(([, g]) => String((g.Properties as { GroupName?: string })?.GroupName)));
    return new LocalUserPool(path.join(stateDir, 'user-pool.json'), issuer, audience, userPoolPolicyFromTemplate(template, audience), groups);
  }

  /** An account as an archive holds it (scripts/archive.ts), its sub included; replaces one of the same name. */
  restore(user: RestoredUser): void {
    if (typeof user?.username !== 'string' || typeof user.attributes?.sub !== 'string') throw new Error('A restored account needs a username and a sub');
    this.users.set(user.username, { attributes: { ...user.attributes }, groups: [...(user.groups ?? [])], enabled: user.enabled !== false, createdAt: user.createdAt ?? new Date().toISOString() });
    this.save();
  }

  /** Every account's username. */
  usernames(): string[] {
    return [...this.users.keys()];
  }

  /** The person as the pool holds them now (attributes and groups may have changed since they were created). */
  user(username: string): PoolUser | undefined {
    const stored = this.users.get(username);
    if (!stored) return undefined;
    const a = stored.attributes;
    return { username, userId: a.sub ?? username, roles: [...stored.groups], name: a.name ?? '', email: a.email ?? '', ...(a['custom:unitId'] ? { unitId: a['custom:unitId'] } : {}) };
  }

  /** What a sign-in gives the web app: an ID token for the API, an access token for the user-pool API. A disabled account gets none. */
  async signIn(username: string, ttlSeconds?: number): Promise<{ token: string; accessToken: string; user: PoolUser } | undefined> {
    const user = this.user(username);
    if (!user || !this.users.get(username)?.enabled) return undefined;
    return { token: await this.issuer.sign(user, this.audience, ttlSeconds), accessToken: await this.issuer.signAccess(user, this.policy.clientId, ttlSeconds), user };
  }

  /** Cognito's JSON protocol (X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>). */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = (status: number, body: unknown, type?: string) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...(type ? { 'x-amzn-errortype': type } : {}) });
      res.end(JSON.stringify(body));
    };
    const operation = String(req.headers['x-amz-target'] ?? '').replace(/^AWSCognitoIdentityProviderService\./, '');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    try {
      let body: Json;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Json;
      } catch {
        throw new CognitoError('SerializationException', 'Malformed JSON');
      }
      const result = operation in this.ownAccount ? await this.asOwner(operation, body) : operation in this.admin ? this.asAdmin(operation, body) : undefined;
      if (result === undefined) throw new CognitoError('UnknownOperationException', `Operation ${operation} is not served by the local user pool`);
      reply(200, result);
    } catch (error) {
      if (!(error instanceof CognitoError)) throw error;
      reply(400, { __type: error.type, message: error.message }, error.type);
    }
  }

  private async asOwner(operation: string, body: Json): Promise<Json> {
    let username: string;
    try {
      username = String((await this.issuer.verifyAccess(String(body.AccessToken ?? ''), this.policy.clientId)).username);
    } catch {
      throw new CognitoError('NotAuthorizedException', 'Invalid Access Token');
    }
    const stored = this.users.get(username);
    if (!stored) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    if (!stored.enabled) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
    return this.ownAccount[operation as keyof typeof this.ownAccount](username, stored, body);
  }

  private readonly ownAccount = {
    GetUser: (username: string, stored: StoredUser): Json => ({ Username: username, UserAttributes: attributeList(stored.attributes) }),
    UpdateUserAttributes: (_username: string, stored: StoredUser, body: Json): Json => {
      const changes = attributeChanges(body.UserAttributes);
      // All or nothing, as Cognito: one attribute this client may not write refuses the whole request.
      if (changes.some((c) => !userMayWrite(this.policy, c.Name))) throw new CognitoError('NotAuthorizedException', 'A client attempted to write unauthorized attribute');
      for (const c of changes) stored.attributes[c.Name] = c.Value;
      this.save();
      return { CodeDeliveryDetailsList: [] };
    },
  };

  private asAdmin(operation: string, body: Json): Json {
    if (body.UserPoolId !== LOCAL_USER_POOL_ID) throw new CognitoError('ResourceNotFoundException', `User pool ${String(body.UserPoolId)} does not exist.`);
    return this.admin[operation as keyof typeof this.admin](body);
  }

  private existing(body: Json): [string, StoredUser] {
    const username = String(body.Username ?? '');
    const stored = this.users.get(username);
    if (!stored) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    return [username, stored];
  }

  private group(body: Json): string {
    const name = String(body.GroupName ?? '');
    if (!this.groups.has(name)) throw new CognitoError('ResourceNotFoundException', 'Group not found.');
    return name;
  }

  private readonly admin = {
    AdminCreateUser: (body: Json): Json => {
      const username = String(body.Username ?? '');
      if (!/^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u.test(username)) throw new CognitoError('InvalidParameterException', 'Invalid username');
      if (this.users.has(username)) throw new CognitoError('UsernameExistsException', 'User account already exists');
      const attributes = Object.fromEntries(attributeChanges(body.UserAttributes).map((c) => [c.Name, c.Value]));
      const email = attributes.email;
      if (email && [...this.users.values()].some((u) => u.attributes.email === email)) throw new CognitoError('AliasExistsException', 'An account with the given email already exists.');
      const user: StoredUser = { attributes: { ...attributes, sub: randomUUID() }, groups: [], enabled: true, createdAt: new Date().toISOString() };
      this.users.set(username, user);
      this.save();
      return { User: userType(username, user) };
    },
    AdminGetUser: (body: Json): Json => {
      const [username, stored] = this.existing(body);
      const { Attributes, ...rest } = userType(username, stored);
      return { ...rest, UserAttributes: Attributes };
    },
    AdminUpdateUserAttributes: (body: Json): Json => {
      const [, stored] = this.existing(body);
      const changes = attributeChanges(body.UserAttributes);
      // An administrator writes any mutable attribute, whatever the app client may write.
      if (changes.some((c) => c.Name === 'sub' || this.policy.immutable.has(c.Name))) throw new CognitoError('InvalidParameterException', 'Cannot modify an immutable attribute');
      const email = changes.find((c) => c.Name === 'email')?.Value;
      if (email && [...this.users.values()].some((u) => u !== stored && u.attributes.email === email)) throw new CognitoError('AliasExistsException', 'An account with the given email already exists.');
      for (const c of changes) stored.attributes[c.Name] = c.Value;
      this.save();
      return {};
    },
    AdminDeleteUser: (body: Json): Json => {
      this.users.delete(this.existing(body)[0]);
      this.save();
      return {};
    },
    AdminDisableUser: (body: Json): Json => {
      this.existing(body)[1].enabled = false;
      this.save();
      return {};
    },
    AdminEnableUser: (body: Json): Json => {
      this.existing(body)[1].enabled = true;
      this.save();
      return {};
    },
    AdminAddUserToGroup: (body: Json): Json => {
      const [, stored] = this.existing(body);
      const group = this.group(body);
      if (!stored.groups.includes(group)) stored.groups.push(group);
      this.save();
      return {};
    },
    AdminRemoveUserFromGroup: (body: Json): Json => {
      const [, stored] = this.existing(body);
      const group = this.group(body);
      stored.groups.splice(0, stored.groups.length, ...stored.groups.filter((g) => g !== group));
      this.save();
      return {};
    },
    AdminListGroupsForUser: (body: Json): Json => ({ Groups: this.existing(body)[1].groups.map((GroupName) => ({ GroupName, UserPoolId: LOCAL_USER_POOL_ID })) }),
    ListUsersInGroup: (body: Json): Json => {
      const group = this.group(body);
      const names = [...this.users.keys()].filter((n) => this.users.get(n)!.groups.includes(group)).sort();
      return { Users: names.map((n) => userType(n, this.users.get(n)!)) };
    },
    ListUsers: (body: Json): Json => {
      const limit = Math.min(60, Math.max(1, Number(body.Limit ?? 60)));
      // Cognito's filter syntax, `attribute = "value"` (exact match) — the only form the functions use.
      const filter = /^\s*([\w:]+)\s*=\s*"(.*)"\s*$/.exec(String(body.Filter ?? ''));
      const names = [...this.users.keys()].sort().filter((n) => !filter || (filter[1] === 'username' ? n : this.users.get(n)!.attributes[filter[1]!]) === filter[2]);
      const from = body.PaginationToken ? names.indexOf(String(body.PaginationToken)) : 0;
      if (from < 0) throw new CognitoError('InvalidParameterException', 'Invalid pagination token');
      const page = names.slice(from, from + limit);
      const next = names[from + limit];
      return { Users: page.map((n) => userType(n, this.users.get(n)!)), ...(next ? { PaginationToken: next } : {}) };
    },
  };

  private save(): void {
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify(Object.fromEntries(this.users)), { mode: 0o600 });
    renameSync(temp, this.file);
  }
}

function attributeChanges(raw: unknown): { Name: string; Value: string }[] {
  const list = Array.isArray(raw) ? (raw as { Name?: unknown; Value?: unknown }[]) : [];
  if (list.some((c) => typeof c?.Name !== 'string' || typeof c?.Value !== 'string')) throw new CognitoError('InvalidParameterException', 'UserAttributes must be a list of {Name, Value}');
  return list as { Name: string; Value: string }[];
}

const attributeList = (attributes: Record<string, string>) => Object.entries(attributes).map(([Name, Value]) => ({ Name, Value }));

function userType(username: string, user: StoredUser): Json {
  const at = Date.parse(user.createdAt) / 1000;
  return { Username: username, Attributes: attributeList(user.attributes), Enabled: user.enabled, UserStatus: 'CONFIRMED', UserCreateDate: at, UserLastModifiedDate: at };
}

/** Serves the pool's user API on a loopback port, as the other emulators are. */
export async function startUserPoolServer(pool: LocalUserPool): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  const server = createServer((req, res) => {
    pool.handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'InternalErrorException' });
      res.end(JSON.stringify({ __type: 'InternalErrorException', message: (error as Error).message }));
    });
  });
  const { endpoint, close } = await serveOnLoopback(server);
  return { endpoint, stop: close };
}
