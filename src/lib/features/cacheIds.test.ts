import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { colourCacheId, embeddingCacheId, embeddingPrepId, weightsFingerprint, IMAGE_PREP_VERSION } from './cacheIds';
import { COLOUR_FEATURIZER_ID, conceptsFeaturizerId } from './featurize';

const FP_A = 'a'.repeat(64);
const FP_B = `${'a'.repeat(15)}b${'a'.repeat(48)}`;
const PREP = { inputSize: 224, inputRange: [-1, 1] as [number, number], fused: true };

describe('embedding cache id', () => {
  it('names the network, the first 16 hex digits of the weights fingerprint and the preprocessing', () => {
    expect(embeddingCacheId('net', FP_A, PREP)).toBe(`net@aaaaaaaaaaaaaaaa/img${IMAGE_PREP_VERSION}-224-r-1,1-fused`);
  });

  it('changes when the weights change under the same network id', () => {
    expect(embeddingCacheId('net', FP_B, PREP)).not.toBe(embeddingCacheId('net', FP_A, PREP));
  });

  it('changes when normalisation or fusion changes', () => {
    const base = embeddingCacheId('net', FP_A, PREP);
    expect(embeddingCacheId('net', FP_A, { ...PREP, inputRange: [0, 1] })).not.toBe(base);
    expect(embeddingCacheId('net', FP_A, { ...PREP, fused: false })).not.toBe(base);
    expect(embeddingPrepId({ ...PREP, fused: false })).toBe(`img${IMAGE_PREP_VERSION}-224-r-1,1-unfused`);
  });

  it('refuses to build an id without a fingerprint (a stale-prone id)', () => {
    expect(() => embeddingCacheId('net', '', PREP)).toThrow(/fingerprint/);
  });

  it('concept ids follow the embedding id, colour ids carry their own version and the image preprocessing', () => {
    expect(conceptsFeaturizerId(embeddingCacheId('net', FP_A, PREP))).not.toBe(conceptsFeaturizerId(embeddingCacheId('net', FP_B, PREP)));
    expect(COLOUR_FEATURIZER_ID).toBe(colourCacheId());
    expect(COLOUR_FEATURIZER_ID).toBe(`colour-v2/img${IMAGE_PREP_VERSION}-224`);
  });
});

describe('weightsFingerprint', () => {
  const tensors = (values: number[][], shapes: number[][]) => values.map((v, i) => tf.tensor(v, shapes[i]));

  it('is a SHA-256 of dtype, shape and values: equal weights agree, any change differs', async () => {
    const a = tensors([[1, 2, 3, 4], [5]], [[2, 2], [1]]);
    const same = tensors([[1, 2, 3, 4], [5]], [[2, 2], [1]]);
    const oneValue = tensors([[1, 2, 3, 4.0001], [5]], [[2, 2], [1]]);
    const reshaped = tensors([[1, 2, 3, 4], [5]], [[4], [1]]);
    const reordered = [a[1], a[0]];
    const fp = await weightsFingerprint(a);
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
    expect(await weightsFingerprint(same)).toBe(fp);
    for (const other of [oneValue, reshaped, reordered]) expect(await weightsFingerprint(other)).not.toBe(fp);
    [...a, ...same, ...oneValue, ...reshaped].forEach((t) => t.dispose());
  });
});
