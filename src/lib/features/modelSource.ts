import * as tf from '@tensorflow/tfjs';
import { loadBackboneFrom, type Backbone } from './backbone';
import type { BackboneSpec } from './backbones';

export type ModelOrigin = 'picked-folder' | 'offline-copy' | 'this-site' | 'public-hub';

export interface LoadedBackbone {
  backbone: Backbone;
  origin: ModelOrigin;
  /** True when the weights were newly written to IndexedDB for offline use. */
  savedOffline: boolean;
}

export interface LoadOptions {
  /** model.json + weight shards the user picked; wins over every other source. */
  pickedFiles?: File[];
  /** Base URL of this site's model folder, e.g. '/models/'. */
  originBase: string;
  allowHub: boolean;
  onStatus?: (message: string) => void;
}

/** Raised when no source worked; `message` tells the user what to do. */
export class ModelUnavailableError extends Error {
  constructor(
    message: string,
    readonly attempts: { origin: ModelOrigin; error: string }[],
  ) {
    super(message);
    this.name = 'ModelUnavailableError';
  }
}

/**
 * Where the offline copy of these exact weights lives: keyed by network id and weights fingerprint, so a
 * different model folder under the same network id is saved beside it, never over it.
 */
export function offlineKey(spec: BackboneSpec, weightsFingerprint: string): string {
  return `${offlinePrefix(spec)}@${weightsFingerprint.slice(0, 16)}`;
}

/** Copies saved before weights were fingerprinted have no '@…' suffix. */
function offlinePrefix(spec: BackboneSpec): string {
  return `indexeddb://cgs-backbone-${spec.id}`;
}

/** Saved copies of this network, newest first (the last weights the user loaded win). */
async function offlineCopies(spec: BackboneSpec): Promise<string[]> {
  try {
    const models = await tf.io.listModels();
    const prefix = offlinePrefix(spec);
    return Object.keys(models)
      .filter((k) => k === prefix || k.startsWith(`${prefix}@`))
      .sort((a, b) => Date.parse(String(models[b].dateSaved)) - Date.parse(String(models[a].dateSaved)));
  } catch {
    return []; // no IndexedDB (private mode, Node): just skip this source
  }
}

/** The site's own copy exists only when it is deployed with weights; a SPA fallback page is not a model. */
async function originHasModel(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { method: 'GET', cache: 'no-cache' });
    if (!res.ok) return false;
    const json = (await res.json()) as { modelTopology?: unknown };
    return json.modelTopology !== undefined;
  } catch {
    return false;
  }
}

/**
 * tf.io.browserFiles wants exactly the weight files the manifest names; a picked folder often also
 * holds a README or metadata.json, so keep only the shards model.json lists.
 */
async function pickedFilesHandler(files: File[]): Promise<tf.io.IOHandler> {
  const modelJson = files.find((f) => f.name === 'model.json');
  if (!modelJson) throw new Error('The picked folder has no model.json: pick the folder that holds model.json and its weight files.');
  const manifest = (JSON.parse(await modelJson.text()) as { weightsManifest?: { paths: string[] }[] }).weightsManifest ?? [];
  const wanted = new Set(manifest.flatMap((g) => g.paths.map((p) => p.split('/').pop()!)));
  const shards = files.filter((f) => wanted.has(f.name));
  const missing = [...wanted].filter((name) => !shards.some((f) => f.name === name));
  if (missing.length) throw new Error(`The picked model folder lacks weight files: ${missing.slice(0, 5).join(', ')}.`);
  return tf.io.browserFiles([modelJson, ...shards]);
}

/**
 * Tries, in order: the folder the user picked, the copy kept in IndexedDB, this site's /models/,
 * the public hub. Whatever loaded from the network or a folder is saved to IndexedDB so the next
 * visit works offline.
 */
export async function loadBackbone(spec: BackboneSpec, opts: LoadOptions): Promise<LoadedBackbone> {
  const attempts: { origin: ModelOrigin; error: string }[] = [];
  const status = opts.onStatus ?? (() => {});
  const candidates: { origin: ModelOrigin; source: () => Promise<string | tf.io.IOHandler | null | undefined> }[] = [];

  if (opts.pickedFiles?.length) candidates.push({ origin: 'picked-folder', source: () => pickedFilesHandler(opts.pickedFiles!) });
  const copies = await offlineCopies(spec);
  candidates.push({ origin: 'offline-copy', source: async () => copies[0] });
  if (!spec.hubOnly) {
    const url = new URL(`${spec.id}/model.json`, new URL(opts.originBase, self.location.href)).href;
    candidates.push({ origin: 'this-site', source: async () => ((await originHasModel(url)) ? url : undefined) });
  }
  if (opts.allowHub) {
    // Graph specs pass null: @tensorflow-models/mobilenet then uses its own default hub URL.
    candidates.push({ origin: 'public-hub', source: async () => (spec.format === 'graph' ? null : (spec.hubUrl ?? undefined)) });
  }

  for (const { origin, source } of candidates) {
    try {
      const src = await source();
      if (src === undefined) continue;
      status(`Loading ${spec.label} from ${origin.replace('-', ' ')}…`);
      // A picked folder's metadata.json holds the ImageNet labels; URL sources are looked up next to model.json.
      const metadata = origin === 'picked-folder' ? opts.pickedFiles?.find((f) => f.name === 'metadata.json') : undefined;
      const backbone = await loadBackboneFrom(spec, src, metadata);
      let savedOffline = false;
      const key = offlineKey(spec, backbone.weightsFingerprint);
      if (origin !== 'offline-copy' && !copies.includes(key)) {
        try {
          await backbone.save(key);
          savedOffline = true;
        } catch {
          // Quota or private mode: the app still works online.
        }
      }
      return { backbone, origin, savedOffline };
    } catch (err) {
      attempts.push({ origin, error: err instanceof Error ? err.message : String(err) });
    }
  }
  throw new ModelUnavailableError(
    `Could not load the featurizer network "${spec.label}". Pick its model folder (model.json plus weight files) with "Choose model folder…", ` +
      `or deploy the site with weights under /models/${spec.id}/ (developers: set CGS_SHARED_DIR to a folder holding models/${spec.id}/). Tried: ${attempts.map((a) => a.origin).join(', ') || 'no source'}.`,
    attempts,
  );
}
