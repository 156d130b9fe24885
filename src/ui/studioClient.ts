import * as Comlink from 'comlink';
import type { StudioApi } from '../worker/studioApi';

/**
 * The one studio worker of this page; all heavy work runs there. A worker can die (an uncaught error, the
 * browser killing it for memory, a bug): comlink would then leave every call pending forever. So each call is
 * raced against the worker's death, which is seen either as its 'error' event or as a watchdog ping that goes
 * unanswered while calls are pending. On death the worker is terminated, pending calls reject with
 * WorkerCrashedError, the crash handler tells the user, and the next call starts a fresh worker (which knows
 * nothing of the session: the UI offers to reopen the saved project).
 */
export class WorkerCrashedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerCrashedError';
  }
}

interface Live {
  worker: Worker;
  remote: Comlink.Remote<StudioApi>;
  died: Promise<never>;
  kill: (why: string) => void;
  pending: number;
}

let live: Live | null = null;
let wrapped: Comlink.Remote<StudioApi> | null = null;
let onCrash: (message: string) => void = () => {};
/**
 * How long the worker may leave a ping unanswered while calls are pending. Generous: WebGL on a software
 * rasteriser blocks the worker thread for a minute or more per batch, and a busy worker must never be killed.
 */
let watchdogMs = 5 * 60_000;
const PING_EVERY_MS = 5_000;

/** Called with a message for the user when the worker died (at start or later). */
export function onWorkerCrash(handler: (message: string) => void): void {
  onCrash = handler;
}

function startWorker(): Live {
  const worker = new Worker(new URL('../worker/studio.worker.ts', import.meta.url), { type: 'module', name: 'studio' });
  let reject: (e: Error) => void = () => {};
  const died = new Promise<never>((_, fail) => (reject = fail));
  died.catch(() => undefined); // observed by the calls that race it
  const self: Live = { worker, remote: Comlink.wrap<StudioApi>(worker), died, pending: 0, kill: () => {} };
  self.kill = (why: string) => {
    if (live !== self) return;
    live = null;
    worker.terminate();
    const message = `The background worker stopped (${why}). It has been restarted; the data it held is gone.`;
    reject(new WorkerCrashedError(message));
    onCrash(message);
  };
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    self.kill(e.message ? `error: ${e.message}` : 'it failed to start; this browser may lack module workers or WebAssembly');
  });
  watch(self);
  return self;
}

/** Pings the worker while calls are pending; an unanswered ping within watchdogMs means it is gone. */
function watch(self: Live): void {
  let waitingSince: number | null = null;
  const timer = setInterval(() => {
    if (live !== self) return clearInterval(timer);
    if (waitingSince !== null) {
      if (performance.now() - waitingSince > watchdogMs) self.kill(`no answer for ${Math.round(watchdogMs / 1000)} s`);
      return;
    }
    if (self.pending === 0) return;
    waitingSince = performance.now();
    void self.remote.diagnostics().then(() => (waitingSince = null), () => undefined);
  }, PING_EVERY_MS);
}

function current(): Live {
  live ??= startWorker();
  return live;
}

/** Every method call goes to the live worker (started on demand) and fails instead of hanging if that worker dies. */
function crashAwareRemote(): Comlink.Remote<StudioApi> {
  return new Proxy({} as Comlink.Remote<StudioApi>, {
    get(_, prop) {
      if (prop === 'then' || typeof prop === 'symbol') return undefined; // not a thenable
      return (...args: unknown[]) => {
        const target = current();
        const method = (target.remote as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[prop];
        target.pending++;
        return Promise.race([method(...args), target.died]).finally(() => target.pending--);
      };
    },
  });
}

export function studio(): Comlink.Remote<StudioApi> {
  wrapped ??= crashAwareRemote();
  return wrapped;
}

/** Wraps a callback so the worker can call it across the thread boundary. */
export const callback = Comlink.proxy;

/** Diagnostics for tests and the benchmark harness (tensor counts, backend; watchdog timeout for fault tests). */
declare global {
  interface Window {
    cgs?: { studio: () => Comlink.Remote<StudioApi>; setWatchdogMs: (ms: number) => void };
  }
}
window.cgs = { studio, setWatchdogMs: (ms) => void (watchdogMs = ms) };
