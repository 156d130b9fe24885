/**
 * Per-genre ImageNet concepts: every training cover's top-5 labels from the backbone's own classifier
 * (cached by featurize() in the same pass as the embedding; computed here for covers that lack them),
 * aggregated per genre by lib/insights/concepts.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { prepareBatch } from '../../lib/features/decode';
import { batchNet, conceptsFeaturizerId, CONCEPT_TOP_K } from '../../lib/features/featurize';
import { genreConceptTable } from '../../lib/insights/concepts';
import type { Backbone } from '../../lib/features/backbone';
import { cache, state } from '../state';
import { requireTraining } from './overview';
import type { GenreConcepts } from '../insightsProtocol';
import type { TaskProgress } from '../protocol';

const BATCH = 16;

/** Top-k label indices per `${backbone id}|${image hash}` seen in this session. */
const known = new Map<string, Float32Array>();

function unavailable(reason: string): GenreConcepts {
  return { available: false, reason, perClass: [] };
}

export async function genreConcepts(signal: AbortSignal, onProgress?: (p: TaskProgress) => void): Promise<GenreConcepts> {
  const { rows, labels, classNames } = requireTraining();
  const backbone = state.backbone;
  if (!backbone) return unavailable('Load the featurizer network first (step 2): the concepts come from its ImageNet classifier.');
  if (!backbone.hasClassifierHead) return unavailable(`${backbone.spec.label} has no ImageNet classifier head, so it cannot name what it sees: the concepts need a network with an ImageNet classifier (MobileNet V1 in step 2).`);
  if (!backbone.classLabels) return unavailable(`The ImageNet labels of ${backbone.spec.label} were not found next to its weights (metadata.json; an offline copy saved by an older version lacks them): load it from its model folder again.`);

  const pathByHash = new Map(rows.map((r) => [r.imageHash, r.coverPath]));
  const top = await topLabels(backbone, pathByHash, signal, onProgress);
  const table = genreConceptTable(
    rows.map((r) => top.get(r.imageHash) ?? null),
    labels,
    classNames.length,
    backbone.classLabels,
  );
  return { available: true, reason: null, perClass: table.map((t) => ({ className: classNames[t.classIndex], covers: t.covers, concepts: t.concepts })) };
}

/** hash → top-k indices: from this session, then the feature cache, then the network (and into the cache). */
async function topLabels(backbone: Backbone, pathByHash: Map<string, string>, signal: AbortSignal, onProgress?: (p: TaskProgress) => void): Promise<Map<string, Float32Array>> {
  const id = backbone.cacheId; // not the spec id: other weights under the same id give other labels
  const out = new Map<string, Float32Array>();
  for (const h of pathByHash.keys()) {
    const v = known.get(`${id}|${h}`);
    if (v) out.set(h, v);
  }
  const store = await cache().catch(() => null); // no IndexedDB: compute without caching
  const missing = [...pathByHash.keys()].filter((h) => !out.has(h));
  const cached = store && missing.length ? await store.getMany(conceptsFeaturizerId(backbone.cacheId), missing).catch(() => new Map<string, Float32Array>()) : new Map<string, Float32Array>();
  for (const [h, v] of cached) out.set(h, v);
  const todo = missing.filter((h) => !out.has(h));

  const net = batchNet(backbone);
  const size = backbone.spec.inputSize;
  const pixels = new Float32Array(BATCH * size * size * 3);
  const t0 = performance.now();
  let lastReport = 0;
  const report = (done: number) => {
    const now = performance.now();
    if (done < todo.length && now - lastReport < 100) return; // ~10 updates a second
    lastReport = now;
    const rate = done > 0 ? done / ((now - t0) / 1000) : null;
    onProgress?.({ phase: 'Naming ImageNet concepts', done, total: todo.length, rate, etaSeconds: rate ? (todo.length - done) / rate : null });
  };
  report(0);
  for (let s = 0; s < todo.length; s += BATCH) {
    if (signal.aborted) throw new DOMException('Genre concepts cancelled', 'AbortError');
    const hashes = todo.slice(s, s + BATCH);
    const prepared = await prepareBatch(hashes.map((h) => state.files.get(pathByHash.get(h)!) ?? new Blob()), size, pixels);
    const okHashes = prepared.ok.map((j) => hashes[j]);
    if (okHashes.length) {
      const n = okHashes.length;
      const result = tf.tidy(() => net(tf.tensor4d(prepared.pixels.subarray(0, n * size * size * 3), [n, size, size, 3])));
      result.embedding.dispose();
      const top = (await result.top!.data()) as Float32Array;
      result.top!.dispose();
      okHashes.forEach((h, i) => out.set(h, top.slice(i * CONCEPT_TOP_K, (i + 1) * CONCEPT_TOP_K)));
      await store?.putBatch(conceptsFeaturizerId(backbone.cacheId), okHashes, top, CONCEPT_TOP_K).catch(() => undefined);
    }
    report(s + hashes.length);
  }
  for (const [h, v] of out) known.set(`${id}|${h}`, v);
  return out;
}
