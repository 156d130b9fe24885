/// <reference lib="webworker" />
/** The product worker: the studio API, nothing else (measurement has its own entry, src/bench/bench.worker.ts). */
import * as Comlink from 'comlink';
import { studioApi } from './studioApi';

export type { StudioApi } from './studioApi';

Comlink.expose(studioApi);
