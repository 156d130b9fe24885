import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { FeatureCache } from './featureCache';
import { embeddingCacheId } from '../features/cacheIds';
import { COLOUR_FEATURIZER_ID, conceptsFeaturizerId } from '../features/featurize';

describe('FeatureCache', () => {
  it('stores vectors per (featurizer, hash) and reads back only what exists', async () => {
    const cache = await FeatureCache.open('test-cache-1');
    await cache.putBatch('net-a', ['h1', 'h2'], new Float32Array([1, 2, 3, 4, 5, 6]), 3);
    await cache.putBatch('net-b', ['h1'], new Float32Array([9, 9]), 2);

    const a = await cache.getMany('net-a', ['h1', 'h2', 'h3']);
    expect([...a.keys()]).toEqual(['h1', 'h2']);
    expect(Array.from(a.get('h2')!)).toEqual([4, 5, 6]);
    // Another network's vector for the same image is a different entry.
    const b = await cache.getMany('net-b', ['h1', 'h2']);
    expect(Array.from(b.get('h1')!)).toEqual([9, 9]);
    expect(b.has('h2')).toBe(false);
    expect(await cache.count('net-a')).toBe(2);
    cache.close();
  });

  it('overwrites an existing entry rather than duplicating it', async () => {
    const cache = await FeatureCache.open('test-cache-2');
    await cache.putBatch('n', ['h'], new Float32Array([1]), 1);
    await cache.putBatch('n', ['h'], new Float32Array([2]), 1);
    expect(await cache.count('n')).toBe(1);
    expect(Array.from((await cache.getMany('n', ['h'])).get('h')!)).toEqual([2]);
    cache.close();
  });

  it('never serves vectors of other weights or another preprocessing under the same network id', async () => {
    const cache = await FeatureCache.open('test-cache-3');
    const prep = { inputSize: 224, inputRange: [-1, 1] as [number, number], fused: true };
    const original = embeddingCacheId('net', '1'.repeat(64), prep);
    await cache.putBatch(original, ['h'], new Float32Array([1, 2]), 2);
    const otherFolder = embeddingCacheId('net', '2'.repeat(64), prep);
    const unfused = embeddingCacheId('net', '1'.repeat(64), { ...prep, fused: false });
    expect((await cache.getMany(otherFolder, ['h'])).size).toBe(0);
    expect((await cache.getMany(unfused, ['h'])).size).toBe(0);
    expect((await cache.getMany(original, ['h'])).size).toBe(1);
    cache.close();
  });

  it('clear() empties every featurizer id: embeddings, concepts and colour', async () => {
    const cache = await FeatureCache.open('test-cache-4');
    const ids = [embeddingCacheId('net', '1'.repeat(64), { inputSize: 224, inputRange: [0, 1], fused: false }), COLOUR_FEATURIZER_ID];
    ids.push(conceptsFeaturizerId(ids[0]));
    for (const id of ids) await cache.putBatch(id, ['h'], new Float32Array([1]), 1);
    await cache.clear();
    for (const id of ids) expect(await cache.count(id)).toBe(0);
    cache.close();
  });
});
