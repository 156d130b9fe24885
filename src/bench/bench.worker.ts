/// <reference lib="webworker" />
/**
 * The measurement worker (bench.html, built only with CGS_BENCH=1): the product API plus the bench and
 * reference entry points, which never ship in the product worker (src/worker/studio.worker.ts).
 */
import * as Comlink from 'comlink';
import { studioApi } from '../worker/studioApi';
import { state } from '../worker/state';
import { FeatureCache } from '../lib/store/featureCache';
import { benchApi } from './benchApi';
import { referenceApi } from './referenceApi';
import { leaderboardScaleApi } from './leaderboardScale';

/** benchPipeline empties its cache: keep that away from the app's own cache on the same origin. */
export const BENCH_CACHE_DB = 'cover-genre-studio-features-bench';
state.cache = FeatureCache.open(BENCH_CACHE_DB);

export const benchWorkerApi = { ...studioApi, ...benchApi, ...referenceApi, ...leaderboardScaleApi };
export type BenchWorkerApi = typeof benchWorkerApi;

Comlink.expose(benchWorkerApi);
