/**
 * The worker state ↔ a saved project document. Saving reads `state` and `training`; restoring writes them back
 * and refits the kept model from the cached features with the same seed and rows, so predictions match.
 */
import { fitFinalModel } from '../../lib/models';
import { buildModelInputFrom, FILE_NAME_COLUMN } from '../../lib/data/modelInput';
import { readCsv } from '../../lib/data/csv';
import { COLOUR_FEATURIZER_ID, conceptsFeaturizerId } from '../../lib/features/featurize';
import { featurizer } from '../../lib/features/featurizers/registry';
import { projectName, PROJECT_FORMAT, type ProjectDoc, type SavedTraining } from '../../lib/store/projectFormat';
import { state } from '../state';
import { training, denseSources } from '../training';
import type { FeatureCache } from '../../lib/store/featureCache';
import type { ProjectUi, SaveRequest } from './protocol';

export type SavedProject = ProjectDoc<ProjectUi>;

/** The leaderboard's worker side, when it belongs to the rows imported now (never a previous dataset's). */
function savedTraining(ui: ProjectUi): SavedTraining | null {
  const board = training.leaderboard;
  if (!board || !training.input || !ui.trainResult || ui.trainResult.cancelled) return null;
  const indexOf = new Map(state.rows.map((r, i) => [r, i]));
  const rowIndices = training.rows.map((r) => indexOf.get(r) ?? -1);
  if (rowIndices.some((i) => i < 0)) return null;
  return {
    leaderboard: board,
    rowIndices,
    labels: training.labels,
    classNames: training.classNames,
    groups: training.groups,
    seed: training.seed,
    finalModelKey: training.finalModelKey,
    fileNameAsFeature: FILE_NAME_COLUMN in training.input.text,
  };
}

/**
 * The cache id of every dense group this session holds (cover, style, colour, …), by group id. A group whose id
 * cannot be named now (its network not loaded, e.g. after an offline reopen) keeps the id it was restored with.
 */
export function denseCacheIds(known: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [group, vectors] of Object.entries(state.dense)) {
    const f = featurizer(group);
    if (!f || vectors.size === 0) continue;
    try {
      out[group] = f.cacheId(f.network ? state.backbone : null, { flipAverage: state.flipAverage });
    } catch {
      if (known[group]) out[group] = known[group];
    }
  }
  return out;
}

export function buildProjectDoc(req: SaveRequest, id: string, createdAt: number, now = Date.now(), csv?: Uint8Array, denseIds?: Record<string, string>): SavedProject {
  const mapping = state.mapping;
  if (!mapping || state.rows.length === 0) throw new Error('Import a dataset first: there is nothing to save yet.');
  const features = req.ui.features;
  const backboneId = features && !features.colourOnly ? features.backboneId : null;
  // The cache id names the exact weights and preprocessing; the network id alone could be other weights.
  const embeddingId = backboneId ? (features?.embeddingCacheId ?? backboneId) : null;
  const trained = savedTraining(req.ui);
  const ui: ProjectUi = trained ? req.ui : { ...req.ui, trainResult: null, predictions: null };
  return {
    format: PROJECT_FORMAT,
    id,
    name: req.ui.synthetic ? 'Synthetic demo' : projectName(state.csvPath),
    createdAt,
    updatedAt: now,
    step: req.step,
    dataset: {
      csvPath: state.csvPath,
      columns: req.ui.opened?.columns ?? [],
      mapping,
      reportSummary: req.ui.imported?.summary ?? '',
      rows: state.rows,
      csv,
    },
    backboneId,
    featureIds: [
      ...new Set([
        ...(embeddingId ? [embeddingId, COLOUR_FEATURIZER_ID, conceptsFeaturizerId(embeddingId)] : features ? [COLOUR_FEATURIZER_ID] : []),
        ...Object.values(denseIds ?? {}),
      ]),
    ],
    denseIds: features ? denseIds : undefined,
    training: trained,
    ui,
  };
}

const baseName = (path: string) => path.split('/').pop() ?? path;

/**
 * Restored covers are re-encoded crops: their bytes hash differently from the originals, so a re-import of a
 * reopened project reads each one's original hash here (features stay cached under it).
 */
const originalHash = new WeakMap<File, string>();

/** The hash of the original image a restored crop stands for; undefined for any other file. */
export function restoredImageHash(file: File): string | undefined {
  return originalHash.get(file);
}

/** Rebuilds the dataset from the saved crops, keyed by each row's original cover path, and the saved CSV. */
export function restoreDataset(doc: SavedProject, crops: Map<string, Uint8Array>): string[] {
  const missing: string[] = [];
  state.files = new Map();
  for (const r of doc.dataset.rows) {
    const crop = crops.get(r.imageHash);
    if (!crop) missing.push(r.coverPath);
    else if (!state.files.has(r.coverPath)) {
      const file = new File([crop as BlobPart], baseName(r.coverPath), { type: 'image/jpeg' });
      originalHash.set(file, r.imageHash);
      state.files.set(r.coverPath, file);
    }
  }
  state.skippedFiles = [];
  state.csvPath = doc.dataset.csvPath;
  const csv = doc.dataset.csv;
  // Read as a dropped CSV is (encoding detection); projects saved before the CSV was kept need the original folder.
  state.table = csv ? readCsv(csv) : null;
  if (csv) state.files.set(state.csvPath, new File([csv as BlobPart], baseName(state.csvPath), { type: 'text/csv' }));
  state.mapping = doc.dataset.mapping;
  state.rows = doc.dataset.rows;
  state.predictedCovers = new Map();
  return missing;
}

/** Reads the project's vectors from the feature cache into `state`; returns how many rows lack one. */
export async function restoreFeatures(doc: SavedProject, cache: FeatureCache): Promise<number> {
  const hashes = [...new Set(doc.dataset.rows.map((r) => r.imageHash))];
  if (doc.denseIds && Object.keys(doc.denseIds).length > 0) {
    // Every dense group the project computed, under its own cache id (style, flip-averaged variants included).
    state.dense = {};
    for (const [group, id] of Object.entries(doc.denseIds)) state.dense[group] = await cache.getMany(id, hashes);
    const groups = Object.values(state.dense);
    return hashes.filter((h) => groups.some((m) => !m.has(h))).length;
  }
  // Saved before denseIds: featureIds[0] is the embeddings' cache id whenever there is a network.
  state.dense = {};
  state.embeddings = doc.backboneId ? await cache.getMany(doc.featureIds[0] ?? doc.backboneId, hashes) : new Map();
  state.colour = doc.featureIds.includes(COLOUR_FEATURIZER_ID) ? await cache.getMany(COLOUR_FEATURIZER_ID, hashes) : new Map();
  if (doc.featureIds.length === 0) return 0;
  return hashes.filter((h) => !state.colour.has(h) || (doc.backboneId !== null && !state.embeddings.has(h))).length;
}

export function clearTraining(): void {
  training.finalModel?.dispose();
  Object.assign(training, { finalModel: null, finalModelKey: null, leaderboard: null, rows: [], input: null, labels: new Int32Array(0), classNames: [], groups: undefined, seed: 0 });
}

/**
 * Puts the saved leaderboard back into `training` and refits the kept model exactly as train() did
 * (same input rows, labels, seed, training rows and CV groups).
 */
export async function restoreTraining(saved: SavedTraining, signal?: AbortSignal): Promise<void> {
  clearTraining();
  const mapping = state.mapping!;
  const rows = saved.rowIndices.map((i) => state.rows[i]);
  const input = buildModelInputFrom(rows, mapping, denseSources(), { fileNameAsFeature: saved.fileNameAsFeature });
  const board = saved.leaderboard;
  Object.assign(training, { leaderboard: board, rows, input, labels: saved.labels, classNames: saved.classNames, groups: saved.groups, seed: saved.seed });
  const best = board.entries.find((e) => e.key === saved.finalModelKey);
  if (!best) return;
  // As in train(): the kept model sees every CV row; holdout rows (fold -1) stay unseen.
  const trainRows = Int32Array.from(board.foldOf.reduce<number[]>((acc, f, i) => (f >= 0 ? (acc.push(i), acc) : acc), []));
  training.finalModel = await fitFinalModel(input, saved.labels, saved.classNames, best, { seed: saved.seed, rows: trainRows, groups: saved.groups, signal });
  training.finalModelKey = best.key;
}
