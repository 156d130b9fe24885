/**
 * What a saved project is, and how it becomes one .zip and back. Pure: no IndexedDB, no DOM (fflate is plain JS).
 * Typed arrays (out-of-fold probabilities, folds, labels) and NaN survive JSON through tagged values.
 */
import { unzipSync, zipSync, strFromU8, strToU8 } from 'fflate';
import type { ColumnMapping, DatasetRow } from '../data/types';
import type { Leaderboard } from '../models';

export const PROJECT_FORMAT = 1;

/** The worker side of a trained project: enough to rebuild `training` and refit the kept model exactly. */
export interface SavedTraining {
  leaderboard: Leaderboard;
  /** Index into `dataset.rows` of each model row (row i of the ModelInput / of every entry's oof). */
  rowIndices: number[];
  labels: Int32Array;
  classNames: string[];
  groups: string[] | undefined;
  seed: number;
  finalModelKey: string | null;
  fileNameAsFeature: boolean;
}

export interface ProjectDoc<Ui = unknown> {
  format: typeof PROJECT_FORMAT;
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  /** The step the user was on (a StepId of the app shell). */
  step: string;
  dataset: {
    csvPath: string;
    columns: string[];
    mapping: ColumnMapping;
    reportSummary: string;
    rows: DatasetRow[];
    /** The CSV file's bytes, so a reopened project can be checked and imported again (absent in projects saved before). */
    csv?: Uint8Array;
  };
  /** Network whose embeddings the project uses; null = colour features only (or not featurized yet). */
  backboneId: string | null;
  /** Feature-cache ids whose vectors the project needs (embedding, colour, ImageNet concepts, every dense group). */
  featureIds: string[];
  /** Feature-cache id of each dense group the models read ('cover', 'style', 'colour', …); absent in older projects. */
  denseIds?: Record<string, string>;
  training: SavedTraining | null;
  /** What the panels show (import report, feature summary, leaderboard as displayed, last predictions). */
  ui: Ui;
}

/** One line of the start screen. */
export interface ProjectHeader {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  step: string;
  coverCount: number;
  classNames: string[];
  bestScore: number | null;
  bestModel: string | null;
  backboneId: string | null;
  /** Key of the saved document in the versions store: switched only after the new version is written. */
  versionKey: string;
}

/** A saved cover: the 224×224 centre crop (what the network sees, for Grad-CAM and re-featurizing) and a thumbnail. */
export interface SavedImage {
  hash: string;
  crop: Uint8Array;
  thumb: Uint8Array;
}

/** The vectors of one feature-cache id, row-major in `hashes` order. */
export interface FeatureBundle {
  featurizer: string;
  dims: number;
  hashes: string[];
  vectors: Float32Array;
}

export function headerOf(doc: ProjectDoc, versionKey: string): ProjectHeader {
  const classes = new Set(doc.dataset.rows.map((r) => r.target));
  const best = doc.training?.leaderboard.entries.find((e) => e.cv && !e.error) ?? null;
  return {
    id: doc.id,
    name: doc.name,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    step: doc.step,
    coverCount: new Set(doc.dataset.rows.map((r) => r.imageHash)).size,
    classNames: doc.training?.classNames ?? [...classes].sort(),
    bestScore: best?.cv?.balancedAccuracy ?? null,
    bestModel: best ? `${best.name} · ${best.featureListName}` : null,
    backboneId: doc.backboneId,
    versionKey,
  };
}

/** 'music/dataset.csv' → 'music'; 'spotify.csv' → 'spotify'. */
export function projectName(csvPath: string): string {
  const parts = csvPath.split('/').filter(Boolean);
  if (parts.length > 1) return parts[0];
  return (parts[0] ?? 'project').replace(/\.[^.]+$/, '') || 'project';
}

// ---- JSON with typed arrays and non-finite numbers ----

type Tagged = { $t: 'f32' | 'i32' | 'u8'; b64: string } | { $n: 'NaN' | 'Infinity' | '-Infinity' };

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** JSON.stringify that keeps Float32Array / Int32Array / Uint8Array bit-exact and NaN / ±Infinity as numbers. */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, function (key, v: unknown) {
    // `this[key]` is the raw value: typed arrays before toJSON, numbers before NaN → null.
    const raw = (this as Record<string, unknown>)[key];
    if (raw instanceof Float32Array) return { $t: 'f32', b64: toBase64(bytesOf(raw)) } satisfies Tagged;
    if (raw instanceof Int32Array) return { $t: 'i32', b64: toBase64(bytesOf(raw)) } satisfies Tagged;
    if (raw instanceof Uint8Array) return { $t: 'u8', b64: toBase64(raw) } satisfies Tagged;
    if (typeof raw === 'number' && !Number.isFinite(raw)) return { $n: String(raw) as 'NaN' } satisfies Tagged;
    return v;
  });
}

export function decodeJson<T = unknown>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && '$t' in v && 'b64' in v) {
      const bytes = fromBase64((v as { b64: string }).b64);
      const t = (v as { $t: string }).$t;
      if (t === 'u8') return bytes;
      return t === 'f32' ? new Float32Array(bytes.buffer) : new Int32Array(bytes.buffer);
    }
    if (v && typeof v === 'object' && '$n' in v && Object.keys(v).length === 1) return Number((v as { $n: string }).$n);
    return v;
  }) as T;
}

// ---- one .zip per project ----

/** project.json, crops/<hash>.jpg, thumbs/<hash>.jpg, features/<id>.json + .f32: a whole project, no recompute. */
export function projectToZip(doc: ProjectDoc, images: SavedImage[], features: FeatureBundle[]): Uint8Array {
  const entries: Record<string, Uint8Array> = { 'project.json': strToU8(encodeJson(doc)) };
  for (const img of images) {
    entries[`crops/${img.hash}.jpg`] = img.crop;
    entries[`thumbs/${img.hash}.jpg`] = img.thumb;
  }
  features.forEach((f, i) => {
    entries[`features/${i}.json`] = strToU8(JSON.stringify({ featurizer: f.featurizer, dims: f.dims, hashes: f.hashes }));
    entries[`features/${i}.f32`] = bytesOf(f.vectors).slice();
  });
  // JPEGs and float vectors barely compress: store them, deflate only the JSON.
  return zipSync(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, [v, { level: k.endsWith('.json') ? 6 : 0 }]])));
}

export function projectFromZip(zip: Uint8Array): { doc: ProjectDoc; images: SavedImage[]; features: FeatureBundle[] } {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip);
  } catch {
    throw new Error('This file is not a readable .zip.');
  }
  const json = files['project.json'];
  if (!json) throw new Error('This .zip is not a Cover Genre Studio project (no project.json).');
  const doc = decodeJson<ProjectDoc>(strFromU8(json));
  if (doc.format !== PROJECT_FORMAT) throw new Error(`Unsupported project format ${String(doc.format)} (this app reads format ${PROJECT_FORMAT}).`);
  const images: SavedImage[] = [];
  for (const name of Object.keys(files)) {
    const m = /^crops\/([0-9a-f]+)\.jpg$/.exec(name);
    if (m) images.push({ hash: m[1], crop: files[name], thumb: files[`thumbs/${m[1]}.jpg`] ?? files[name] });
  }
  const features: FeatureBundle[] = [];
  for (let i = 0; files[`features/${i}.json`]; i++) {
    const meta = JSON.parse(strFromU8(files[`features/${i}.json`])) as Omit<FeatureBundle, 'vectors'>;
    const raw = files[`features/${i}.f32`];
    const vectors = new Float32Array(raw.slice().buffer);
    if (vectors.length !== meta.dims * meta.hashes.length) throw new Error(`Feature file ${i} has ${vectors.length} values, expected ${meta.dims * meta.hashes.length}.`);
    features.push({ ...meta, vectors });
  }
  return { doc, images, features };
}

/** Vectors by hash → one bundle (hashes without a vector are left out). */
export function bundleOf(featurizer: string, vectors: Map<string, Float32Array>): FeatureBundle | null {
  const hashes = [...vectors.keys()];
  if (hashes.length === 0) return null;
  const dims = vectors.get(hashes[0])!.length;
  const out = new Float32Array(hashes.length * dims);
  hashes.forEach((h, i) => out.set(vectors.get(h)!, i * dims));
  return { featurizer, dims, hashes, vectors: out };
}
