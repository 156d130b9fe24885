/// <reference lib="webworker" />
/** The product API of the studio worker (studio.worker.ts exposes it through comlink). */
import * as tf from '@tensorflow/tfjs';
import { readCsv, unusableTableMessage, inferMapping, buildImportReport, formatReportSummary, isImagePath, unzipWithReport, buildImageIndex, matchCover } from '../lib/data';
import { activateBackend } from '../lib/backend/backends';
import { chooseBackend, featurizeSurvivingContextLoss } from './backendChoice';
import { backboneSpec } from '../lib/features/backbones';

import { loadBackbone, ModelUnavailableError } from '../lib/features/modelSource';
import { featurize } from '../lib/features/featurize';
import { state, cache } from './state';
import { runTask, cancelTask } from './tasks';
import { insightsApi } from './insights';
import { projectsApi } from './projects';
import { checkImages } from './imageCheck';
import { generateDemoFiles } from './demo';
import { featurizeRows } from './featurizeRows';
import { modelOptions, train } from './training';
import { predictAlbums } from './prediction';
import type { ColumnMapping, ParsedTable, SkippedFile } from '../lib/data/types';
import type {
  BackboneRequest,
  BackboneStatus,
  Diagnostics,
  FeaturizeSummary,
  ImportResult,
  ModelOptions,
  ModelOptionsRequest,
  OpenResult,
  PredictionResult,
  TrainRequest,
  TrainResult,
  SourceFile,
  TaskProgress,
} from './protocol';

type ProgressFn = (p: TaskProgress) => void;


/** Rate and ETA from elapsed time, so every long task reports them the same way. */
function progressReporter(phase: string, total: number, onProgress?: ProgressFn) {
  const t0 = performance.now();
  let lastSent = 0;
  return (done: number, force = false) => {
    const now = performance.now();
    if (!force && now - lastSent < 100 && done < total) return; // don't flood the UI
    lastSent = now;
    const seconds = (now - t0) / 1000;
    const rate = done > 0 && seconds > 0 ? done / seconds : null;
    onProgress?.({ phase, done, total, rate, etaSeconds: rate ? (total - done) / rate : null });
  };
}

/** Zips become their entries; entries that cannot be extracted are kept in `skipped` for the import report. */
async function expandZips(sources: SourceFile[]): Promise<{ files: SourceFile[]; skipped: SkippedFile[] }> {
  const out: SourceFile[] = [];
  const skipped: SkippedFile[] = [];
  for (const s of sources) {
    if (/\.zip$/i.test(s.path)) {
      const { entries, skipped: notExtracted } = await unzipWithReport(new Uint8Array(await s.file.arrayBuffer()));
      for (const e of entries) out.push({ path: e.path, file: new File([e.bytes as BlobPart], e.path.split('/').pop() ?? e.path) });
      skipped.push(...notExtracted);
    } else out.push(s);
  }
  return { files: out, skipped };
}

/**
 * Bytes, not text: readCsv detects the encoding (BOM, UTF-8, else Windows-1252) and says which it used.
 * A CSV without data rows throws before anything in the session is replaced.
 */
async function readTable(csvPath: string, file: File): Promise<ParsedTable> {
  const table = readCsv(new Uint8Array(await file.arrayBuffer()));
  const unusable = unusableTableMessage(csvPath, table);
  if (unusable) throw new Error(unusable);
  return table;
}

function openCsv(csvPath: string, table: ParsedTable): OpenResult {
  const imagePaths = [...state.files.keys()].filter(isImagePath);
  const { mapping, reasons } = inferMapping(table, imagePaths);
  state.csvPath = csvPath;
  state.table = table;
  state.mapping = mapping;
  return {
    csvCandidates: [...state.files.keys()].filter((p) => /\.(csv|tsv|txt)$/i.test(p)),
    csvPath,
    columns: table.columns,
    preview: table.rows.slice(0, 5),
    rowCount: table.rows.length,
    imageCount: imagePaths.length,
    mapping,
    reasons,
    warnings: table.warnings,
  };
}

/** Hashes and test-decodes (unless remembered) every image a row refers to, then builds the import report. */
async function validateRows(mapping: ColumnMapping, signal: AbortSignal, onProgress?: ProgressFn): Promise<ImportResult> {
  if (!state.table) throw new Error('Open a folder with a CSV first.');
  state.mapping = mapping;
  const allPaths = [...state.files.keys()];
  const index = buildImageIndex(allPaths.filter(isImagePath));
  const referenced = new Set<string>();
  if (mapping.cover) {
    for (const row of state.table.rows) {
      const m = matchCover(index, row[mapping.cover] ?? '');
      if (m.kind !== 'missing' && m.kind !== 'ambiguous') referenced.add(m.path);
    }
  }
  const tick = progressReporter('Checking images', referenced.size, onProgress);
  const imageInfo = await checkImages(new Map([...referenced].map((p) => [p, state.files.get(p)!])), await cache(), signal, tick);
  if (signal.aborted) throw new Error('Import cancelled.');
  tick(imageInfo.size, true);
  const { report, rows } = buildImportReport({
    csvPath: state.csvPath,
    table: state.table,
    mapping,
    files: allPaths.map((p) => ({ path: p, size: state.files.get(p)!.size })),
    imageInfo,
    skippedFiles: state.skippedFiles,
  });
  state.rows = rows;
  return { report, summary: formatReportSummary(report) };
}

/** Loads the featurizer network from the first source that works and picks the fastest backend. Cancel takes effect between the phases. */
/** The last network request, so a WebGL context loss can reload the same network on WebAssembly. */
let lastBackboneRequest: BackboneRequest | null = null;

async function prepareBackbone(req: BackboneRequest, signal: AbortSignal, onStatus?: (message: string) => void, onProgress?: ProgressFn): Promise<BackboneStatus> {
  lastBackboneRequest = req;
  const spec = backboneSpec(req.backboneId);
  const status = onStatus ?? (() => {});
  let savedOffline = false;
  if (state.backbone?.spec.id !== spec.id || req.pickedModelFiles?.length) {
    state.backbone?.dispose();
    state.backbone = null;
    // Weights load onto the active backend; WASM starts fast everywhere, so load there first.
    state.backend = (await activateBackend('wasm')) ?? (await activateBackend('cpu'));
    try {
      const loaded = await loadBackbone(spec, { pickedFiles: req.pickedModelFiles, originBase: req.modelBaseUrl, allowHub: req.allowHub, onStatus: status });
      state.backbone = loaded.backbone;
      state.backboneOrigin = loaded.origin;
      savedOffline = loaded.savedOffline;
    } catch (err) {
      if (err instanceof ModelUnavailableError) throw new Error(err.message);
      throw err;
    }
  }

  if (signal.aborted) throw new DOMException('Preparing the network was cancelled.', 'AbortError');
  const backbone = state.backbone!;
  // Measuring is its own phase with progress ('Measuring backends: wasm 2/3 batches').
  const choice = await chooseBackend(backbone, req, state.backend!, (p) =>
    onProgress ? onProgress({ phase: p.phase, done: p.done, total: p.total, rate: null, etaSeconds: null }) : status(p.phase),
  );
  state.backend = choice.backend;
  if (signal.aborted) throw new DOMException('Preparing the network was cancelled.', 'AbortError');
  return {
    backboneId: spec.id,
    label: spec.label,
    origin: state.backboneOrigin!,
    savedOffline,
    backend: state.backend!,
    timings: choice.timings,
    measured: choice.measured,
    notes: choice.notes,
    probeSeconds: choice.probeSeconds,
    embeddingSize: spec.embeddingSize,
    embeddingCacheId: backbone.cacheId,
  };
}

/**
 * Starts WebAssembly as soon as the worker loads, while the user is still choosing files: every session needs a
 * backend (the network, Grad-CAM), and its start (compile + threads, ~0.2 s here) then leaves the path of the first
 * featurization. Settles either way; a later activateBackend('wasm') finds it running, or reports why not.
 */
export function warmUpBackend(): Promise<void> {
  return activateBackend('wasm').then(
    () => {},
    () => {},
  );
}

export const studioApi = {
  /** Takes the dropped files (a folder's contents, or a zip), finds the CSV and proposes a mapping. */
  async openFiles(sources: SourceFile[], preferredCsv?: string): Promise<OpenResult> {
    const { files: expanded, skipped } = await expandZips(sources);
    const csvs = expanded.filter((s) => /\.(csv|tsv)$/i.test(s.path)).map((s) => s.path);
    const csvNotExtracted = skipped.find((f) => /\.(csv|tsv)$/i.test(f.path));
    if (csvs.length === 0 && csvNotExtracted) throw new Error(`The CSV "${csvNotExtracted.path}" was ${csvNotExtracted.reason}.`);
    if (csvs.length === 0) {
      throw new Error('No CSV file found. Add a .csv with one row per track (cover file name, genre, optional text columns) to the folder.');
    }
    // Prefer the shallowest CSV: a metadata file at the root, not one inside an image folder.
    const csvPath = preferredCsv && csvs.includes(preferredCsv) ? preferredCsv : [...csvs].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b))[0];
    // Only a drop with a usable CSV replaces the session's files: a bad drop leaves the previous import intact.
    const files = new Map(expanded.map((s) => [s.path, s.file]));
    const table = await readTable(csvPath, files.get(csvPath)!);
    state.files = files;
    state.skippedFiles = skipped;
    state.rows = [];
    return openCsv(csvPath, table);
  },

  /** Draws the synthetic demo dataset (no weights or covers needed) and opens it like a dropped folder. */
  openDemo(perGenre: number, seed: number, onProgress?: ProgressFn, taskId?: string): Promise<OpenResult> {
    return runTask(taskId, async (signal) => studioApi.openFiles(await generateDemoFiles(perGenre, seed, signal, onProgress)));
  },

  async chooseCsv(csvPath: string): Promise<OpenResult> {
    const file = state.files.get(csvPath);
    if (!file) throw new Error(`No file ${csvPath} in the dropped folder.`);
    const table = await readTable(csvPath, file);
    state.rows = [];
    return openCsv(csvPath, table);
  },

  /** Hashes and test-decodes (unless remembered) every image a row refers to, then builds the import report. */
  validate(mapping: ColumnMapping, onProgress?: ProgressFn, taskId?: string): Promise<ImportResult> {
    return runTask(taskId, (signal) => validateRows(mapping, signal, onProgress));
  },

  /** Loads the featurizer network from the first source that works and picks the fastest backend. */
  prepareBackbone(req: BackboneRequest, onStatus?: (message: string) => void, onProgress?: ProgressFn, taskId?: string): Promise<BackboneStatus> {
    return runTask(taskId, (signal) => prepareBackbone(req, signal, onStatus, onProgress));
  },


  /** Embeds every usable row's cover (cached ones are read, not recomputed). Cancel keeps what is done. */
  featurize(onProgress?: ProgressFn, taskId?: string, opts: { colourOnly?: boolean } = {}): Promise<FeaturizeSummary> {
    const colourOnly = opts.colourOnly ?? false;
    return runTask(taskId, (signal) =>
      featurizeSurvivingContextLoss(signal, (s) => featurizeRows(s, onProgress, colourOnly), async () => {
        await prepareBackbone({ ...lastBackboneRequest!, backend: 'wasm' }, signal);
      }),
    );
  },
  /** Feature groups the user can choose from, default feature lists, and the leakage check of every candidate column. */
  modelOptions(req: ModelOptionsRequest): ModelOptions {
    return modelOptions(req);
  },

  /** Cross-validated leaderboard; the best model is refitted on all training rows and kept for prediction. */
  train(req: TrainRequest, onProgress?: ProgressFn, taskId?: string): Promise<TrainResult> {
    const t0 = performance.now();
    return runTask(taskId, (signal) => train(req, signal, (p) =>
      onProgress?.({
        phase: `Training ${p.model}${p.fold >= 0 ? ` · fold ${p.fold + 1}` : ' · holdout'}`,
        done: p.done,
        total: p.total,
        rate: p.done > 0 ? p.done / ((performance.now() - t0) / 1000) : null,
        etaSeconds: p.etaSeconds,
      }),
    ));
  },

  /** Scores new covers (plus an optional CSV of their text columns) with the kept model. */
  predict(sources: SourceFile[], onProgress?: ProgressFn, taskId?: string): Promise<PredictionResult> {
    return runTask(taskId, (signal) => predictAlbums(sources, signal, onProgress));
  },

  /** Cancels one call (by the task id it was started with), or every running call. */
  cancel(taskId?: string): void {
    cancelTask(taskId);
  },

  async clearCache(): Promise<void> {
    // Every featurizer id at once: embeddings of every weights/preprocessing version, colour, concepts.
    await (await cache()).clear();
    for (const m of Object.values(state.dense)) m.clear(); // every featurizer's vectors
  },

  ...insightsApi,
  ...projectsApi,

  diagnostics(): Diagnostics {
    const m = tf.memory();
    return { backend: tf.getBackend() ?? null, numTensors: m.numTensors, numBytes: m.numBytes };
  },
};

export type StudioApi = typeof studioApi;
