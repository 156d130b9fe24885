/** A dense row-major matrix of features for one feature group (e.g. the cover embedding). */
export interface FeatureMatrix {
  rows: number;
  cols: number;
  data: Float32Array;
}

/** Names of feature groups a blueprint can ask for. Text and categorical groups carry the column name. */
export type FeatureGroupId = string; // 'cover' | 'colour' | `text:${column}` | `cat:${column}` | `num:${column}`
