/** Geometry of the thumbnail sprite sheet the embedding map draws from. Pure. */

/** Longest atlas side in pixels: 4096² RGBA is 64 MB, and every browser accepts canvases that large. */
export const MAX_ATLAS_SIDE = 4096;

export interface AtlasLayout {
  columns: number;
  rows: number;
  /** Cell edge in pixels: the requested one, shrunk when the sheet would exceed MAX_ATLAS_SIDE. */
  cell: number;
}

/** A near-square grid for `count` covers, row-major. */
export function atlasLayout(count: number, cell: number, maxSide = MAX_ATLAS_SIDE): AtlasLayout {
  const columns = Math.max(1, Math.ceil(Math.sqrt(count)));
  const rows = Math.max(1, Math.ceil(count / columns));
  const fitted = Math.max(1, Math.min(Math.round(cell), Math.floor(maxSide / columns)));
  return { columns, rows, cell: fitted };
}

/** Top-left pixel of cover `index`'s cell. */
export function atlasCell(layout: Pick<AtlasLayout, 'columns' | 'cell'>, index: number): { x: number; y: number } {
  return { x: (index % layout.columns) * layout.cell, y: Math.floor(index / layout.columns) * layout.cell };
}
