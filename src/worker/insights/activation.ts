/**
 * Grad-CAM activation maps of a chosen model, computed lazily for the covers the UI asks for. The kept
 * model explains itself; another leaderboard entry is refitted on all training rows once and cached
 * until the next training. Maps are cached per (model, cover, class).
 */
import * as tf from '@tensorflow/tfjs';
import { fitFinalModel, type FinalModel, type Leaderboard, type LeaderboardEntry, type ModelInput } from '../../lib/models';
import { prepareBatch } from '../../lib/features/decode';
import { gradCamBatch } from '../../lib/insights/gradcam';
import type { Backbone } from '../../lib/features/backbone';
import { training } from '../training';
import { state } from '../state';
import { entryFor, requireTraining, usesCover } from './overview';
import type { ActivationMap, ActivationRequest } from '../insightsProtocol';
import type { TaskProgress } from '../protocol';

/** Covers per network pass: large enough to amortise kernel set-up, small enough to cancel promptly. */
const BATCH = 8;

let cachedFor: Leaderboard | null = null;
const refits = new Map<string, Promise<FinalModel>>();
const maps = new Map<string, ActivationMap>();

/** A new training invalidates every refit and map: dispose the refits, forget the maps. */
function forgetOldTraining(): void {
  if (training.leaderboard === cachedFor) return;
  for (const p of refits.values()) p.then((m) => m.dispose(), () => undefined);
  refits.clear();
  maps.clear();
  cachedFor = training.leaderboard;
}

/** The model behind a leaderboard entry, fitted on every training row: the kept one, or a cached refit. */
export async function explainedModel(entry: LeaderboardEntry, signal: AbortSignal): Promise<FinalModel> {
  forgetOldTraining();
  if (entry.key === training.finalModelKey && training.finalModel) return training.finalModel;
  let refit = refits.get(entry.key);
  if (!refit) {
    const { leaderboard, input, labels, classNames } = requireTraining();
    const rows = Int32Array.from(leaderboard.foldOf.reduce<number[]>((acc, f, i) => (f >= 0 ? (acc.push(i), acc) : acc), []));
    refit = fitFinalModel(input, labels, classNames, entry, { seed: training.seed, rows, groups: training.groups, signal });
    refits.set(entry.key, refit);
    refit.catch(() => refits.delete(entry.key)); // a cancelled or failed refit is retried next time
  }
  return refit;
}

export interface ExplainItem {
  index: number;
  classIndex: number;
}

/**
 * One batch: a single forward pass for the feature maps, one tf.grad through GAP → the model's
 * standardisation → the model. `pixels` holds items.length covers ([n, 224, 224, 3], 0..255).
 */
export async function explainBatch(backbone: Backbone, model: Pick<FinalModel, 'coverScores' | 'predictProba'>, input: ModelInput, items: ExplainItem[], pixels: Float32Array): Promise<ActivationMap[]> {
  const n = items.length;
  const size = backbone.spec.inputSize;
  const idx = Int32Array.from(items, (it) => it.index);
  const input4d = tf.tensor4d(pixels.subarray(0, n * size * size * 3), [n, size, size, 3]);
  const { embedding, featureMap } = backbone.forward(input4d, { featureMap: true });
  input4d.dispose();
  try {
    if (!featureMap) throw new Error(`${backbone.spec.label} has no feature map configured for activation maps.`);
    const { maps: cams, h, w } = await gradCamBatch(featureMap, model.coverScores!(input, idx), Int32Array.from(items, (it) => it.classIndex));
    const proba = model.predictProba(input, idx);
    const k = proba.length / n;
    return items.map((it, i) => ({ index: it.index, classIndex: it.classIndex, map: cams[i], gridH: h, gridW: w, probabilities: Array.from(proba.subarray(i * k, (i + 1) * k)) }));
  } finally {
    embedding.dispose();
    featureMap?.dispose();
  }
}

function argmax(p: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
  return best;
}

function cancelled(): DOMException {
  return new DOMException('Activation maps cancelled', 'AbortError');
}

export async function activationMaps(req: ActivationRequest, signal: AbortSignal, onProgress?: (p: TaskProgress) => void): Promise<ActivationMap[]> {
  const { input, rows, classNames } = requireTraining();
  const entry = entryFor(req.modelKey);
  if (!usesCover(entry)) throw new Error(`${entry.name} (${entry.featureListName}) does not use the cover embedding: there is nothing in the image to map.`);
  const backbone = state.backbone;
  if (!backbone) throw new Error('Load the featurizer network first (step 2): the maps need its feature map.');
  if (input.dense.cover?.cols !== backbone.spec.embeddingSize) throw new Error(`The loaded network (${backbone.spec.label}) is not the one the models were trained on: load it again or retrain.`);
  const model = await explainedModel(entry, signal);
  if (!model.coverScores) throw new Error(`${entry.name} cannot be differentiated with respect to the cover, so it has no activation map.`);
  if (signal.aborted) throw cancelled();

  const k = classNames.length;
  const items = req.items.filter((it) => it.index >= 0 && it.index < input.n);
  // Resolve "the predicted class" from the explained model's own probabilities.
  const proba = model.predictProba(input, Int32Array.from(items, (it) => it.index));
  const wanted: ExplainItem[] = items.map((it, i) => ({ index: it.index, classIndex: it.classIndex ?? argmax(proba.subarray(i * k, (i + 1) * k)) }));
  const keyOf = (it: ExplainItem) => `${entry.key}|${it.index}|${it.classIndex}`;
  const queued = new Set<string>();
  const todo = wanted.filter((it) => !maps.has(keyOf(it)) && !queued.has(keyOf(it)) && !!queued.add(keyOf(it)));

  const size = backbone.spec.inputSize;
  const pixels = new Float32Array(BATCH * size * size * 3);
  const t0 = performance.now();
  let done = 0;
  const report = () => {
    const rate = done > 0 ? done / ((performance.now() - t0) / 1000) : null;
    onProgress?.({ phase: 'Activation maps', done, total: todo.length, rate, etaSeconds: rate ? (todo.length - done) / rate : null });
  };
  report();
  for (let s = 0; s < todo.length; s += BATCH) {
    if (signal.aborted) throw cancelled();
    const batch = todo.slice(s, s + BATCH);
    const prepared = await prepareBatch(batch.map((it) => state.files.get(rows[it.index].coverPath) ?? new Blob()), size, pixels);
    if (signal.aborted) throw cancelled();
    // Covers that no longer decode are left out of the answer (the UI shows them without a map).
    const ok = prepared.ok.map((j) => batch[j]);
    if (ok.length) for (const m of await explainBatch(backbone, model, input, ok, prepared.pixels)) maps.set(keyOf(m), m);
    done += batch.length;
    report();
  }
  return wanted.map((it) => maps.get(keyOf(it))).filter((m): m is ActivationMap => !!m);
}
