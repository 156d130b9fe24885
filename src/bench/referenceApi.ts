/**
 * Reference-check entry point used only by `npm run reference` (scripts/reference/discogs.mjs): scores
 * the product's softmax regression ('softmax-cover') on the imported rows' cover embeddings by the same
 * cross-validated leaderboard the Models step runs, and hands back the embeddings, labels and fold ids
 * so that scikit-learn's LogisticRegression can be fitted on exactly the same data and folds.
 * Exposed by the bench worker (bench.worker.ts), never by the product worker; runs on the state the product API
 * built (imported rows, computed embeddings).
 */
import { customFeatureList, encodeLabels, runLeaderboard, softmaxCoverFixedL2 } from '../lib/models';
import { buildModelInput } from '../worker/training';
import { state } from '../worker/state';

/** One dense group of every usable row, row-major, for the featurizer reference table. */
export interface ReferenceGroup {
  dims: number;
  data: Float32Array;
}

export interface ReferenceFeatures {
  /** Cover file name (no folder) and target of each row, in row order. */
  covers: string[];
  targets: string[];
  /** By featurizer id ('cover', 'style', 'colour'): what the models would read as ModelInput.dense. */
  groups: Record<string, ReferenceGroup>;
  backboneId: string | null;
  flipAverage: boolean;
}

export interface ReferenceSoftmaxOptions {
  folds?: number;
  seed?: number;
  /** The fixed L2 strength compared with scikit-learn (default 0.01). */
  l2?: number;
}

export interface ReferenceSoftmaxResult {
  /** Row-major n × dims cover embeddings, in the row order the model saw. */
  X: Float32Array;
  dims: number;
  /** Class index per row (into `classNames`). */
  y: Int32Array;
  classNames: string[];
  /** CV fold per row (-1 would be a holdout row; there is none here). */
  foldOf: Int32Array;
  nFolds: number;
  seed: number;
  /** Balanced accuracy of each fold, and their mean. */
  foldScores: number[];
  balancedAccuracy: number;
  /** L2 strength the blueprint fitted with (mean-loss units: sklearn C = 1 / (l2 · Σw)). */
  l2: number;
  classWeighting: boolean;
  /** Groups the model really used (expected: ['cover']). */
  featureGroups: string[];
  /** L-BFGS facts per fold (iterations, converged). */
  details: Record<string, number | string>[];
  seconds: number;
  /** The product's 'softmax-cover' (L2 chosen by inner CV in each fold) on the same folds. */
  tuned: { foldScores: number[]; balancedAccuracy: number; details: Record<string, number | string>[]; seconds: number };
}

export const referenceApi = {
  /** Flip averaging for the next featurize() (its own cache ids): the reference table measures it both ways. */
  referenceSetFlip(flipAverage: boolean): void {
    state.flipAverage = flipAverage;
  },

  /** Every featurizer's vectors of the rows that have them all, as the product pipeline computed them. */
  referenceFeatures(): ReferenceFeatures {
    const ids = Object.keys(state.dense).filter((id) => state.dense[id].size > 0);
    const rows = state.rows.filter((r) => ids.every((id) => state.dense[id].has(r.imageHash)));
    const groups: Record<string, ReferenceGroup> = {};
    for (const id of ids) {
      const dims = state.dense[id].get(rows[0].imageHash)!.length;
      const data = new Float32Array(rows.length * dims);
      rows.forEach((r, i) => data.set(state.dense[id].get(r.imageHash)!, i * dims));
      groups[id] = { dims, data };
    }
    return { covers: rows.map((r) => r.coverPath.split('/').pop()!), targets: rows.map((r) => r.target), groups, backboneId: state.backbone?.spec.id ?? null, flipAverage: state.flipAverage };
  },

  /** 'softmax-cover' alone, on the cover embedding alone, with seeded stratified K-fold CV. */
  async referenceSoftmax(opts: ReferenceSoftmaxOptions = {}): Promise<ReferenceSoftmaxResult> {
    const nFolds = opts.folds ?? 5;
    const seed = opts.seed ?? 0;
    const { input, targets } = buildModelInput({ fileNameAsFeature: false });
    const { labels, classNames } = encodeLabels(targets);
    const cover = input.dense.cover;
    if (!cover) throw new Error('No cover embeddings: compute embeddings first.');
    const featureLists = [customFeatureList(['cover'], 'cover embedding only', 'reference-cover')];
    // Like with like: scikit-learn is fitted at one fixed C, so ours runs at the matching fixed l2 here.
    const board = await runLeaderboard(input, labels, classNames, {
      featureLists,
      registry: [softmaxCoverFixedL2(opts.l2 ?? 0.01)],
      folds: nFolds,
      seed,
    });
    const tunedBoard = await runLeaderboard(input, labels, classNames, { featureLists, blueprintIds: ['softmax-cover'], folds: nFolds, seed });
    const tuned = tunedBoard.entries.find((e) => e.blueprintId === 'softmax-cover');
    if (!tuned?.cv) throw new Error(`softmax-cover (tuned) failed: ${tuned?.error ?? 'no CV scores'}`);
    const entry = board.entries.find((e) => e.blueprintId === 'softmax-cover');
    if (!entry) throw new Error('softmax-cover did not run on the cover embedding.');
    if (entry.error || !entry.cv) throw new Error(`softmax-cover failed: ${entry.error ?? 'no CV scores'}`);
    const l2s = new Set(entry.details.map((d) => d.l2));
    if (l2s.size !== 1 || typeof entry.details[0]?.l2 !== 'number') throw new Error(`softmax-cover reported no single L2 strength (${[...l2s].join(', ')}).`);
    return {
      X: cover.data.slice(),
      dims: cover.cols,
      y: labels,
      classNames,
      foldOf: board.foldOf,
      nFolds: board.nFolds,
      seed: board.seed,
      foldScores: entry.cv.foldScores,
      balancedAccuracy: entry.cv.balancedAccuracy,
      l2: entry.details[0].l2 as number,
      classWeighting: board.classWeighting,
      featureGroups: entry.featureGroups,
      details: entry.details,
      seconds: board.seconds,
      tuned: { foldScores: tuned.cv.foldScores, balancedAccuracy: tuned.cv.balancedAccuracy, details: tuned.details, seconds: tunedBoard.seconds },
    };
  },
};
