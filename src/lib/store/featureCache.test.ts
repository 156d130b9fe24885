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

  it('reads a large request in one pass over the featurizer, with the same answer as one get per hash', async () => {
    const cache = await FeatureCache.open('test-cache-bulk');
    const hashes = Array.from({ length: 150 }, (_, i) => `h${String(i).padStart(3, '0')}`);
    await cache.putBatch('net', hashes, Float32Array.from({ length: 300 }, (_, i) => i), 2);
    await cache.putBatch('net-other', hashes.slice(0, 10), new Float32Array(20).fill(-1), 2); // never served for 'net'
    await cache.putBatch('ne', ['h000'], Float32Array.of(-2, -2), 2); // a featurizer id that is a prefix of another
    // 100 of 150 stored: at least half, so one getAll; plus two hashes that are not stored.
    const wanted = [...hashes.slice(50).reverse(), 'missing-1', 'missing-2'];
    const bulk = await cache.getMany('net', wanted);
    expect(bulk.size).toBe(100);
    expect(Array.from(bulk.get('h149')!)).toEqual([298, 299]);
    expect(Array.from(bulk.get('h050')!)).toEqual([100, 101]);
    // 70 of 150: fewer than half, so one get each; both paths agree on every vector.
    const some = await cache.getMany('net', hashes.slice(0, 70));
    expect(some.size).toBe(70);
    expect(Array.from(some.get('h000')!)).toEqual([0, 1]);
    for (const h of hashes.slice(50, 70)) expect(Array.from(some.get(h)!)).toEqual(Array.from(bulk.get(h)!));
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

describe('FeatureCache without usable IndexedDB', () => {
  it('keeps vectors in memory when a write fails with QuotaExceededError, and says so', async () => {
    const cache = await FeatureCache.open('test-cache-quota');
    await cache.putBatch('n', ['stored'], new Float32Array([7, 8]), 2);
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    try {
      await cache.putBatch('n', ['h1', 'h2'], new Float32Array([1, 2, 3, 4]), 2);
    } finally {
      IDBObjectStore.prototype.put = put;
    }
    expect(cache.problem?.kind).toBe('quota');
    expect(cache.problem?.message).toMatch(/memory only: this browser has no storage space left/);
    const read = await cache.getMany('n', ['stored', 'h1', 'h2', 'absent']);
    expect([...read.keys()]).toEqual(['stored', 'h1', 'h2']);
    expect(Array.from(read.get('h2')!)).toEqual([3, 4]);
    expect(Array.from(read.get('stored')!)).toEqual([7, 8]);
    // Clearing frees space: writes go to IndexedDB again.
    await cache.clear();
    expect(cache.problem).toBeNull();
    await cache.putBatch('n', ['h3'], new Float32Array([5, 6]), 2);
    expect(await cache.count('n')).toBe(1);
    cache.close();
  });

  it('works in memory when IndexedDB does not exist at all', async () => {
    const idb = globalThis.indexedDB;
    // @ts-expect-error simulating a browser without IndexedDB
    delete globalThis.indexedDB;
    try {
      const cache = await FeatureCache.open('test-cache-none');
      expect(cache.problem?.kind).toBe('unavailable');
      await cache.putBatch('n', ['a', 'b'], new Float32Array([1, 2]), 1);
      expect(Array.from((await cache.getMany('n', ['b'])).get('b')!)).toEqual([2]);
      expect(await cache.count('n')).toBe(2);
      await cache.clear();
      expect((await cache.getMany('n', ['a'])).size).toBe(0);
    } finally {
      globalThis.indexedDB = idb;
    }
  });
});

describe('FeatureCache.successor', () => {
  it('hands the store to a new handle; the old one can no longer write', async () => {
    const old = await FeatureCache.open('test-cache-successor');
    await old.putBatch('n', ['a'], new Float32Array([1]), 1);
    const next = old.successor('the run was abandoned');
    await expect(old.putBatch('n', ['b'], new Float32Array([9]), 1)).rejects.toThrow('Not cached: the run was abandoned');
    await next.putBatch('n', ['c'], new Float32Array([3]), 1);
    expect([...(await next.getMany('n', ['a', 'b', 'c'])).keys()]).toEqual(['a', 'c']);
    expect((await old.getMany('n', ['c'])).size).toBe(1); // reading stays possible
    next.close();
  });
});
