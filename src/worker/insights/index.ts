/**
 * The Insights step's half of the studio worker API (see insightsProtocol.ts). Each insight lives in its own
 * file; this object only wires them to the per-call task bridge. Spread into the worker's API.
 */
import * as Comlink from 'comlink';
import { runTask } from '../tasks';
import { insightsOverview } from './overview';
import { activationMaps } from './activation';
import { genreConcepts } from './concepts';
import { embeddingMap } from './embeddingMap';
import { thumbnails, thumbnailAtlas } from './thumbnails';
import { similarCovers } from './similar';
import { wordClouds } from './wordClouds';
import { featureImpact } from './featureImpact';
import type { TaskProgress } from '../protocol';
import type { ActivationRequest, EmbeddingMapRequest, FeatureImpactRequest, SimilarQuery, ThumbnailRequest, WordCloudRequest } from '../insightsProtocol';

type ProgressFn = (p: TaskProgress) => void;

export const insightsApi = {
  insightsOverview(modelKey?: string | null) {
    return insightsOverview(modelKey);
  },
  activationMaps(req: ActivationRequest, onProgress?: ProgressFn, taskId?: string) {
    return runTask(taskId, (signal) => activationMaps(req, signal, onProgress));
  },
  genreConcepts(onProgress?: ProgressFn, taskId?: string) {
    return runTask(taskId, (signal) => genreConcepts(signal, onProgress));
  },
  embeddingMap(req: EmbeddingMapRequest, onProgress?: ProgressFn, taskId?: string) {
    return runTask(taskId, (signal) => embeddingMap(req, signal, onProgress));
  },
  thumbnails(req: ThumbnailRequest, taskId?: string) {
    return runTask(taskId, (signal) => thumbnails(req, signal));
  },
  /** The atlas bitmap is transferred, not copied. */
  async thumbnailAtlas(cell: number, onProgress?: ProgressFn, taskId?: string) {
    const atlas = await runTask(taskId, (signal) => thumbnailAtlas(cell, signal, onProgress));
    return Comlink.transfer(atlas, [atlas.bitmap]);
  },
  similarCovers(query: SimilarQuery, k = 12) {
    return similarCovers(query, k);
  },
  wordClouds(req: WordCloudRequest, taskId?: string) {
    return runTask(taskId, (signal) => wordClouds(req, signal));
  },
  featureImpact(req: FeatureImpactRequest, onProgress?: ProgressFn, taskId?: string) {
    return runTask(taskId, (signal) => featureImpact(req, signal, onProgress));
  },
};
