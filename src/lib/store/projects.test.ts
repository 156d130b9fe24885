import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProjectStore, StorageError, storageError } from './projects';
import { sampleDoc } from './sampleProject.fixture';

afterEach(() => vi.restoreAllMocks());

describe('ProjectStore', () => {
  it('saves, lists newest first, reloads the document and deletes everything of a project', async () => {
    const store = await ProjectStore.open('projects-test-1');
    await store.save(sampleDoc('a', 100));
    await store.save(sampleDoc('b', 200));
    await store.putImages('a', [{ hash: 'aa', crop: Uint8Array.of(1), thumb: Uint8Array.of(2) }]);
    expect((await store.list()).map((h) => h.id)).toEqual(['b', 'a']);
    const doc = await store.load('a');
    expect(doc?.training?.leaderboard.entries[1].oof).toEqual(sampleDoc().training!.leaderboard.entries[1].oof);
    expect([...(await store.imageHashes('a'))]).toEqual(['aa']);
    await store.delete('a');
    expect((await store.list()).map((h) => h.id)).toEqual(['b']);
    expect(await store.load('a')).toBeNull();
    expect((await store.imageHashes('a')).size).toBe(0);
    store.close();
  });

  it('replaces a project by a new version and drops the old one', async () => {
    const store = await ProjectStore.open('projects-test-2');
    const first = await store.save(sampleDoc('a', 100));
    const second = await store.save({ ...sampleDoc('a', 300), step: 'predict' });
    expect(second.versionKey).not.toBe(first.versionKey);
    expect((await store.load('a'))?.step).toBe('predict');
    expect(await store.list()).toHaveLength(1);
    store.close();
  });

  it('a save that runs out of quota leaves the saved version untouched', async () => {
    const store = await ProjectStore.open('projects-test-3');
    await store.save(sampleDoc('a', 100));
    // The browser refuses the new version's write, as it does when the origin's quota is used up.
    // Only the (large) document write fails; the small header write would go through if it came first.
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'versions') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    });
    const failed = store.save({ ...sampleDoc('a', 500), step: 'predict' });
    await expect(failed).rejects.toBeInstanceOf(StorageError);
    await expect(failed).rejects.toMatchObject({ kind: 'quota' });
    vi.restoreAllMocks();
    const kept = await store.load('a');
    expect(kept?.step).toBe('models');
    expect(kept?.updatedAt).toBe(100);
    expect((await store.list())[0].updatedAt).toBe(100);
    store.close();
  });

  it('without IndexedDB (private mode) says storage is unavailable instead of crashing', async () => {
    vi.stubGlobal('indexedDB', undefined);
    try {
      await expect(ProjectStore.open('projects-test-4')).rejects.toMatchObject({ kind: 'unavailable', message: expect.stringMatching(/keeps working/) });
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('turns browser storage errors into messages a user can act on', () => {
    expect(storageError(new DOMException('x', 'QuotaExceededError')).kind).toBe('quota');
    expect(storageError(new DOMException('x', 'InvalidStateError')).kind).toBe('unavailable');
    expect(storageError(new Error('disk on fire')).message).toBe('Not saved: disk on fire');
  });
});
