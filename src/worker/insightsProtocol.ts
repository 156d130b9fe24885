/**
 * The typed contract of the Insights step between the UI and the studio worker (called through comlink).
 * Everything here is structured-cloneable. Covers are addressed by `index`: the position of the row in the
 * training rows of the current leaderboard (`InsightsOverview.covers[index]`), stable until the next training.
 *
 * Every long call takes `onProgress` (a comlink proxy) and `taskId` (from the client's task bridge, so the
 * UI can cancel exactly that call with `cancel(taskId)`).
 */

/** One training cover as the insights see it: its out-of-fold prediction by the chosen model. */
export interface InsightCover {
  index: number;
  /** Path of the cover file inside the imported folder. */
  path: string;
  /** A human title: album / track title column when mapped, else the file's base name. */
  title: string;
  actual: string;
  /** Out-of-fold prediction of the chosen model (never a model that saw this cover in training). */
  predicted: string;
  /** Out-of-fold class probabilities, in `classNames` order. */
  probabilities: number[];
  correct: boolean;
}

export interface InsightModel {
  /** Leaderboard entry key. */
  key: string;
  name: string;
  featureListName: string;
  featureGroups: string[];
  balancedAccuracy: number | null;
  /** True when the model uses the cover embedding, i.e. Grad-CAM can explain it. */
  usesCover: boolean;
  /** True for the model refitted on all rows and kept for Predict. */
  kept: boolean;
}

export interface InsightsOverview {
  modelKey: string;
  classNames: string[];
  covers: InsightCover[];
  /** Leaderboard entries the user can choose from (errors left out). */
  models: InsightModel[];
  /** Mapped text columns (word clouds); empty when the data has none. */
  textColumns: string[];
  /** Why activation maps are unavailable for this model (e.g. it does not use the cover), or null. */
  activationUnavailable: string | null;
  /** Backbone id and label of the cover embedding. */
  backbone: { id: string; label: string } | null;
}

export interface ActivationRequest {
  modelKey: string;
  /** Covers to explain; `classIndex` null = the class the model predicts for that cover. */
  items: { index: number; classIndex: number | null }[];
}

export interface ActivationMap {
  index: number;
  classIndex: number;
  /** gridH × gridW, row-major, ReLU'd and normalised to [0, 1] (all zeros when no positive evidence). */
  map: Float32Array;
  gridH: number;
  gridW: number;
  /** Class probabilities of the explained model for this cover (in-sample for the refitted model). */
  probabilities: number[];
}

export interface ThumbnailRequest {
  indices: number[];
  /** Edge length in CSS pixels of the square, centre-cropped thumbnail. */
  size: number;
}

/** Centre-cropped JPEG thumbnails (as Blobs, so the UI can use object URLs and canvas). */
export interface Thumbnail {
  index: number;
  blob: Blob;
}

/** Every training cover in one sprite sheet, for drawing thousands of points on one canvas. */
export interface ThumbnailAtlas {
  bitmap: ImageBitmap;
  /** Edge of one cell in pixels. */
  cell: number;
  columns: number;
  count: number;
}

export interface EmbeddingMapRequest {
  seed: number;
  nNeighbors?: number;
  minDist?: number;
}

export interface EmbeddingMapResult {
  /** n × 2 row-major coordinates, in cover-index order. */
  coords: Float32Array;
  n: number;
  nNeighbors: number;
  minDist: number;
  epochs: number;
  seconds: number;
}

/** A cover to find neighbours of: a training cover, or a cover scored in Predict (by its file path there). */
export type SimilarQuery = { index: number } | { predictedFile: string };

export interface SimilarCover {
  index: number;
  path: string;
  title: string;
  actual: string;
  /** Cosine similarity of the cover embeddings, in [-1, 1]. */
  similarity: number;
}

export interface GenreConcept {
  /** ImageNet label, e.g. 'jersey, T-shirt'. */
  label: string;
  /** Covers of this genre with the label in their top 5. */
  count: number;
  /** count / covers of this genre. */
  share: number;
  /** share in this genre / share in all other genres (smoothed); > 1 means typical for the genre. */
  lift: number;
}

export interface GenreConcepts {
  available: boolean;
  /** Why not (e.g. the network has no ImageNet classifier head). */
  reason: string | null;
  perClass: { className: string; covers: number; concepts: GenreConcept[] }[];
}

export interface WordCloudRequest {
  column: string;
  stopWords: boolean;
  maxTerms: number;
}

export interface WordCloudTerm {
  term: string;
  /** Occurrences of the term in this class's documents. */
  count: number;
  /** The text model's coefficient of this term for this class (0 when the term is not in its vocabulary). */
  coefficient: number;
}

export interface WordClouds {
  column: string;
  /** Which model the coefficients come from. */
  coefficientModel: string;
  /** Largest |coefficient| over every shown term: the symmetric range of the colour scale. */
  maxAbsCoefficient: number;
  classes: { className: string; documents: number; terms: WordCloudTerm[] }[];
}

export interface FeatureImpactRequest {
  modelKey: string;
  /** Number of permutation seeds per group (≥ 1). */
  repeats: number;
  seed: number;
}

export interface FeatureImpactGroup {
  groupId: string;
  label: string;
  /** Mean drop of out-of-fold balanced accuracy when the group is permuted inside each validation fold. */
  drop: number;
  /** Sample sd of the drop over repeats (0 with one repeat). */
  sd: number;
  /** drop / the largest drop (largest = 1); 0 when no group matters. */
  normalized: number;
}

export interface FeatureImpact {
  modelKey: string;
  modelName: string;
  /** Out-of-fold balanced accuracy of the refitted fold models before any permutation. */
  baseline: number;
  repeats: number;
  groups: FeatureImpactGroup[];
  seconds: number;
}
