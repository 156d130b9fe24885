/**
 * Shapes shared by blueprints, cross-validation and the leaderboard. Pure types.
 *
 * Feature group ids (see features/types.ts FeatureGroupId):
 *   a key of `ModelInput.dense` ('cover', 'colour', …), `text:<column>`, `cat:<column>`, `num:<column>`.
 */
import type { FeatureMatrix, FeatureGroupId } from '../features/types';
import type { Tensor2D } from '@tensorflow/tfjs-core';

export type { FeatureMatrix, FeatureGroupId };

/**
 * Everything a model may look at, for n rows, kept raw so that anything fitted on data
 * (TF-IDF vocabulary, standardization, one-hot categories) can be fitted per training fold.
 * The same shape carries new albums at prediction time.
 */
export interface ModelInput {
  n: number;
  /** Dense feature groups, each `n` rows: 'cover' (embedding), 'colour', … */
  dense: Record<string, FeatureMatrix>;
  /** Free-text columns (lyrics, titles), one string per row ('' when missing). */
  text: Record<string, string[]>;
  /** Categorical columns, one value per row ('' when missing). */
  categorical: Record<string, string[]>;
  /** Numeric columns, NaN when missing. */
  numeric: Record<string, Float64Array | number[]>;
}

/** A named set of feature groups, like DataRobot's feature lists. */
export interface FeatureList {
  id: string;
  name: string;
  groups: FeatureGroupId[];
}

export interface FitOptions {
  nClasses: number;
  /** Weight per class (length nClasses) applied to each row's loss; n/(k·n_c) for balanced training. */
  classWeights: Float64Array;
  seed: number;
  /** The groups this fit may use, as resolved by `Blueprint.featureGroups`. */
  featureGroups: FeatureGroupId[];
  /**
   * A group per row of the input (e.g. artist) when the CV is grouped: a blueprint's own inner CV (the L2
   * search) then keeps each group whole too, so that it does not reward memorising groups.
   */
  groups?: string[];
  /**
   * An L2 strength (scikit-learn C) already chosen by the leaderboard's CV: a blueprint with an inner L2 search
   * fits at it instead of searching again (the final refit on all rows).
   */
  tunedC?: number;
  signal?: AbortSignal;
}

/** Per-class coefficient of one text term (for word clouds / feature impact). */
export interface TermWeight {
  /** The text column the term came from. */
  column: string;
  term: string;
  /** One coefficient per class. */
  weights: number[];
}

export interface FittedModel {
  /** Class probabilities for rows `idx` of `input`: idx.length × nClasses, row-major. */
  predictProba(input: ModelInput, idx: Int32Array): Float32Array;
  /** Releases tensors (no-op for pure-TS models). Safe to call twice. */
  dispose(): void;
  /** Small, serialisable facts for the UI (epochs run, vocabulary size, …). */
  describe?(): Record<string, number | string>;
  /** Only text models: coefficients per term and class. */
  termWeights?(): TermWeight[];
  /**
   * Models that use the cover embedding: class scores (logits) for rows `idx` as a differentiable tf function
   * of their raw cover embeddings (idx.length × dims), every other feature group held at those rows' values.
   * softmax(scores(cover of the rows)) = predictProba. For Grad-CAM; the caller disposes the returned tensors.
   */
  coverScores?(input: ModelInput, idx: Int32Array): (cover: Tensor2D) => Tensor2D;
  /** Softmax regression only: its fitted standardisation and weights, for exporting it as one layer (export/). */
  linearHead?(): LinearHead;
}

/**
 * A fitted softmax regression: logits = z·Wᵀ + b, z the encoder's output. `blocks[i]` is the z-score map of
 * `groups[i]` when it is a dense group, null otherwise (one-hot, TF-IDF: not expressible on raw inputs).
 */
export interface LinearHead {
  groups: FeatureGroupId[];
  blocks: ({ offset: number; width: number; mean: Float64Array; scale: Float64Array } | null)[];
  k: number;
  d: number;
  /** k × d, row-major. */
  W: Float64Array;
  b: Float64Array;
}

export interface Blueprint {
  kind: 'model';
  id: string;
  name: string;
  description: string;
  /** The groups of `featureList` this blueprint would use; [] when it cannot run on it. */
  featureGroups(input: ModelInput, featureList: FeatureList): FeatureGroupId[];
  /** Whether the blueprint can run at all on this input + feature list (e.g. needs a text column). */
  requires(input: ModelInput, featureList: FeatureList): boolean;
  /**
   * True when fitting uses no tfjs (plain TypeScript): the fit may then run in a training-pool worker that has
   * no tfjs backend and keeps nothing. Absent: it runs only in the worker that keeps the models.
   */
  tensorFree?: boolean;
  /**
   * Costly to fit (e.g. the SNN): with the leaderboard's `topListsForCostly`, it runs only on the feature lists where
   * the other blueprints scored best, as an AutoML autopilot spends its slow models where they are likely to win.
   */
  costly?: boolean;
  /** Fits on rows `trainIdx`; `y` holds a class index for every row of `input`. */
  fit(input: ModelInput, trainIdx: Int32Array, y: Int32Array, opts: FitOptions): Promise<FittedModel>;
}

/** A fitted-model recipe: which blueprint on which groups. */
export interface ModelSpec {
  blueprintId: string;
  featureGroups: FeatureGroupId[];
  /** The L2 strength (scikit-learn C) the CV chose for this model (see LeaderboardEntry.tunedC). */
  tunedC?: number;
}

/**
 * The blender is not fitted on features: it averages the class probabilities of other models.
 * Cross-validation uses only the members' out-of-fold predictions.
 */
export interface BlenderBlueprint {
  kind: 'blender';
  id: string;
  name: string;
  description: string;
  /** How many non-blender models to average. */
  size: number;
}

export type RegistryEntry = Blueprint | BlenderBlueprint;

export interface Scores {
  balancedAccuracy: number;
  accuracy: number;
  logLoss: number;
  macroF1: number;
}

export interface PerClassScore {
  className: string;
  precision: number;
  /** NaN when the class has no rows in y_true. */
  recall: number;
  f1: number;
  support: number;
}
