// s3rver ships no types; only what s3.ts uses is declared.
declare module 's3rver' {
  import type { AddressInfo } from 'node:net';
  import type { EventEmitter } from 'node:events';

  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    vhostBuckets?: boolean;
    configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
  }

  /** Koa middleware as s3rver's Koa 2 app composes it. */
  type KoaMiddleware = (ctx: S3rverContext, next: () => Promise<void>) => Promise<void> | void;

  interface S3rverContext {
    method: string;
    path: string;
    status: number;
    get(field: string): string;
    set(field: string, value: string): void;
    response: { get(field: string): string };
    is(type: string): string | false | null;
    query: Record<string, unknown>;
    headers: Record<string, unknown>;
    req: import('node:http').IncomingMessage;
    type: string;
    body: unknown;
  }

  class S3rver extends EventEmitter {
    constructor(options?: S3rverOptions);
    /** Koa's middleware list; composed when the server starts, so prepending before run() takes effect. */
    middleware: KoaMiddleware[];
    run(): Promise<AddressInfo>;
    httpServer?: import('node:http').Server;
    close(): Promise<void>;
  }
  export default S3rver;
}

declare module 's3rver/lib/models/account.js' {
  interface AWSAccount {
    createKeyPair(accessKeyId: string, secretAccessKey: string): void;
  }
  const AWSAccountModule: { DUMMY_ACCOUNT: AWSAccount };
  export default AWSAccountModule;
}
