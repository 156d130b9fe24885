import type { ColumnMapping, DatasetRow, ParsedTable, SkippedFile } from '../lib/data/types';
import type { BackendInfo } from '../lib/backend/backends';
import type { Backbone } from '../lib/features/backbone';
import type { ModelOrigin } from '../lib/features/modelSource';
import { FeatureCache } from '../lib/store/featureCache';

/** Everything the worker knows about the current dataset; the UI only ever sees summaries. */
export const state = {
  files: new Map<string, File>(),
  /** Files of the drop that could not be used at all (zip entries not extracted), with why: shown in the import report. */
  skippedFiles: [] as SkippedFile[],
  csvPath: '',
  table: null as ParsedTable | null,
  mapping: null as ColumnMapping | null,
  rows: [] as DatasetRow[],
  /** Image features by featurizer id ('cover', 'style', 'colour': lib/features/featurizers), each by image hash. */
  dense: {} as Record<string, Map<string, Float32Array>>,
  /** The CNN final-layer embedding (dense.cover): what Grad-CAM, similar covers and the map read. */
  get embeddings(): Map<string, Float32Array> {
    return this.dense.cover ?? new Map(); // never adds an empty group: rows are counted over dense's groups
  },
  set embeddings(m: Map<string, Float32Array>) {
    this.dense.cover = m;
  },
  /** The weight-free colour features (dense.colour). */
  get colour(): Map<string, Float32Array> {
    return this.dense.colour ?? new Map();
  },
  set colour(m: Map<string, Float32Array>) {
    this.dense.colour = m;
  },
  /** Image features of the covers scored in the last Predict run, by file path (for "covers like this"). */
  predictedCovers: new Map<string, { embedding?: Float32Array; colour?: Float32Array }>(),
  backbone: null as Backbone | null,
  /** Network features averaged over each cover and its mirror image (their own cache ids); off unless CV shows it helps. */
  flipAverage: false,
  backboneOrigin: null as ModelOrigin | null,
  backend: null as BackendInfo | null,
  cache: null as Promise<FeatureCache> | null,
};

export function cache(): Promise<FeatureCache> {
  state.cache ??= FeatureCache.open();
  return state.cache;
}

