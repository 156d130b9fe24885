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
  embeddings: new Map<string, Float32Array>(),
  colour: new Map<string, Float32Array>(),
  /** Cover embeddings of the last covers scored in Predict, by their file path there ("covers like this"). */
  /** Image features of the covers scored in the last Predict run, by file path (for "covers like this"). */
  predictedCovers: new Map<string, { embedding?: Float32Array; colour?: Float32Array }>(),
  backbone: null as Backbone | null,
  backboneOrigin: null as ModelOrigin | null,
  backend: null as BackendInfo | null,
  cache: null as Promise<FeatureCache> | null,
};

export function cache(): Promise<FeatureCache> {
  state.cache ??= FeatureCache.open();
  return state.cache;
}

