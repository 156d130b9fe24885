import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { headerOf, type ProjectDoc, type ProjectHeader, type SavedImage } from './projectFormat';

/**
 * Saved projects in IndexedDB. A save writes the new document under a new version key and switches the
 * header to it in the same transaction, so a failed save (quota, closed tab) leaves the previous version intact.
 * Feature vectors are not here: they stay in the feature cache, keyed by image hash.
 */
interface ProjectSchema extends DBSchema {
  headers: { key: string; value: ProjectHeader };
  versions: { key: string; value: ProjectDoc };
  images: { key: [string, string]; value: SavedImage & { projectId: string }; indexes: { byProject: string } };
}

const DB_NAME = 'cover-genre-studio-projects';

/** Why storage failed, in words a user can act on; `kind` lets the UI say the app keeps working in memory. */
export class StorageError extends Error {
  constructor(
    readonly kind: 'quota' | 'unavailable' | 'other',
    message: string,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

export function storageError(err: unknown): StorageError {
  if (err instanceof StorageError) return err;
  const name = (err as { name?: string } | null)?.name ?? '';
  const text = err instanceof Error ? err.message : String(err);
  if (name === 'QuotaExceededError' || /quota/i.test(text)) {
    return new StorageError('quota', 'Not saved: this browser has no storage space left for the project. Free space (delete an old project) — your work stays open in this tab.');
  }
  if (name === 'InvalidStateError' || name === 'SecurityError' || name === 'UnknownError' || /indexeddb|not available|not allowed/i.test(text)) {
    return new StorageError('unavailable', 'Projects cannot be saved here: this browser blocks storage (private window or disabled site data). The app keeps working, but nothing survives a reload.');
  }
  return new StorageError('other', `Not saved: ${text}`);
}

let versionCounter = 0;

export class ProjectStore {
  private constructor(private readonly db: IDBPDatabase<ProjectSchema>) {}

  static async open(name = DB_NAME): Promise<ProjectStore> {
    if (typeof indexedDB === 'undefined') throw new StorageError('unavailable', storageError(new Error('IndexedDB not available')).message);
    try {
      const db = await openDB<ProjectSchema>(name, 1, {
        upgrade(db) {
          db.createObjectStore('headers', { keyPath: 'id' });
          db.createObjectStore('versions');
          db.createObjectStore('images', { keyPath: ['projectId', 'hash'] }).createIndex('byProject', 'projectId');
        },
      });
      return new ProjectStore(db);
    } catch (err) {
      throw storageError(err);
    }
  }

  /** Newest first. */
  async list(): Promise<ProjectHeader[]> {
    return (await this.db.getAll('headers')).sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async header(id: string): Promise<ProjectHeader | undefined> {
    return this.db.get('headers', id);
  }

  async load(id: string): Promise<ProjectDoc | null> {
    const header = await this.db.get('headers', id);
    if (!header) return null;
    return (await this.db.get('versions', header.versionKey)) ?? null;
  }

  /** Writes the document as a new version and switches the header to it; the old version goes in the same transaction. */
  async save(doc: ProjectDoc): Promise<ProjectHeader> {
    const versionKey = `${doc.id}@${doc.updatedAt.toString(36)}-${(versionCounter++).toString(36)}`;
    const header = headerOf(doc, versionKey);
    const tx = this.db.transaction(['headers', 'versions'], 'readwrite');
    tx.done.catch(() => undefined); // awaited below; an abort must not also surface as an unhandled rejection
    try {
      const previous = await tx.objectStore('headers').get(doc.id);
      await tx.objectStore('versions').put(doc, versionKey);
      await tx.objectStore('headers').put(header);
      if (previous && previous.versionKey !== versionKey) await tx.objectStore('versions').delete(previous.versionKey);
      await tx.done;
    } catch (err) {
      // Nothing of a half-done save may commit: the header keeps pointing at the previous version.
      try { tx.abort(); } catch { /* already aborted by the browser */ }
      throw storageError(err);
    }
    return header;
  }

  async imageHashes(projectId: string): Promise<Set<string>> {
    const keys = await this.db.getAllKeysFromIndex('images', 'byProject', projectId);
    return new Set(keys.map((k) => k[1]));
  }

  async putImages(projectId: string, images: SavedImage[]): Promise<void> {
    if (images.length === 0) return;
    try {
      const tx = this.db.transaction('images', 'readwrite');
      await Promise.all([...images.map((img) => tx.store.put({ ...img, projectId })), tx.done]);
    } catch (err) {
      throw storageError(err);
    }
  }

  /** Every saved cover of a project (or the first `limit`, for the start screen's thumbnails). */
  async images(projectId: string, limit?: number): Promise<SavedImage[]> {
    const found = await this.db.getAllFromIndex('images', 'byProject', projectId, limit);
    return found.map(({ hash, crop, thumb }) => ({ hash, crop, thumb }));
  }

  async delete(projectId: string): Promise<void> {
    const tx = this.db.transaction(['headers', 'versions', 'images'], 'readwrite');
    const header = await tx.objectStore('headers').get(projectId);
    if (header) await tx.objectStore('versions').delete(header.versionKey);
    await tx.objectStore('headers').delete(projectId);
    const images = tx.objectStore('images');
    for (const key of await images.index('byProject').getAllKeys(projectId)) await images.delete(key);
    await tx.done;
  }

  close(): void {
    this.db.close();
  }
}
