import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { LocalIssuer } from './auth.ts';
import type { DemoUser } from './demo-users.ts';
import { LOOPBACK } from './emulators/support.ts';
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
}

/**
 * The local stand-in for the Cognito user pool: accounts with their attributes (kept under the state folder,
 * so a change survives a restart), the tokens a sign-in gives, and the part of the Cognito API a signed-in
 * person reaches with their own access token (GetUser, UpdateUserAttributes), under the template's rules.
 */
export class LocalUserPool {
  private readonly users = new Map<string, StoredUser>();

  constructor(
    private readonly file: string,
    private readonly people: readonly DemoUser[],
    private readonly issuer: LocalIssuer,
    private readonly audience: string,
    readonly policy: UserPoolPolicy,
  ) {
    const saved = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, StoredUser>) : {};
    for (const p of people) {
      const initial: Record<string, string> = { sub: p.userId, email: p.email, email_verified: 'true', name: p.name, ...(p.unitId ? { 'custom:unitId': p.unitId } : {}) };
      this.users.set(p.userId, { attributes: { ...initial, ...saved[p.userId]?.attributes } });
    }
  }

  static open(stateDir: string, people: readonly DemoUser[], issuer: LocalIssuer, audience: string, policy: UserPoolPolicy): LocalUserPool {
    return new LocalUserPool(path.join(stateDir, 'user-pool.json'), people, issuer, audience, policy);
  }

  /** The person as the pool holds them now (their attributes may have been changed since they were created). */
  user(userId: string): DemoUser | undefined {
    const person = this.people.find((p) => p.userId === userId);
    const stored = this.users.get(userId);
    if (!person || !stored) return undefined;
    const a = stored.attributes;
    return { userId, roles: person.roles, name: a.name ?? '', email: a.email ?? '', ...(a['custom:unitId'] ? { unitId: a['custom:unitId'] } : {}) };
  }

  /** What a sign-in gives the web app: an ID token for the API, an access token for the user-pool API. */
  async signIn(userId: string, ttlSeconds?: number): Promise<{ token: string; accessToken: string; user: DemoUser } | undefined> {
    const user = this.user(userId);
    if (!user) return undefined;
    return { token: await this.issuer.sign(user, this.audience, ttlSeconds), accessToken: await this.issuer.signAccess(user, this.policy.clientId, ttlSeconds), user };
  }

  /** Cognito's JSON protocol (X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>). */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const fail = (status: number, type: string, message: string) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type });
      res.end(JSON.stringify({ __type: type, message }));
    };
    const operation = String(req.headers['x-amz-target'] ?? '').replace(/^AWSCognitoIdentityProviderService\./, '');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: { AccessToken?: unknown; UserAttributes?: unknown };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as typeof body;
    } catch {
      return fail(400, 'SerializationException', 'Malformed JSON');
    }
    if (operation !== 'GetUser' && operation !== 'UpdateUserAttributes') return fail(400, 'UnknownOperationException', `Operation ${operation} is not served by the local user pool`);
    let userId: string;
    try {
      userId = String((await this.issuer.verifyAccess(String(body.AccessToken ?? ''), this.policy.clientId)).sub);
    } catch {
      return fail(400, 'NotAuthorizedException', 'Invalid Access Token');
    }
    const stored = this.users.get(userId);
    if (!stored) return fail(400, 'UserNotFoundException', 'User does not exist.');
    if (operation === 'UpdateUserAttributes') {
      const changes = Array.isArray(body.UserAttributes) ? (body.UserAttributes as { Name?: unknown; Value?: unknown }[]) : [];
      if (changes.some((c) => typeof c.Name !== 'string' || typeof c.Value !== 'string')) return fail(400, 'InvalidParameterException', 'UserAttributes must be a list of {Name, Value}');
      // All or nothing, as Cognito: one attribute this client may not write refuses the whole request.
      if (changes.some((c) => !userMayWrite(this.policy, c.Name as string))) return fail(400, 'NotAuthorizedException', 'A client attempted to write unauthorized attribute');
      for (const c of changes) stored.attributes[c.Name as string] = c.Value as string;
      this.save();
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      return void res.end(JSON.stringify({ CodeDeliveryDetailsList: [] }));
    }
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify({ Username: userId, UserAttributes: Object.entries(stored.attributes).map(([Name, Value]) => ({ Name, Value })) }));
  }

  private save(): void {
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify(Object.fromEntries(this.users)), { mode: 0o600 });
    renameSync(temp, this.file);
  }
}

/** Serves the pool's user API on a loopback port, as the other emulators are. */
export async function startUserPoolServer(pool: LocalUserPool): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  const server = createServer((req, res) => {
    pool.handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'InternalErrorException' });
      res.end(JSON.stringify({ __type: 'InternalErrorException', message: (error as Error).message }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://${LOOPBACK}:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
