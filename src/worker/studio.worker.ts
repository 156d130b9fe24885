/// <reference lib="webworker" />
/** The product worker: the studio API, nothing else (measurement has its own entry, src/bench/bench.worker.ts). */
import * as Comlink from 'comlink';
import { studioApi, warmUpBackend } from './studioApi';

export type { StudioApi } from './studioApi';

const warm = warmUpBackend();
type Method = (...args: unknown[]) => unknown;
// Every call waits for the warm-up to settle: tfjs throws on any use while a backend is still starting.
const api = Object.fromEntries(
  Object.entries(studioApi as unknown as Record<string, Method>).map(([name, method]) => [name, async (...args: unknown[]) => (await warm, method(...args))]),
);
Comlink.expose(api);
