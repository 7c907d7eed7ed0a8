import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type JWK, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWTPayload, createLocalJWKSet } from 'jose';
import type { PoolUser } from './first-administrator.ts';

/**
 * A local token issuer standing in for Cognito: it signs ID tokens with the claims Cognito puts there
 * (cognito:groups, custom:unitId, email, name), and the local gateway verifies them as the HTTP API's JWT
 * authorizer does (signature, issuer, audience, expiry).
 */
export class LocalIssuer {
  private constructor(
    readonly issuer: string,
    private readonly privateKey: Awaited<ReturnType<typeof importJWK>>,
    readonly publicJwk: JWK,
  ) {}

  static async open(dir: string, issuer: string): Promise<LocalIssuer> {
    const file = path.join(dir, 'issuer-key.json');
    if (!existsSync(file)) {
      const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
      const pair = { privateJwk: await exportJWK(privateKey), publicJwk: { ...(await exportJWK(publicKey)), kid: 'local-1', alg: 'RS256', use: 'sig' } };
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, JSON.stringify(pair), { mode: 0o600 });
    }
    const { privateJwk, publicJwk } = JSON.parse(readFileSync(file, 'utf8')) as { privateJwk: JWK; publicJwk: JWK };
    return new LocalIssuer(issuer, await importJWK(privateJwk, 'RS256'), publicJwk);
  }

  async sign(user: PoolUser, audience: string, ttlSeconds = 8 * 3600): Promise<string> {
    return new SignJWT({
      email: user.email,
      name: user.name,
      'cognito:groups': [...user.roles],
      'cognito:username': user.username,
      ...(user.unitId ? { 'custom:unitId': user.unitId } : {}),
      token_use: 'id',
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'local-1' })
      .setSubject(user.userId)
      .setIssuer(this.issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.privateKey);
  }

  /**
   * An access token as Cognito issues it to the web app (token_use access, client_id, no audience): it is what
   * the user-pool API accepts for a person's own account, and what the API's authorizer refuses.
   */
  async signAccess(user: PoolUser, clientId: string, ttlSeconds = 3600): Promise<string> {
    return new SignJWT({ token_use: 'access', client_id: clientId, scope: 'aws.cognito.signin.user.admin', username: user.username, 'cognito:groups': [...user.roles] })
      .setProtectedHeader({ alg: 'RS256', kid: 'local-1' })
      .setSubject(user.userId)
      .setIssuer(this.issuer)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.privateKey);
  }

  /** The claims of a valid access token issued for `clientId`, or an error. */
  async verifyAccess(token: string, clientId: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, this.jwks(), { issuer: this.issuer, algorithms: ['RS256'] });
    if (payload.token_use !== 'access' || payload.client_id !== clientId) throw new Error('not an access token of this client');
    return payload;
  }

  private readonly jwks = () => (this.cachedJwks ??= createLocalJWKSet({ keys: [this.publicJwk] }));
  private cachedJwks?: ReturnType<typeof createLocalJWKSet>;
  /** Tokens already verified, until they expire: the signature check is the costly part of every request. */
  private readonly verified = new Map<string, JWTPayload>();

  async verify(token: string, audience: readonly string[]): Promise<JWTPayload> {
    const known = this.verified.get(token);
    const now = Date.now() / 1000;
    if (known && typeof known.exp === 'number' && known.exp > now && [known.aud].flat().some((a) => audience.includes(String(a)))) return known;
    const { payload } = await jwtVerify(token, this.jwks(), { issuer: this.issuer, audience: [...audience], algorithms: ['RS256'] });
    if (this.verified.size > 1000) this.verified.clear();
    this.verified.set(token, payload);
    return payload;
  }
}
