/** Word-cloud sizing: font size ∝ √count, and a canvas big enough that every term can be placed. */

/** Font sizes in px: √count mapped linearly from the least to the most frequent term onto [minPx, maxPx]. */
export function fontSizes(counts: readonly number[], minPx: number, maxPx: number): number[] {
  if (counts.length === 0) return [];
  const roots = counts.map((c) => Math.sqrt(Math.max(0, c)));
  const lo = Math.min(...roots);
  const hi = Math.max(...roots);
  if (hi === lo) return counts.map(() => maxPx);
  return roots.map((r) => minPx + ((r - lo) / (hi - lo)) * (maxPx - minPx));
}

/**
 * A layout box whose area is a few times the words' own area (text ≈ 0.6 em wide per glyph), so d3-cloud's
 * spiral rarely runs out of room. `aspect` = width / height.
 */
export function cloudBox(words: readonly { text: string; size: number }[], aspect: number, minWidth: number): { width: number; height: number } {
  const area = words.reduce((sum, w) => sum + w.size * w.size * (0.6 * w.text.length + 0.4), 0);
  const needed = Math.max(area * 3.5, minWidth * (minWidth / aspect));
  const width = Math.ceil(Math.sqrt(needed * aspect));
  const widest = Math.max(0, ...words.map((w) => w.size * 0.6 * w.text.length + 8));
  return { width: Math.max(width, Math.ceil(widest)), height: Math.ceil(width / aspect) };
}
