/**
 * Stands in for `node:stream/web` in the handler bundles (an esbuild alias, infra/bundling.ts). @middy/core 6
 * imports ReadableStream from it when it loads, only to ask `instanceof` when a handler streams its response,
 * which ours never do; loading Node's web streams cost about 3 ms of every cold start (bench/README.md). This
 * class reaches the real one only when used. It exports nothing else, so a dependency that needs another name
 * from that module breaks the build instead of getting a stand-in. Remove it with middy 7, which loads its
 * streaming code only when asked (but requires Node ≥ 22).
 */
export class ReadableStream {
  constructor(...args: ConstructorParameters<typeof globalThis.ReadableStream>) {
    // biome-ignore lint/correctness/noConstructorReturn: the shim's whole point is to hand back the platform's own stream
    return new globalThis.ReadableStream(...args) as unknown as ReadableStream;
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof globalThis.ReadableStream;
  }
}
