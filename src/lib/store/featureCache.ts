import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

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

export class FeatureCache {
  private constructor(private readonly db: IDBPDatabase<CacheSchema>) {}

  static async open(name = DB_NAME): Promise<FeatureCache> {
    const db = await openDB<CacheSchema>(name, 1, {
      upgrade(db) {
        const store = db.createObjectStore('features', { keyPath: ['featurizer', 'hash'] });
        store.createIndex('byFeaturizer', 'featurizer');
      },
    });
    return new FeatureCache(db);
  }

  /** One read transaction for all hashes; missing ones are absent from the result. */
  async getMany(featurizer: string, hashes: readonly string[]): Promise<Map<string, Float32Array>> {
    const tx = this.db.transaction('features', 'readonly');
    const found = await Promise.all(hashes.map((h) => tx.store.get([featurizer, h])));
    await tx.done;
    const out = new Map<string, Float32Array>();
    found.forEach((rec, i) => {
      if (rec) out.set(hashes[i], rec.vector);
    });
    return out;
  }

  /** vectors: row-major, one row of `dims` per hash. One write transaction per batch. */
  async putBatch(featurizer: string, hashes: readonly string[], vectors: Float32Array, dims: number): Promise<void> {
    const tx = this.db.transaction('features', 'readwrite');
    const writes = hashes.map((hash, i) =>
      tx.store.put({ featurizer, hash, vector: vectors.slice(i * dims, (i + 1) * dims) }),
    );
    await Promise.all([...writes, tx.done]);
  }

  async count(featurizer: string): Promise<number> {
    return this.db.countFromIndex('features', 'byFeaturizer', featurizer);
  }

  async clear(): Promise<void> {
    await this.db.clear('features');
  }

  close(): void {
    this.db.close();
  }
}
