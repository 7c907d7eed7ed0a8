import { getConfig, session } from './api.ts';

/**
 * Sign-in on AWS: Cognito's hosted UI with the authorization code flow and PKCE (RFC 7636) — the browser holds
 * no secret; the ID token (groups = roles, custom:unitId) is what the API's JWT authorizer checks.
 */
const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const redirectUri = () => `${location.origin}/`;

export async function startHostedSignIn(): Promise<void> {
  const { cognito } = getConfig();
  if (!cognito?.domain) throw new Error('cognito.domain missing from config.json');
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = b64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem('pkce', JSON.stringify({ verifier, state }));
  const query = new URLSearchParams({ response_type: 'code', client_id: cognito.clientId, redirect_uri: redirectUri(), scope: 'openid email profile', state, code_challenge: challenge, code_challenge_method: 'S256' });
  location.assign(`https://${cognito.domain}/oauth2/authorize?${query}`);
}

/** On return from the hosted UI (`?code=…&state=…`): exchange the code, keep the ID token, clean the URL. */
export async function completeHostedSignIn(): Promise<boolean> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const saved = JSON.parse(sessionStorage.getItem('pkce') ?? 'null') as { verifier: string; state: string } | null;
  if (!code || !saved || params.get('state') !== saved.state) return false;
  sessionStorage.removeItem('pkce');
  const { cognito } = getConfig();
  const res = await fetch(`https://${cognito!.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: cognito!.clientId, code, redirect_uri: redirectUri(), code_verifier: saved.verifier }),
  });
  if (!res.ok) return false;
  const { id_token: idToken } = (await res.json()) as { id_token: string };
  const claims = JSON.parse(atob(idToken.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
  const groups = claims['cognito:groups'];
  session.set(idToken, { userId: String(claims.sub), name: claims.name ?? claims.email, roles: Array.isArray(groups) ? groups : [], unitId: claims['custom:unitId'] });
  history.replaceState(null, '', `${location.pathname}#/inbox`);
  return true;
}
