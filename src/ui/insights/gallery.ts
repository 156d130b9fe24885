/** Filtering and paging of the insight covers (gallery, confusion covers): pure, so the counts are testable. */
export type Correctness = 'all' | 'correct' | 'incorrect';

export interface CoverFilter {
  /** Class name, or null for any. */
  actual: string | null;
  predicted: string | null;
  correctness: Correctness;
}

interface Classified {
  actual: string;
  predicted: string;
  correct: boolean;
}

export const NO_FILTER: CoverFilter = { actual: null, predicted: null, correctness: 'all' };

export function filterCovers<T extends Classified>(covers: readonly T[], filter: CoverFilter): T[] {
  return covers.filter(
    (c) =>
      (filter.actual === null || c.actual === filter.actual) &&
      (filter.predicted === null || c.predicted === filter.predicted) &&
      (filter.correctness === 'all' || c.correct === (filter.correctness === 'correct')),
  );
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** A page number kept inside [0, pageCount) so a narrower filter never shows an empty page past the end. */
export function clampPage(page: number, total: number, pageSize: number): number {
  return Math.min(Math.max(0, Math.floor(page)), pageCount(total, pageSize) - 1);
}

export function pageSlice<T>(items: readonly T[], page: number, pageSize: number): T[] {
  const p = clampPage(page, items.length, pageSize);
  return items.slice(p * pageSize, (p + 1) * pageSize);
}

/** Class probabilities, largest first, for the bars of the large view. */
export function rankedProbabilities(probabilities: readonly number[], classNames: readonly string[]): { className: string; classIndex: number; p: number }[] {
  return probabilities
    .map((p, classIndex) => ({ className: classNames[classIndex], classIndex, p }))
    .sort((a, b) => b.p - a.p || a.classIndex - b.classIndex);
}

/** Counts per (actual, predicted) class index; the same out-of-fold predictions as the leaderboard's matrix. */
export function confusionCounts(covers: readonly Classified[], classNames: readonly string[]): number[][] {
  const at = new Map(classNames.map((c, i) => [c, i]));
  const m = classNames.map(() => classNames.map(() => 0));
  for (const c of covers) {
    const a = at.get(c.actual);
    const p = at.get(c.predicted);
    if (a !== undefined && p !== undefined) m[a][p]++;
  }
  return m;
}
