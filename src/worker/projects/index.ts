/**
 * Saved projects in the studio worker: save the current dataset, features and leaderboard as they are built,
 * list / open / delete them, and export or import one as a .zip. Spread into the studio worker's API.
 */
import * as Comlink from 'comlink';
import { ProjectStore, storageError } from '../../lib/store/projects';
import { bundleOf, projectFromZip, projectToZip, type FeatureBundle } from '../../lib/store/projectFormat';
import { state, cache } from '../state';
import { savedImage, thumbnails } from './crops';
import { buildProjectDoc, clearTraining, denseCacheIds, restoreDataset, restoreFeatures, restoreTraining, type SavedProject } from './snapshot';
import { exportModelZip, modelExportInfo, noteEmbeddingId, type ModelExportInfo } from './modelExport';
import type { TaskProgress } from '../protocol';
import type { OpenedProject, ProjectHeader, ProjectListItem, SaveRequest } from './protocol';

let store: Promise<ProjectStore> | null = null;
function projects(): Promise<ProjectStore> {
  store ??= ProjectStore.open().catch((err) => {
    store = null; // try again next time (storage may come back), but say why now
    throw storageError(err);
  });
  return store;
}

/** Which saved project the worker's current dataset is: a new table (a new folder opened) is a new project. */
const current = { id: null as string | null, createdAt: 0, table: null as unknown, deleted: false };

function currentProjectId(): { id: string; createdAt: number } | null {
  if (current.table !== state.table) current.deleted = false;
  if (current.deleted) return null; // the user deleted the open project: it is not silently re-created
  if (current.id === null || current.table !== state.table) {
    current.id = `p-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    current.createdAt = Date.now();
    current.table = state.table;
  }
  return { id: current.id, createdAt: current.createdAt };
}

/** Crops covers the project has not saved yet, a batch at a time (each batch one transaction). */
async function saveMissingImages(db: ProjectStore, projectId: string, onProgress?: (p: TaskProgress) => void): Promise<void> {
  const have = await db.imageHashes(projectId);
  const todo = new Map<string, string>();
  for (const r of state.rows) if (!have.has(r.imageHash) && !todo.has(r.imageHash) && state.files.has(r.coverPath)) todo.set(r.imageHash, r.coverPath);
  const entries = [...todo];
  const batch = 16;
  for (let i = 0; i < entries.length; i += batch) {
    const images = await Promise.all(entries.slice(i, i + batch).map(([hash, path]) => savedImage(hash, state.files.get(path)!)));
    await db.putImages(projectId, images);
    onProgress?.({ phase: 'Saving covers to the project', done: Math.min(i + batch, entries.length), total: entries.length, rate: null, etaSeconds: null });
  }
}

/** Dense-group cache ids of the project last reopened: kept on re-save while its network is not loaded. */
let openedDenseIds: Record<string, string> = {};

/** The current CSV's bytes (saved with the project), read once per file. */
const csvCache = new WeakMap<File, Uint8Array>();
async function csvBytes(): Promise<Uint8Array | undefined> {
  const file = state.files.get(state.csvPath);
  if (!file) return undefined;
  if (!csvCache.has(file)) csvCache.set(file, new Uint8Array(await file.arrayBuffer()));
  return csvCache.get(file);
}

// One save at a time: a later save waits for the one in flight, never interleaves with it.
let saving: Promise<unknown> = Promise.resolve();
function serial<T>(job: () => Promise<T>): Promise<T> {
  const next = saving.then(job, job);
  saving = next.catch(() => undefined);
  return next;
}

async function readFeatures(doc: SavedProject): Promise<FeatureBundle[]> {
  const store = await cache();
  const hashes = [...new Set(doc.dataset.rows.map((r) => r.imageHash))];
  const out: FeatureBundle[] = [];
  for (const id of doc.featureIds) {
    const b = bundleOf(id, await store.getMany(id, hashes));
    if (b) out.push(b);
  }
  return out;
}

async function openSaved(id: string): Promise<OpenedProject> {
  const db = await projects();
  const doc = (await db.load(id)) as SavedProject | null;
  const header = await db.header(id);
  if (!doc || !header) throw new Error('This project is no longer saved on this device.');
  const crops = new Map((await db.images(id)).map((img) => [img.hash, img.crop]));
  const warnings: string[] = [];
  const missingCovers = restoreDataset(doc, crops);
  if (missingCovers.length) warnings.push(`${missingCovers.length} saved covers are missing; activation maps skip them.`);
  clearTraining();
  const lacking = await restoreFeatures(doc, await cache());
  let trainingRestored = false;
  const t0 = performance.now();
  if (lacking > 0) warnings.push(`${lacking} covers have no cached features any more: compute features (step 2) and train again.`);
  else if (doc.training) {
    await restoreTraining(doc.training);
    trainingRestored = true;
  }
  Object.assign(current, { id, createdAt: doc.createdAt, table: state.table, deleted: false });
  openedDenseIds = doc.denseIds ?? {};
  noteEmbeddingId(doc.backboneId ? doc.featureIds[0] : null);
  const ui = trainingRestored
    ? doc.ui
    : { ...doc.ui, trainResult: null, predictions: null, features: lacking > 0 ? null : doc.ui.features };
  return { header, mapping: doc.dataset.mapping, step: doc.step, ui, trainingRestored, warnings, refitSeconds: (performance.now() - t0) / 1000 };
}

export const projectsApi = {
  /** Saves the current project (a new one after a new folder); covers are cropped once, the document is replaced atomically. */
  saveProject(req: SaveRequest, onProgress?: (p: TaskProgress) => void): Promise<ProjectHeader | null> {
    return serial(async () => {
      const db = await projects();
      const project = currentProjectId();
      if (!project) return null;
      const { id, createdAt } = project;
      const doc = buildProjectDoc(req, id, createdAt, Date.now(), await csvBytes(), denseCacheIds(openedDenseIds));
      noteEmbeddingId(doc.backboneId ? doc.featureIds[0] : null);
      await saveMissingImages(db, id, onProgress);
      return db.save(doc);
    });
  },

  async listProjects(): Promise<ProjectListItem[]> {
    const db = await projects();
    const headers = await db.list();
    return Promise.all(headers.map(async (h) => ({ ...h, thumbs: (await db.images(h.id, 4)).map((i) => i.thumb) })));
  },

  /** Reopens a saved project: dataset from the saved crops, features from the cache, the leaderboard and a refitted kept model. */
  openProject(id: string): Promise<OpenedProject> {
    return serial(() => openSaved(id));
  },

  /** Deletes after any save in flight (which would otherwise write the project back); later saves skip it. */
  async deleteProject(id: string): Promise<void> {
    if (current.id === id) Object.assign(current, { id: null, deleted: true });
    await serial(async () => (await projects()).delete(id));
  },

  /** The project as one .zip: project.json, crops, thumbnails and the cached feature vectors it uses. */
  async exportProject(id: string): Promise<Uint8Array> {
    const db = await projects();
    const doc = (await db.load(id)) as SavedProject | null;
    if (!doc) throw new Error('This project is no longer saved on this device.');
    const zip = projectToZip(doc, await db.images(id), await readFeatures(doc));
    return Comlink.transfer(zip, [zip.buffer as ArrayBuffer]);
  },

  /** Reads an exported .zip: vectors into the feature cache, covers and document into a project (a new id when it exists). */
  async importProject(zip: Uint8Array): Promise<ProjectHeader> {
    const { doc, images, features } = projectFromZip(zip);
    const db = await projects();
    const imported = (await db.header(doc.id)) ? { ...doc, id: `${doc.id}-${Date.now().toString(36)}` } : doc;
    const featureStore = await cache();
    try {
      for (const f of features) await featureStore.putBatch(f.featurizer, f.hashes, f.vectors, f.dims);
    } catch (err) {
      throw storageError(err);
    }
    await db.putImages(imported.id, images);
    return db.save({ ...imported, updatedAt: Date.now() });
  },

  /** The kept model as a .zip: TF.js model + labels.json + README when it folds into one layer, the recipe always. */
  async exportModel(): Promise<ModelExportInfo & { zip: Uint8Array }> {
    const out = await exportModelZip();
    return Comlink.transfer(out, [out.zip.buffer as ArrayBuffer]);
  },

  /** Small JPEG thumbnails of scored covers (null where one does not decode), for the saved predictions. */
  predictionThumbnails(files: Blob[]): Promise<(Uint8Array | null)[]> {
    return thumbnails(files);
  },

  /** What "Export model" will give for the kept model (TF.js or recipe only, and why), before the click. */
  modelExportInfo(): ModelExportInfo {
    return modelExportInfo();
  },
};
