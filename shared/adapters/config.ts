/** Reads a required environment variable; a missing one is a deployment error, so fail at once and say which. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`Missing environment variable ${name}`);
  return value;
}

/**
 * Where the workflow's emails link to and whom they go to by role, from the environment every sending
 * function gets (Notifications.allowSending): APP_URL and ROLE_MAILBOXES.
 */
export function notificationContext(): { appUrl: string; mailboxes: Record<string, string> } {
  return { appUrl: requireEnv('APP_URL'), mailboxes: JSON.parse(process.env.ROLE_MAILBOXES ?? '{}') as Record<string, string> };
}
