/**
 * What a running `npm start` writes to `<stateDir>/stack.json` on every start (and removes on a clean stop):
 * its resources as the template names them and where its emulators listen (ports change on every start).
 * `npm run export` / `npm run import` (scripts/archive) find a local system through it.
 */
export const LOCAL_STACK_FILE = 'stack.json';

export interface LocalStack {
  readonly baseUrl: string;
  readonly region: string;
  readonly credentials: { accessKeyId: string; secretAccessKey: string };
  readonly endpoints: { dynamodb: string; s3: string; ses: string; sfn: string; lambda: string; cognito: string };
  /** Logical id → physical name. */
  readonly tables: Record<string, string>;
  readonly buckets: Record<string, string>;
  readonly stateMachineArn: string;
  readonly userPoolId: string;
}
