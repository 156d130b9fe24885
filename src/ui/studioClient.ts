import * as Comlink from 'comlink';
import type { StudioApi } from '../worker/studioApi';

/** The one studio worker of this page; all heavy work runs there. */
let remote: Comlink.Remote<StudioApi> | null = null;
let onCrash: (message: string) => void = () => {};

/** A worker that fails to start never answers: tell the user instead of waiting forever. */
export function onWorkerCrash(handler: (message: string) => void): void {
  onCrash = handler;
}

export function studio(): Comlink.Remote<StudioApi> {
  if (!remote) {
    const worker = new Worker(new URL('../worker/studio.worker.ts', import.meta.url), { type: 'module', name: 'studio' });
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      onCrash(`The background worker failed${e.message ? `: ${e.message}` : ' to start'}. Reload the page; if it persists, this browser may lack module workers or WebAssembly.`);
    });
    remote = Comlink.wrap<StudioApi>(worker);
  }
  return remote;
}

/** Wraps a callback so the worker can call it across the thread boundary. */
export const callback = Comlink.proxy;

/** Diagnostics for tests and the benchmark harness (tensor counts, backend). */
declare global {
  interface Window {
    cgs?: { studio: () => Comlink.Remote<StudioApi> };
  }
}
window.cgs = { studio };
