import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { storageError, StorageError } from './projects';

/**
 * Per-image features keyed by (featurizer id, SHA-256 of the image bytes): the same cover under
 * another name or in another dataset is never computed twice, and a different network never
 * reuses another's vectors.
 */
interface CacheSchema extends DBSchema {
  features: {
    key: [string, string];
    value: { featurizer: string; hash: string; vector: Float32Array };
    indexes: { byFeaturizer: string };
  };
}

const DB_NAME = 'cover-genre-studio-features';
/** Requests this large may read the featurizer's whole key range at once (see readStored). */
const BULK_READ_MIN = 64;

/** Why the cache cannot write, worded for the feature cache (projects have their own wording). */
function cacheProblem(err: unknown): StorageError {
  const { kind } = storageError(err);
  const why = kind === 'quota' ? 'this browser has no storage space left' : kind === 'unavailable' ? 'this browser blocks storage (private window or disabled site data)' : `storage failed (${err instanceof Error ? err.message : String(err)})`;
  return new StorageError(kind, `Features are kept in memory only: ${why}. Everything works in this tab; after a reload they are computed again.`);
}

/**
 * When IndexedDB is missing (private mode, disabled site data) or a write fails (quota), vectors are kept in
 * memory for this session instead: featurization goes on, `problem` says why nothing will survive a reload.
 */
export class FeatureCache {
  /** Why vectors are (also) only in memory; null while IndexedDB works. */
  problem: StorageError | null = null;
  /** Set once a successor took over: a run still holding this handle (abandoned after a fault) can no longer write. */
  private retired: string | null = null;

  private constructor(
    private readonly db: IDBPDatabase<CacheSchema> | null,
    private readonly memory = new Map<string, Float32Array>(),
  ) {}

  /**
   * A new handle on the same store, for a fresh run; this handle refuses writes from now on (`why` is the error).
   * Used when a run is abandoned mid-way (WebGL context lost): whatever it might still compute is not trusted.
   */
  successor(why: string): FeatureCache {
    const next = new FeatureCache(this.db, this.memory);
    next.problem = this.problem;
    this.retired = why;
    return next;
  }

  static async open(name = DB_NAME): Promise<FeatureCache> {
    try {
      if (typeof indexedDB === 'undefined') throw new Error('IndexedDB not available');
      const db = await openDB<CacheSchema>(name, 1, {
        upgrade(db) {
          const store = db.createObjectStore('features', { keyPath: ['featurizer', 'hash'] });
          store.createIndex('byFeaturizer', 'featurizer');
        },
      });
      return new FeatureCache(db);
    } catch (err) {
      const cache = new FeatureCache(null);
      cache.problem = cacheProblem(err);
      return cache;
    }
  }

  private static key(featurizer: string, hash: string): string {
    return `${featurizer}\u0000${hash}`;
  }

  /** One read transaction for all hashes; missing ones are absent from the result. */
  async getMany(featurizer: string, hashes: readonly string[]): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    const stored = this.db ? await this.readStored(featurizer, hashes) : [];
    hashes.forEach((h, i) => {
      const vector = this.memory.get(FeatureCache.key(featurizer, h)) ?? stored[i]?.vector;
      if (vector) out.set(h, vector);
    });
    return out;
  }

  /**
   * One get per hash, or, when the request asks for at least half of what the featurizer has stored (re-opening a
   * collection), one getAll over its key range: a thousand gets cost a thousand round trips to the database.
   */
  private async readStored(featurizer: string, hashes: readonly string[]) {
    try {
      const tx = this.db!.transaction('features', 'readonly');
      let found: ({ vector: Float32Array } | undefined)[];
      const range = IDBKeyRange.bound([featurizer, ''], [featurizer, '\uffff']);
      if (hashes.length >= BULK_READ_MIN && 2 * hashes.length >= (await tx.store.count(range))) {
        const byHash = new Map((await tx.store.getAll(range)).map((r) => [r.hash, r]));
        found = hashes.map((h) => byHash.get(h));
      } else found = await Promise.all(hashes.map((h) => tx.store.get([featurizer, h])));
      await tx.done;
      return found;
    } catch (err) {
      this.problem = cacheProblem(err);
      return [];
    }
  }

  /** vectors: row-major, one row of `dims` per hash. One write transaction per batch; in memory if that fails. */
  async putBatch(featurizer: string, hashes: readonly string[], vectors: Float32Array, dims: number): Promise<void> {
    if (this.retired) throw new Error(`Not cached: ${this.retired}`);
    const rows = hashes.map((hash, i) => ({ featurizer, hash, vector: vectors.slice(i * dims, (i + 1) * dims) }));
    if (this.db && !this.problem) {
      try {
        const tx = this.db.transaction('features', 'readwrite');
        await Promise.all([...rows.map((row) => tx.store.put(row)), tx.done]);
        return;
      } catch (err) {
        this.problem = cacheProblem(err);
      }
    }
    for (const row of rows) this.memory.set(FeatureCache.key(featurizer, row.hash), row.vector);
  }

  async count(featurizer: string): Promise<number> {
    const prefix = FeatureCache.key(featurizer, '');
    const inMemory = [...this.memory.keys()].filter((k) => k.startsWith(prefix)).length;
    return inMemory + (this.db ? await this.db.countFromIndex('features', 'byFeaturizer', featurizer) : 0);
  }

  async clear(): Promise<void> {
    this.memory.clear();
    if (!this.db) return;
    await this.db.clear('features');
    this.problem = null; // space was freed: try writing again

  }

  close(): void {
    this.db?.close();
  }
}
