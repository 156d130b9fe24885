/**
 * Bench: how the leaderboard grows with rows and classes (npm run bench, "leaderboard scaling"). Synthetic but
 * embedding-like inputs (768-d, ReLU, correlated through latent factors, weak class signal: see
 * lib/models/testing/synthetic.ts) plus a colour-like block and a short text column, so the default feature lists
 * and every blueprint run as on real covers. Each run: the default lists, 5-fold CV, then the final refit of the
 * best entry, on this worker plus the training pool (the app's path in worker/training.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { runLeaderboard, fitFinalModel, AUTOPILOT_TOP_LISTS, defaultFeatureLists, type Leaderboard, type LeaderboardProgress, type ModelInput } from '../lib/models';
import { embeddingLike } from '../lib/models/testing/synthetic';
import { Rng } from '../lib/models/rng';
import { poolRunners, releasePoolContext } from '../worker/trainPool/pool';
import { activateBackend } from '../lib/backend/backends';

export interface ScaleOptions {
  rows: number;
  classes: number;
  seed: number;
  /** false: this worker alone (the serial run). */
  pool: boolean;
  /** Abort the run after this many seconds (reported as not finished). */
  budgetSeconds: number;
  /** Also run serially and compare every out-of-fold probability bit for bit. */
  compareSerial?: boolean;
}

/** A title-like text column: a few class-typical words among common ones; every 4th row empty (missing). */
function titles(y: Int32Array, rng: Rng): string[] {
  return Array.from(y, (c, r) => {
    if (r % 4 === 0) return '';
    const words: string[] = [];
    for (let w = 0; w < 4; w++) words.push(rng.uniform() < 0.3 ? `genre${c}x${rng.int(5)}` : `word${rng.int(60)}`);
    return words.join(' ');
  });
}

/** A 40-d colour-like block for labels y: class means N(0, 0.3²) plus unit noise. */
function colourBlock(y: Int32Array, k: number, rng: Rng) {
  const d = 40;
  const mu = Array.from({ length: k }, () => Float64Array.from({ length: d }, () => 0.3 * rng.normal()));
  const data = Float32Array.from({ length: y.length * d }, (_, i) => mu[y[Math.floor(i / d)]][i % d] + rng.normal());
  return { rows: y.length, cols: d, data };
}

export function scaleInput(rows: number, classes: number, seed: number): { input: ModelInput; y: Int32Array } {
  const { X, y } = embeddingLike({ n: rows, d: 768, k: classes, seed });
  const rng = new Rng(seed + 1);
  const input: ModelInput = {
    n: rows,
    dense: { cover: X, colour: colourBlock(y, classes, rng) },
    text: { title: titles(y, rng) },
    categorical: {},
    numeric: {},
  };
  return { input, y };
}

function oofBits(lb: Leaderboard): string[] {
  return lb.entries.map((e) => `${e.key}:${Array.from(new Uint32Array(e.oof.buffer, e.oof.byteOffset, e.oof.length)).join(',')}`);
}

export async function benchLeaderboardScale(o: ScaleOptions) {
  if (tf.getBackend() !== 'wasm') await activateBackend('wasm');
  const { input, y } = scaleInput(o.rows, o.classes, o.seed);
  const classNames = Array.from({ length: o.classes }, (_, c) => `genre${c}`);
  const lists = defaultFeatureLists(input);
  const tensorsBefore = tf.memory().numTensors;
  const ctrl = new AbortController();
  let timer = setTimeout(() => ctrl.abort(), o.budgetSeconds * 1000);
  const t0 = performance.now();
  let poolWorkers = 0;
  // Where a run that hits its budget got to, and how long each model's fits have taken so far.
  let progress = { done: 0, total: 0 };
  const started = new Map<string, number>();
  const busy = new Map<string, number>();
  const onProgress = (p: LeaderboardProgress) => {
    progress = { done: p.done, total: p.total };
    if (p.model && !started.has(p.model)) started.set(p.model, performance.now());
    for (const [m, t] of started) busy.set(m, (performance.now() - t) / 1000);
  };
  try {
    const lb = await runLeaderboard(input, y, classNames, {
      featureLists: lists,
      folds: 5,
      seed: o.seed,
      signal: ctrl.signal,
      onProgress,
      topListsForCostly: AUTOPILOT_TOP_LISTS,
      runners: o.pool ? async (ctx, needs) => { const r = await poolRunners(ctx, needs.tensors ? tf.getBackend() : undefined); poolWorkers = r.length; return r; } : undefined,
    });
    const t1 = performance.now();
    const best = lb.entries.find((e) => e.cv && !e.error)!;
    const final = await fitFinalModel(input, y, classNames, best, { seed: o.seed, signal: ctrl.signal });
    final.dispose();
    const t2 = performance.now();
    let identicalToSerial: boolean | null = null;
    let serialSeconds: number | null = null;
    if (o.compareSerial) {
      // The serial run has a budget of its own: it is a check, not part of the timed run.
      clearTimeout(timer);
      timer = setTimeout(() => ctrl.abort(), o.budgetSeconds * 2000);
      const s0 = performance.now();
      const serial = await runLeaderboard(input, y, classNames, { featureLists: lists, folds: 5, seed: o.seed, signal: ctrl.signal, topListsForCostly: AUTOPILOT_TOP_LISTS });
      serialSeconds = (performance.now() - s0) / 1000;
      identicalToSerial = JSON.stringify(oofBits(serial)) === JSON.stringify(oofBits(lb));
    }
    return {
      rows: o.rows,
      classes: o.classes,
      finished: true,
      seconds: (t2 - t0) / 1000,
      leaderboardSeconds: (t1 - t0) / 1000,
      finalRefitSeconds: (t2 - t1) / 1000,
      finalModel: `${best.name} · ${best.featureListName}`,
      poolWorkers,
      featureLists: lists.map((l) => l.name),
      models: lb.entries.map((e) => ({ name: `${e.name} · ${e.featureListName}`, trainSeconds: e.trainSeconds, balancedAccuracy: e.cv?.balancedAccuracy ?? null, error: e.error ?? null })),
      identicalToSerial,
      serialSeconds,
      tensorsBefore,
      tensorsAfter: tf.memory().numTensors,
    };
  } catch (e) {
    if (!ctrl.signal.aborted) throw e;
    return {
      rows: o.rows,
      classes: o.classes,
      finished: false,
      seconds: (performance.now() - t0) / 1000,
      budgetSeconds: o.budgetSeconds,
      poolWorkers,
      fitsDone: progress.done,
      fitsTotal: progress.total,
      /** Seconds from each model's first fit starting to the last progress event (models run interleaved). */
      modelsStarted: [...busy].map(([name, s]) => ({ name, secondsSinceFirstFit: s })),
      tensorsBefore,
      tensorsAfter: tf.memory().numTensors,
    };
  } finally {
    clearTimeout(timer);
    releasePoolContext();
  }
}

export const leaderboardScaleApi = { benchLeaderboardScale };
