/** Embedding-map geometry: data → base screen positions, and a quadtree hit test under pan/zoom. */
import { quadtree, type Quadtree } from 'd3';

export interface View {
  x: number;
  y: number;
  k: number;
}

/**
 * Fits n × 2 coordinates into a width × height box (CSS px) with `pad` margin, same scale on both axes
 * (a UMAP's distances mean the same in x and y), y pointing up. Returns n × 2 positions at zoom 1.
 */
export function fitPositions(coords: Float32Array, n: number, width: number, height: number, pad: number): Float32Array {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    x0 = Math.min(x0, coords[2 * i]); x1 = Math.max(x1, coords[2 * i]);
    y0 = Math.min(y0, coords[2 * i + 1]); y1 = Math.max(y1, coords[2 * i + 1]);
  }
  const spanX = x1 - x0 || 1;
  const spanY = y1 - y0 || 1;
  const scale = Math.min((width - 2 * pad) / spanX, (height - 2 * pad) / spanY);
  const offX = (width - scale * spanX) / 2;
  const offY = (height - scale * spanY) / 2;
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = offX + (coords[2 * i] - x0) * scale;
    out[2 * i + 1] = height - offY - (coords[2 * i + 1] - y0) * scale;
  }
  return out;
}

/** A quadtree of the drawn points (indices into `positions`), in zoom-1 space. */
export function pointIndex(positions: Float32Array, indices: readonly number[]): Quadtree<number> {
  return quadtree<number>()
    .x((i) => positions[2 * i])
    .y((i) => positions[2 * i + 1])
    .addAll(indices as number[]);
}

/** The point nearest the screen point (sx, sy) within radiusPx screen pixels under view `v`, or null. */
export function hitTest(tree: Quadtree<number>, v: View, sx: number, sy: number, radiusPx: number): number | null {
  return tree.find((sx - v.x) / v.k, (sy - v.y) / v.k, radiusPx / v.k) ?? null;
}

/** Point edge in screen px: grows slower than the zoom so a zoomed-in map spreads covers apart. */
export function pointSize(base: number, k: number): number {
  return Math.min(96, base * Math.sqrt(k));
}

/** The drawn point nearest (x, y) in the direction of an arrow key, for keyboard selection. */
export function neighbourInDirection(positions: Float32Array, indices: readonly number[], from: number, dx: number, dy: number): number | null {
  const fx = positions[2 * from];
  const fy = positions[2 * from + 1];
  let best: number | null = null;
  let bestScore = Infinity;
  for (const i of indices) {
    if (i === from) continue;
    const ex = positions[2 * i] - fx;
    const ey = positions[2 * i + 1] - fy;
    const along = ex * dx + ey * dy;
    if (along <= 0) continue;
    const across = Math.abs(ex * dy - ey * dx);
    const score = along + 2 * across; // prefer points straight ahead
    if (score < bestScore) [best, bestScore] = [i, score];
  }
  return best;
}
