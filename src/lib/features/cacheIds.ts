/**
 * Ids of cached feature vectors. A vector is reusable only for the same weights and the same way of turning
 * image bytes into network input, so both are part of the id: a different model folder under the same
 * network id, or a change to crop/resize/normalisation/fusion, starts a new cache entry instead of reading
 * stale vectors. Bump a version below whenever its code path changes what comes out.
 */

/** decode.ts + pixels.ts: centre square crop, high-quality resize, RGBA → float RGB in 0..255. */
export const IMAGE_PREP_VERSION = 1;
/** colour.ts: the weight-free colour/composition statistics on the decoded square. */
// 2: computed on the square's 2×2-averaged half-size copy (decode.ts coverColourFeatures).
export const COLOUR_FEATURES_VERSION = 2;
/** styleStats.ts + the spec's style layers: per-channel mean and std of each level, concatenated. */
// 2: mean and E[x²] by matMul instead of tf.moments (same statistics, other float rounding).
// 3: mean and E[x²] by a whole-map average pool instead of matMul (same statistics, other float rounding).
export const STYLE_FEATURES_VERSION = 3;

export interface EmbeddingPrep {
  inputSize: number;
  /** Pixel range the network sees after normalising 0..255. */
  inputRange: readonly [number, number];
  /** BatchNorm folded into the convolutions (fuseLayers.ts): equal up to float rounding, not bit for bit. */
  fused: boolean;
}

/** The preprocessing part of an embedding's cache id, e.g. 'img1-224-r-1,1-fused'. */
export function embeddingPrepId(p: EmbeddingPrep): string {
  return `img${IMAGE_PREP_VERSION}-${p.inputSize}-r${p.inputRange[0]},${p.inputRange[1]}-${p.fused ? 'fused' : 'unfused'}`;
}

/** Cache id of a network's embeddings: network id, weights fingerprint (first 16 hex digits) and preprocessing. */
export function embeddingCacheId(networkId: string, weightsFingerprint: string, prep: EmbeddingPrep): string {
  if (!/^[0-9a-f]{16,}$/.test(weightsFingerprint)) throw new Error(`${networkId}: no weights fingerprint`);
  return `${networkId}@${weightsFingerprint.slice(0, 16)}/${embeddingPrepId(prep)}`;
}

/** Suffix of a network featurizer's cache id for how its vectors were averaged ('' = the plain pass). */
export function variantSuffix(v: { flipAverage: boolean }): string {
  return v.flipAverage ? '+flipavg' : '';
}

/** Cache id of the colour features: their own version plus the image preprocessing they are computed on. */
export function colourCacheId(inputSize = 224): string {
  return `colour-v${COLOUR_FEATURES_VERSION}/img${IMAGE_PREP_VERSION}-${inputSize}`;
}

/** Something with a shape, a dtype and readable values: a tf.Tensor or a tf.Variable. */
export interface WeightLike {
  shape: readonly number[];
  dtype: string;
  data(): Promise<ArrayLike<number> | Uint8Array[] | string[]>;
}

/**
 * SHA-256 (hex) of the weights as loaded: every tensor's dtype, shape and values, in order. The same for
 * every source of the same weights (picked folder, IndexedDB copy, /models/), unlike a hash of files whose
 * JSON a save rewrites. Any changed value, shape or order changes it.
 */
export async function weightsFingerprint(weights: readonly WeightLike[]): Promise<string> {
  const parts: Uint8Array[] = [];
  const encoder = new TextEncoder();
  for (const w of weights) {
    parts.push(encoder.encode(`${w.dtype}[${w.shape.join(',')}];`));
    const values = await w.data();
    if (!ArrayBuffer.isView(values)) throw new Error(`Cannot fingerprint a ${w.dtype} weight.`);
    parts.push(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }
  const total = parts.reduce((s, p) => s + p.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    joined.set(p, offset);
    offset += p.byteLength;
  }
  const digest = await crypto.subtle.digest('SHA-256', joined);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
