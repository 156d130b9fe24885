/** The 2-D UMAP map of the training covers' embeddings, cached per training run, seed and parameters. */
import { umapLayout, UMAP_DEFAULTS } from '../../lib/insights/umap';
import { imageSpace, requireTraining } from './overview';
import type { EmbeddingMapRequest, EmbeddingMapResult } from '../insightsProtocol';
import type { TaskProgress } from '../protocol';

/** Results for the current training run only (keyed by its input object); a new run starts a new cache. */
let cache: { run: object; maps: Map<string, EmbeddingMapResult> } | null = null;

export async function embeddingMap(req: EmbeddingMapRequest, signal: AbortSignal, onProgress?: (p: TaskProgress) => void): Promise<EmbeddingMapResult> {
  const { input } = requireTraining();
  const nNeighbors = req.nNeighbors ?? UMAP_DEFAULTS.nNeighbors;
  const minDist = req.minDist ?? UMAP_DEFAULTS.minDist;
  const key = `${req.seed}|${nNeighbors}|${minDist}`;
  if (cache?.run !== input) cache = { run: input, maps: new Map() };
  const hit = cache.maps.get(key);
  if (hit) return hit;

  const t0 = performance.now();
  const { data, rows: n, cols: d } = imageSpace(input).matrix;
  const layout = await umapLayout(data, n, d, { seed: req.seed, nNeighbors, minDist, signal, onProgress });
  const result: EmbeddingMapResult = { ...layout, seconds: (performance.now() - t0) / 1000 };
  if (cache.run === input) cache.maps.set(key, result);
  return result;
}
