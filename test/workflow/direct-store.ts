import { inject } from 'vitest';

/**
 * The repository modules pointed at the local runtime's DynamoDB, for tests that write records the way the
 * handlers do (same functions, same transactions) without walking each dossier through the API.
 */
const endpoints = inject('endpoints');
Object.assign(process.env, {
  TABLE_NAME: inject('tableName'),
  AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
  AWS_REGION: 'ap-southeast-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
});

export const repository = await import('#adapters/dossier-repository');
export const counters = await import('#adapters/counters');
