/** The predictions download: formula-safe text cells, probabilities that add up to 1 as printed, a final newline. */
import { csvFormat } from 'd3-dsv';
import { neutraliseCell } from './insights/csv';
import type { PredictionResult } from '../worker/protocol';

/**
 * Rounds probabilities to `digits` decimals so the printed values sum to exactly 1 (largest remainder: the
 * units lost to rounding go to the values that lost the most).
 */
export function roundToSum(ps: readonly number[], digits: number): string[] {
  const scale = 10 ** digits;
  const total = ps.reduce((a, b) => a + b, 0) || 1;
  const exact = ps.map((p) => (p / total) * scale);
  const floors = exact.map(Math.floor);
  let missing = scale - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, rest: e - floors[i] })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (missing <= 0) break;
    floors[i]++;
    missing--;
  }
  return floors.map((u) => (u / scale).toFixed(digits));
}

export function predictionsCsv(r: PredictionResult, digits = 4): string {
  // Column names come from the user's CSV too: neutralised like the cells.
  const trackHeaders = r.trackColumns.map(neutraliseCell);
  const columns = ['cover', ...trackHeaders, 'predicted', ...r.classNames.map((c) => `p_${c}`)];
  const rows = r.predictions.map((p): Record<string, string> => {
    const probs = roundToSum(p.probabilities, digits);
    return {
      cover: neutraliseCell(p.file),
      ...Object.fromEntries(r.trackColumns.map((c, i) => [trackHeaders[i], neutraliseCell(p.track?.[c] ?? '')])),
      predicted: neutraliseCell(p.predicted),
      ...Object.fromEntries(r.classNames.map((c, i) => [`p_${c}`, probs[i]])),
    };
  });
  return csvFormat(rows, columns) + '\n'; // 'p_' prefixes every class name, so those headers are safe
}
