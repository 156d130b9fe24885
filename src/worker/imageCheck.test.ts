import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FeatureCache } from '../lib/store/featureCache';
import { checkImages, DECODED_SIZE_CACHE_ID } from './imageCheck';
import { sha256Hex } from './hash';

/** PNG signature + IHDR saying width × height, then `tag` bytes so each file hashes differently. */
function pngHeader(width: number, height: number, tag: number): Uint8Array {
  const b = new Uint8Array(64);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(b.buffer).setUint32(16, width);
  new DataView(b.buffer).setUint32(20, height);
  b[40] = tag;
  return b;
}

const file = (name: string, bytes: Uint8Array) => new File([bytes as BlobPart], name);

/** Node has no decoder: a fake createImageBitmap that "decodes" any PNG header at its stated size, and counts calls. */
function fakeDecoder() {
  const decode = vi.fn(async (blob: Blob) => {
    const view = new DataView(await blob.slice(0, 24).arrayBuffer());
    return { width: view.getUint32(16), height: view.getUint32(20), close() {} };
  });
  vi.stubGlobal('createImageBitmap', decode);
  return decode;
}

afterEach(() => vi.unstubAllGlobals());

describe('checkImages', () => {
  it('decodes a cover once: a re-import with the same bytes reads its size from the cache', async () => {
    const cache = await FeatureCache.open('image-check-1');
    const decode = fakeDecoder();
    const files = new Map([
      ['a.png', file('a.png', pngHeader(300, 200, 1))],
      ['b.png', file('b.png', pngHeader(640, 640, 2))],
      ['notes.png', file('notes.png', new TextEncoder().encode('just some text, not an image'))],
    ]);
    const ticks: number[] = [];
    const first = await checkImages(files, cache, new AbortController().signal, (d) => ticks.push(d));
    expect(first.get('a.png')).toEqual({ hash: await sha256Hex(await files.get('a.png')!.arrayBuffer()), decodable: true, width: 300, height: 200 });
    expect(first.get('b.png')).toMatchObject({ decodable: true, width: 640, height: 640 });
    expect(first.get('notes.png')).toMatchObject({ decodable: false });
    expect(decode).toHaveBeenCalledTimes(2); // the text file fails on its header, before any decode
    expect(ticks.at(-1)).toBe(3);
    expect(await cache.count(DECODED_SIZE_CACHE_ID)).toBe(2); // failures are not remembered

    decode.mockClear();
    const again = await checkImages(files, cache, new AbortController().signal, () => {});
    expect(decode).not.toHaveBeenCalled();
    expect(again).toEqual(first);
    cache.close();
  });

  it('decodes only the covers it has not seen', async () => {
    const cache = await FeatureCache.open('image-check-2');
    const decode = fakeDecoder();
    const seen = file('seen.png', pngHeader(10, 20, 3));
    await cache.putBatch(DECODED_SIZE_CACHE_ID, [await sha256Hex(await seen.arrayBuffer())], Float32Array.of(10, 20), 2);
    const out = await checkImages(new Map([['seen.png', seen], ['new.png', file('new.png', pngHeader(30, 40, 4))]]), cache, new AbortController().signal, () => {});
    expect(decode).toHaveBeenCalledTimes(1);
    expect(out.get('seen.png')).toMatchObject({ decodable: true, width: 10, height: 20 });
    expect(out.get('new.png')).toMatchObject({ decodable: true, width: 30, height: 40 });
    cache.close();
  });

  it('hashes each file on its own bytes when many are read as one chunk', async () => {
    const cache = await FeatureCache.open('image-check-3');
    fakeDecoder();
    // 300 covers: three read chunks (at most 128 files each), of different sizes so every boundary is exercised.
    const files = new Map(Array.from({ length: 300 }, (_, i) => [`c${i}.png`, file(`c${i}.png`, pngHeader(8 + i, 8, i % 251).slice(0, 40 + (i % 17)))] as const));
    const out = await checkImages(files, cache, new AbortController().signal, () => {});
    for (const [path, f] of files) expect(out.get(path)!.hash).toBe(await sha256Hex(await f.arrayBuffer()));
    expect(new Set([...out.values()].map((i) => i.hash)).size).toBe(300);
    cache.close();
  });
});
