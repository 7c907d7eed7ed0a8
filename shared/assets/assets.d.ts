/** Font files are bundled as their bytes (esbuild's binary loader; vitest.config.ts does the same in tests). */
declare module '*.ttf' {
  const bytes: Uint8Array;
  export default bytes;
}
