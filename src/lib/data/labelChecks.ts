/**
 * Can these labels be cross-validated, and how: a class needs at least two rows (one to learn from, one to test
 * on), training needs at least two such classes, and stratified K-fold needs every class in every fold, so a
 * class with fewer rows than folds lowers the number of folds (never below 2).
 */

export interface CvPlan {
  /** Folds to use: the requested number, or fewer when a kept class has fewer rows. */
  folds: number;
  requestedFolds: number;
  /** Classes with a single row: left out of training (they could never be both trained on and tested). */
  excludedClasses: { label: string; count: number }[];
  /** At least two classes remain. */
  trainable: boolean;
  /** What the plan changed or why training cannot run, one sentence each, for the report and the Models step. */
  notices: string[];
}

export const MIN_ROWS_PER_CLASS = 2;

export function planCv(classCounts: readonly { label: string; count: number }[], requestedFolds: number): CvPlan {
  const excludedClasses = classCounts.filter((c) => c.count < MIN_ROWS_PER_CLASS);
  const kept = classCounts.filter((c) => c.count >= MIN_ROWS_PER_CLASS);
  const notices: string[] = [];
  for (const c of excludedClasses) {
    notices.push(`"${c.label}" has only ${c.count} row, so it is left out of training (a genre needs at least ${MIN_ROWS_PER_CLASS}: one to learn from, one to test on). Add covers of it or relabel the row.`);
  }
  if (kept.length < 2) {
    const found = kept.length === 0 ? 'no genre has' : `only "${kept[0].label}" has`;
    notices.push(`Training needs at least two genres with ${MIN_ROWS_PER_CLASS} or more usable rows each; ${found}. Add covers of another genre.`);
    return { folds: requestedFolds, requestedFolds, excludedClasses, trainable: false, notices };
  }
  const smallest = kept.reduce((a, b) => (b.count < a.count ? b : a));
  const folds = Math.max(2, Math.min(requestedFolds, smallest.count));
  if (folds < requestedFolds) {
    notices.push(`"${smallest.label}" has only ${smallest.count} rows, fewer than the ${requestedFolds} CV folds: cross-validation uses ${folds} folds so that every fold tests every genre. Add covers to use ${requestedFolds}.`);
  }
  return { folds, requestedFolds, excludedClasses, trainable: true, notices };
}

/** `planCv` from the labels of the rows that will be trained on (class counts in code-point order). */
export function planCvForLabels(labels: readonly string[], requestedFolds: number): CvPlan {
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  const classCounts = [...counts].map(([label, count]) => ({ label, count })).sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  return planCv(classCounts, requestedFolds);
}

/**
 * The rows without those of genres that have a single row (planCv leaves them out of training), when at least two
 * genres remain; otherwise all rows, since training cannot run either way and says why (planCv's notice).
 */
export function withoutSingleRowGenres<T extends { target: string }>(rows: T[]): T[] {
  const plan = planCvForLabels(rows.map((r) => r.target), 2);
  if (plan.excludedClasses.length === 0 || !plan.trainable) return rows;
  const single = new Set(plan.excludedClasses.map((c) => c.label));
  return rows.filter((r) => !single.has(r.target));
}
