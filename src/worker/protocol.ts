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
}

export interface FeaturizeSummary {
  backboneId: string;
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
  backend: string;
}

export interface Diagnostics {
  backend: string | null;
  numTensors: number;
  numBytes: number;
}
