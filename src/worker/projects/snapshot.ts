/**
 * The worker state ↔ a saved project document. Saving reads `state` and `training`; restoring writes them back
 * and refits the kept model from the cached features with the same seed and rows, so predictions match.
 */
import { fitFinalModel } from '../../lib/models';
import { buildModelInputFrom, FILE_NAME_COLUMN } from '../../lib/data/modelInput';
import { COLOUR_FEATURIZER_ID, conceptsFeaturizerId } from '../../lib/features/featurize';
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

export function buildProjectDoc(req: SaveRequest, id: string, createdAt: number, now = Date.now()): SavedProject {
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
    },
    backboneId,
    featureIds: embeddingId ? [embeddingId, COLOUR_FEATURIZER_ID, conceptsFeaturizerId(embeddingId)] : features ? [COLOUR_FEATURIZER_ID] : [],
    training: trained,
    ui,
  };
}

const baseName = (path: string) => path.split('/').pop() ?? path;

/** Rebuilds the dataset from the saved crops, keyed by each row's original cover path. */
export function restoreDataset(doc: SavedProject, crops: Map<string, Uint8Array>): string[] {
  const missing: string[] = [];
  state.files = new Map();
  for (const r of doc.dataset.rows) {
    const crop = crops.get(r.imageHash);
    if (!crop) missing.push(r.coverPath);
    else if (!state.files.has(r.coverPath)) state.files.set(r.coverPath, new File([crop as BlobPart], baseName(r.coverPath), { type: 'image/jpeg' }));
  }
  state.skippedFiles = [];
  state.csvPath = doc.dataset.csvPath;
  state.table = null; // the CSV itself is not saved: re-importing needs the original folder
  state.mapping = doc.dataset.mapping;
  state.rows = doc.dataset.rows;
  state.predictedCovers = new Map();
  return missing;
}

/** Reads the project's vectors from the feature cache into `state`; returns how many rows lack one. */
export async function restoreFeatures(doc: SavedProject, cache: FeatureCache): Promise<number> {
  const hashes = [...new Set(doc.dataset.rows.map((r) => r.imageHash))];
  // featureIds[0] is the embeddings' cache id whenever there is a network (buildProjectDoc).
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
