/**
 * Bilinear resize of a small map (e.g. a 7 × 7 Grad-CAM) for drawing. Kept free of tfjs so the UI thread can
 * import it without pulling tfjs-core into the page bundle. gradcam.ts re-exports it. Half-pixel centres, as canvas drawImage and tf.image.resizeBilinear with
 * halfPixelCenters; output (y, x) samples the source at ((y + ½)·h/outH − ½, (x + ½)·w/outW − ½), clamped.
 */
export function upsampleBilinear(map: ArrayLike<number>, h: number, w: number, outH: number, outW: number): Float32Array {
  const out = new Float32Array(outH * outW);
  const axis = (i: number, src: number, dst: number): [number, number, number] => {
    const s = Math.min(Math.max((i + 0.5) * (src / dst) - 0.5, 0), src - 1);
    const lo = Math.floor(s);
    return [lo, Math.min(lo + 1, src - 1), s - lo];
  };
  for (let y = 0; y < outH; y++) {
    const [y0, y1, fy] = axis(y, h, outH);
    for (let x = 0; x < outW; x++) {
      const [x0, x1, fx] = axis(x, w, outW);
      const top = map[y0 * w + x0] * (1 - fx) + map[y0 * w + x1] * fx;
      const bottom = map[y1 * w + x0] * (1 - fx) + map[y1 * w + x1] * fx;
      out[y * outW + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}
