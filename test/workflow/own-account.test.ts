import { CognitoIdentityProviderClient, GetUserCommand, UpdateUserAttributesCommand } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { runtime } from './runtime.ts';
import { ApiClient } from '#local/api-client';
import { baseUrl, draftDossier } from './support.ts';

const cognito = new CognitoIdentityProviderClient({ endpoint: runtime.endpoints.cognito, region: 'ap-southeast-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

/** A sign-in as the web app gets it: the ID token for the API and the access token for the user pool's own-account API. */
async function signIn(userId: string): Promise<{ token: string; accessToken: string }> {
  const res = await fetch(`${baseUrl}/_local/token`, { method: 'POST', body: JSON.stringify({ userId }) });
  expect(res.status).toBe(200);
  return (await res.json()) as { token: string; accessToken: string };
}

const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

describe('a person cannot rewrite what authorization and the records rely on', () => {
  it("refuses a unit officer's own UpdateUserAttributes of unit, e-mail or name; the next sign-in is still of their unit and sees nothing of the other", async () => {
    // Prepare: a dossier of unit A (so-giao-duc); an officer of unit B (xa-an-binh) signed in with the web app's tokens
    const { id } = await draftDossier('unit-a-officer', 'bangKhenChuTichTinhDotXuat', []);
    const before = await signIn('unit-b-officer');
    expect(claims(before.token)['custom:unitId']).toBe('xa-an-binh');
    // Act: the attacks, one attribute at a time, with the person's own access token
    for (const [Name, Value] of [['custom:unitId', 'so-giao-duc'], ['email', 'attacker@example.com'], ['name', 'Trưởng ban TĐKT']] as const) {
      const refused = await cognito.send(new UpdateUserAttributesCommand({ AccessToken: before.accessToken, UserAttributes: [{ Name, Value }] })).then(
        () => undefined,
        (error: Error) => error,
      );
      expect(refused?.name, Name).toBe('NotAuthorizedException');
    }
    // A preference the client may write goes through: the refusals above are the rule, not a broken endpoint.
    await cognito.send(new UpdateUserAttributesCommand({ AccessToken: before.accessToken, UserAttributes: [{ Name: 'locale', Value: 'vi' }] }));
    const attributes = Object.fromEntries(((await cognito.send(new GetUserCommand({ AccessToken: before.accessToken }))).UserAttributes ?? []).map((a) => [a.Name, a.Value]));
    expect(attributes).toMatchObject({ 'custom:unitId': 'xa-an-binh', email: 'minh.lv@anbinh.example.gov.vn', name: 'Lê Văn Minh (UBND xã An Bình)', locale: 'vi' });
    // Assess: a new sign-in carries the same unit, e-mail and name, and unit A's dossier stays hidden (404)
    const after = await signIn('unit-b-officer');
    expect(claims(after.token)).toMatchObject({ 'custom:unitId': 'xa-an-binh', email: 'minh.lv@anbinh.example.gov.vn', name: 'Lê Văn Minh (UBND xã An Bình)' });
    expect((await new ApiClient(baseUrl, after.token).get(`/api/dossiers/${id}`)).status).toBe(404);
    // The access token itself is no key to the API: the authorizer wants an ID token of the web client.
    expect((await new ApiClient(baseUrl, after.accessToken).get(`/api/dossiers/${id}`)).status).toBe(401);
  });
});
