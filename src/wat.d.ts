/** A WebAssembly text module, compiled at build time (vite.config.ts, watModules): its binary bytes. */
declare module '*.wat' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
