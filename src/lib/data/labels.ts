/**
 * Labels that differ only by case or spacing ("Rock", "rock ", "hip  hop" / "Hip Hop") are almost
 * always one genre typed twice. They are reported; merging them is the user's choice (a mapping option).
 */

export interface LabelVariants {
  /** The spelling every variant becomes when merged: the most used one (ties: code-point order). */
  canonical: string;
  /** Each spelling with its number of rows, sorted by code point. */
  variants: { label: string; count: number }[];
}

/** The comparison key: NFC, whitespace runs collapsed, trimmed, lower case. */
export function labelKey(label: string): string {
  return label.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Groups of two or more spellings sharing a key, ordered by canonical label. `labels` has one entry per row. */
export function findLabelVariants(labels: string[]): LabelVariants[] {
  const byKey = new Map<string, Map<string, number>>();
  for (const label of labels) {
    const key = labelKey(label);
    const counts = byKey.get(key) ?? new Map<string, number>();
    counts.set(label, (counts.get(label) ?? 0) + 1);
    byKey.set(key, counts);
  }
  const out: LabelVariants[] = [];
  for (const counts of byKey.values()) {
    if (counts.size < 2) continue;
    const variants = [...counts].map(([label, count]) => ({ label, count })).sort((a, b) => byCodePoint(a.label, b.label));
    const canonical = variants.reduce((best, v) => (v.count > best.count ? v : best)).label;
    out.push({ canonical, variants });
  }
  return out.sort((a, b) => byCodePoint(a.canonical, b.canonical));
}

/** Variant spelling → canonical spelling, for every label that is not already canonical. */
export function labelMergeMap(groups: LabelVariants[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const g of groups) for (const v of g.variants) if (v.label !== g.canonical) map.set(v.label, g.canonical);
  return map;
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
