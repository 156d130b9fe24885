import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { FeatureCache } from '../store/featureCache';
import { COLOUR_FEATURIZER_ID } from './featurize';
import { COLOUR_FEATURE_SIZE } from './colour';
import { fillColourFeatures } from './colourFill';

const vec = (v: number) => new Float32Array(COLOUR_FEATURE_SIZE).fill(v);
const item = (hash: string) => ({ hash, blob: new Blob([hash]) });

describe('fillColourFeatures', () => {
  it('uses vectors in hand, then the cache, and decodes nothing when every cover is covered', async () => {
    const cache = await FeatureCache.open('colour-fill-1');
    await cache.putBatch(COLOUR_FEATURIZER_ID, ['cached'], vec(2), COLOUR_FEATURE_SIZE);
    const out = await fillColourFeatures([item('known'), item('cached'), item('known')], { cache, known: new Map([['known', vec(1)]]) });
    expect(out.computed).toBe(0);
    expect(out.fromCache).toBe(1);
    expect(out.failed).toEqual([]);
    expect(out.colour.get('known')![0]).toBe(1);
    expect(out.colour.get('cached')![0]).toBe(2);
    cache.close();
  });

  it('stops before decoding when cancelled, and says so', async () => {
    const cache = await FeatureCache.open('colour-fill-2');
    const abort = new AbortController();
    abort.abort();
    const out = await fillColourFeatures([item('a'), item('b')], { cache, signal: abort.signal });
    expect(out.cancelled).toBe(true);
    expect(out.computed).toBe(0);
    expect(out.colour.size).toBe(0);
    cache.close();
  });
});
