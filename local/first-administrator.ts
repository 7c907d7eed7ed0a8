/**
 * A signed-in person as the local user pool holds them: the username they sign in with, the token's `sub` (userId), name, e-mail, groups, unit.
 */
export interface PoolUser {
  readonly username: string;
  readonly userId: string;
  readonly name: string;
  readonly email: string;
  readonly roles: readonly string[];
  readonly unitId?: string;
}

/**
 * The one account a fresh local user pool starts with, as a province's pool does after `cdk deploy` (README:
 * "Setting up a province"): its first administrator, made outside the app. Everyone else, the demo people
 * included, is created by that administrator through the people API (local/seed.ts).
 */
export const firstAdministrator = { username: 'admin', name: 'Quản trị hệ thống', email: 'admin@tdkt.example.gov.vn', roles: ['admin'] } as const;
