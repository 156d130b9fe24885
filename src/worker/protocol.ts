/**
 * The typed contract between the UI and the studio worker (called through comlink). Everything
 * here is structured-cloneable; callbacks are passed as comlink proxies.
 */
import type { ColumnMapping, ImportReport } from '../lib/data/types';
import type { BackendName, BackendInfo, BackendTiming } from '../lib/backend/backends';
import type { ModelOrigin } from '../lib/features/modelSource';

export interface SourceFile {
  /** Path relative to the dropped folder / zip root, '/' separated. */
  path: string;
  file: File;
}

export interface OpenResult {
  csvCandidates: string[];
  csvPath: string;
  columns: string[];
  /** First rows for the mapping preview. */
  preview: Record<string, string>[];
  rowCount: number;
  imageCount: number;
  mapping: ColumnMapping;
  reasons: Record<string, string>;
  warnings: { line: number; message: string }[];
}

export interface TaskProgress {
  phase: string;
  done: number;
  total: number;
  /** items per second, when meaningful */
  rate: number | null;
  etaSeconds: number | null;
  message?: string;
}

export interface ImportResult {
  report: ImportReport;
  summary: string;
}

export interface BackboneRequest {
  backboneId: string;
  /** 'auto' measures the available backends (or reuses `remembered`). */
  backend: BackendName | 'auto';
  remembered?: BackendName | null;
  pickedModelFiles?: File[];
  allowHub: boolean;
  modelBaseUrl: string;
}

export interface BackboneStatus {
  backboneId: string;
  label: string;
  origin: ModelOrigin;
  savedOffline: boolean;
  backend: BackendInfo;
  /** Measured throughput per backend when auto-selection ran now. */
  timings: BackendTiming[];
  measured: boolean;
  embeddingSize: number;
  /** Feature-cache id of this network's embeddings (network id + weights fingerprint + preprocessing). */
  embeddingCacheId?: string;
  /** Backends that could not start or were not timed, a forced backend that did not start: shown to the user. */
  notes?: string[];
  /** Seconds spent measuring backends (0 when a forced or remembered backend was used). */
  probeSeconds?: number;
}

export interface FeaturizeSummary {
  /** Set when the feature cache could not write (quota, no IndexedDB): features live in memory for this session. */
  storageProblem?: string | null;
  /** Set when the backend changed during the run (WebGL context lost → WebAssembly), saying what happened. */
  backendNote?: string | null;
  /** The network's id, or 'colour-only' when no network was used. */
  backboneId: string;
  colourOnly: boolean;
  /** Colour vectors computed in the separate colour pass (covers whose embedding was cached without them). */
  colourComputed: number;
  /** Rows with every image feature of this run (embedding when a network ran, colour always). */
  rowsWithFeatures: number;
  total: number;
  fromCache: number;
  computed: number;
  failed: { path: string; error: string }[];
  cancelled: boolean;
  seconds: number;
  imagesPerSecond: number;
  /** Rows of the dataset that now have an embedding, and the lengths seen (must be one value). */
  rowsWithEmbedding: number;
  rowCount: number;
  embeddingLengths: number[];
  /** Feature-cache id of the embeddings (network id + weights fingerprint + preprocessing); null without a network. */
  embeddingCacheId?: string | null;
  backend: string;
  /** The featurizers this run computed (lib/features/featurizers), each a dense feature group of the models. */
  featurizers?: FeaturizerSummary[];
}

/** One featurizer as the Features step shows it: e.g. 'style', "MobileNet V2 — style (multi-level)", its one line, 5152. */
export interface FeaturizerSummary {
  id: string;
  label: string;
  captures: string;
  dims: number;
}

export interface Diagnostics {
  backend: string | null;
  numTensors: number;
  numBytes: number;
}

/** A feature group the user can tick (cover embedding, colour stats, a text column, …). */
export interface FeatureGroupOption {
  id: string;
  label: string;
  kind: 'dense' | 'text' | 'cat' | 'num';
}

/** What one candidate feature column revealed in the leakage check, and whether it is excluded. */
export interface LeakageFinding {
  column: string;
  groupId: string;
  flagged: boolean;
  reason: string;
  labelInValueRate: number;
  singleColumnBalancedAccuracy: number;
  suggestion: 'exclude' | 'use-as-group' | null;
}

export interface ModelOptions {
  rows: number;
  classNames: string[];
  groups: FeatureGroupOption[];
  defaultLists: { id: string; name: string; groups: string[] }[];
  leakage: LeakageFinding[];
  groupColumn: string | null;
}

export interface ModelOptionsRequest {
  /** Offer the cover file name as a text feature (an identifier: off unless the user asks). */
  fileNameAsFeature: boolean;
}

export interface TrainRequest extends ModelOptionsRequest {
  featureLists: { id: string; name: string; groups: string[] }[];
  folds: number;
  seed: number;
  holdout: boolean;
  /** Keep folds grouped by the mapped group column (e.g. artist). */
  grouped: boolean;
  /** Flagged columns the user deliberately keeps. */
  leakageOverrides: string[];
}

export interface LeaderboardRow {
  key: string;
  rank: number;
  name: string;
  blueprintId: string;
  featureListName: string;
  featureGroups: string[];
  balancedAccuracy: number | null;
  accuracy: number | null;
  logLoss: number | null;
  macroF1: number | null;
  foldScores: number[];
  foldSd: number | null;
  holdoutBalancedAccuracy: number | null;
  trainSeconds: number;
  confusion: number[][];
  perClass: { className: string; precision: number; recall: number; f1: number; support: number }[];
  members?: string[];
  error?: string;
  /** Hyper-parameters chosen inside the folds, for display. */
  tuning: string | null;
}

export interface TrainResult {
  classNames: string[];
  rows: LeaderboardRow[];
  rowsUsed: number;
  holdoutRows: number;
  nFolds: number;
  grouped: boolean;
  chanceLevel: number;
  seconds: number;
  excludedForLeakage: LeakageFinding[];
  /** The model refitted on all training rows and kept for predicting new albums. */
  finalModel: { key: string; name: string } | null;
  cancelled: boolean;
}

export interface PredictionResult {
  /** The model that scored, e.g. 'Regularized Softmax Regression'. */
  model: string;
  classNames: string[];
  /** One per track of the playlist CSV (with its row), plus one per cover no track names. */
  predictions: { file: string; predicted: string; probabilities: number[]; usedText: boolean; track?: Record<string, string> }[];
  /** The playlist CSV's columns other than the cover (title, artist, …); empty without a CSV. */
  trackColumns: string[];
  /** Images that could not be decoded. */
  failed: string[];
}
