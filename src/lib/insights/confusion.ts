/**
 * The numbers a confusion-matrix view shows, computed from a square count matrix.
 * Rows are the actual class, columns the predicted class.
 *
 * Division by zero gives 0 everywhere (sklearn's zero_division=0): precision of a class never predicted,
 * recall of a class with no examples, the row share of an empty row. An empty row therefore stays all zeros
 * when row-normalized instead of becoming NaN, which a colour scale or a table could not show.
 */

export interface ConfusionCell {
  actual: number;
  predicted: number;
  count: number;
  /** count / row total (share of the actual class); 0 for an empty row. */
  ofActual: number;
  /** count / grand total; 0 when the matrix is empty. */
  ofTotal: number;
  /** On the diagonal: the prediction was right. */
  correct: boolean;
}

export interface ClassScore {
  className: string;
  /** Diagonal count / column total; 0 when the class is never predicted. */
  precision: number;
  /** Diagonal count / row total; 0 when the class has no examples. */
  recall: number;
  /** Examples whose actual class this is (the row total). */
  support: number;
  /** How often the model predicted this class (the column total). */
  predictedCount: number;
}

export interface ConfusionSummary {
  classNames: string[];
  counts: number[][];
  total: number;
  /** Sum of the diagonal. */
  correct: number;
  /** correct / total; 0 when the matrix is empty. */
  accuracy: number;
  maxCount: number;
  rowTotals: number[];
  columnTotals: number[];
  /** Each row divided by its total, so it sums to 1; an all-zero row stays zeros. */
  rowNormalized: number[][];
  /** Row-major: cells[actual * k + predicted]. */
  cells: ConfusionCell[];
  perClass: ClassScore[];
}

const safeDivide = (numerator: number, denominator: number): number => (denominator === 0 ? 0 : numerator / denominator);

/** Why the input cannot be drawn, or null when it is a valid k×k matrix of non-negative finite counts. */
export function matrixProblem(classNames: string[], matrix: number[][]): string | null {
  const k = classNames.length;
  if (k === 0) return 'There are no classes to show.';
  if (new Set(classNames).size !== k) return 'Class names must be unique.';
  if (matrix.length !== k) return `Expected ${k} rows (one per class), got ${matrix.length}.`;
  for (let r = 0; r < k; r++) {
    const row = matrix[r];
    if (row.length !== k) return `Row ${classNames[r]} has ${row.length} columns, expected ${k}.`;
    for (let c = 0; c < k; c++) {
      const v = row[c];
      if (!Number.isFinite(v) || v < 0) return `Count for ${classNames[r]} → ${classNames[c]} is ${v}; counts must be non-negative numbers.`;
    }
  }
  return null;
}

/** Divides each row by its total; an all-zero row stays zeros. Does not modify the input. */
export function rowNormalize(matrix: number[][]): number[][] {
  return matrix.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((v) => safeDivide(v, total));
  });
}

/** Radius whose circle area is proportional to count: the largest count gets maxRadius. */
export function bubbleRadius(count: number, maxCount: number, maxRadius: number): number {
  if (maxCount <= 0 || count <= 0) return 0;
  return maxRadius * Math.sqrt(count / maxCount);
}

/** bubbleRadius for every cell, scaled to the largest count in the matrix. */
export function bubbleRadii(matrix: number[][], maxRadius: number): number[][] {
  const maxCount = Math.max(0, ...matrix.flat());
  return matrix.map((row) => row.map((v) => bubbleRadius(v, maxCount, maxRadius)));
}

/** Throws a RangeError with matrixProblem's message when the input is not a valid matrix. */
export function summarizeConfusion(classNames: string[], matrix: number[][]): ConfusionSummary {
  const problem = matrixProblem(classNames, matrix);
  if (problem) throw new RangeError(problem);
  const k = classNames.length;
  const counts = matrix.map((row) => row.slice());
  const rowTotals = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = classNames.map((_, c) => counts.reduce((a, row) => a + row[c], 0));
  const total = rowTotals.reduce((a, b) => a + b, 0);
  const correct = counts.reduce((a, row, r) => a + row[r], 0);
  const rowNormalized = rowNormalize(counts);

  const cells: ConfusionCell[] = [];
  for (let actual = 0; actual < k; actual++) {
    for (let predicted = 0; predicted < k; predicted++) {
      const count = counts[actual][predicted];
      cells.push({
        actual,
        predicted,
        count,
        ofActual: rowNormalized[actual][predicted],
        ofTotal: safeDivide(count, total),
        correct: actual === predicted,
      });
    }
  }

  const perClass = classNames.map((className, c) => ({
    className,
    precision: safeDivide(counts[c][c], columnTotals[c]),
    recall: safeDivide(counts[c][c], rowTotals[c]),
    support: rowTotals[c],
    predictedCount: columnTotals[c],
  }));

  return {
    classNames: classNames.slice(),
    counts,
    total,
    correct,
    accuracy: safeDivide(correct, total),
    maxCount: Math.max(0, ...counts.flat()),
    rowTotals,
    columnTotals,
    rowNormalized,
    cells,
    perClass,
  };
}

/** 0.24 → "24.0 %" (one decimal, the style used throughout the view). */
export function formatPercent(fraction: number, digits = 1): string {
  return `${(100 * fraction).toFixed(digits)} %`;
}

export function formatCount(count: number): string {
  return count.toLocaleString('en');
}

/** e.g. "Actual rock → predicted pop: 12 (24.0 % of rock, 4.3 % of all)". */
export function cellTooltip(summary: ConfusionSummary, actual: number, predicted: number): string {
  const k = summary.classNames.length;
  const { count, ofActual, ofTotal } = summary.cells[actual * k + predicted];
  const actualName = summary.classNames[actual];
  const predictedName = summary.classNames[predicted];
  // "0.0 % of metal" would suggest metal examples exist; say plainly that there are none.
  const rowShare = summary.rowTotals[actual] === 0 ? `no actual ${actualName}` : `${formatPercent(ofActual)} of ${actualName}`;
  return `Actual ${actualName} → predicted ${predictedName}: ${formatCount(count)} (${rowShare}, ${formatPercent(ofTotal)} of all)`;
}

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** WCAG relative luminance of an sRGB colour with 0–255 channels. */
export function relativeLuminance({ r, g, b }: Rgb): number {
  const linear = (channel: number) => {
    const s = channel / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** The text colour pair used on heatmap cells; the dark one matches the light theme's --text. */
export const CELL_TEXT = { dark: '#1d2230', light: '#ffffff' } as const;

/** Which of CELL_TEXT has the higher WCAG contrast ratio on the given fill. */
export function readableTextOn(fill: Rgb): keyof typeof CELL_TEXT {
  const fillLuminance = relativeLuminance(fill);
  const darkLuminance = relativeLuminance({ r: 0x1d, g: 0x22, b: 0x30 });
  const contrastWithDark = (fillLuminance + 0.05) / (darkLuminance + 0.05);
  const contrastWithLight = 1.05 / (fillLuminance + 0.05);
  return contrastWithDark >= contrastWithLight ? 'dark' : 'light';
}
