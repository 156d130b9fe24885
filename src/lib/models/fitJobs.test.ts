import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { runLeaderboard, type Leaderboard } from './leaderboard';
import { REGISTRY } from './registry';
import { fitJob, runFitJobs, type FitContext, type FitJob, type FitOutcome, type FitRunner } from './fitJobs';
import { gaussianBlobs, inputFrom } from './testing/synthetic';
import { LYRICS } from './testing/lyrics';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const classNames = ['country', 'hiphop', 'metal'];

function multimodal() {
  const n = 90;
  const { X, y } = gaussianBlobs({ n, d: 24, k: 3, seed: 41, separation: 2.5 });
  const colour = gaussianBlobs({ n, d: 5, k: 3, seed: 42, separation: 1 }).X;
  const byGenre = classNames.map((g) => LYRICS.filter((r) => r.genre === g));
  const lyrics = Array.from(y, (c, r) => byGenre[c][r % 10].lyrics);
  return { input: inputFrom({ cover: X, colour }, { text: { lyrics } }), y };
}

function bits(a: Float32Array | null): string {
  return a ? Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64') : '';
}

/** Everything a user or an insight reads, typed arrays as exact bits (trainSeconds left out: wall time). */
function fingerprint(lb: Leaderboard) {
  return lb.entries.map((e) => ({
    key: e.key,
    cv: e.cv,
    holdout: e.holdout,
    oof: bits(e.oof),
    holdoutProba: bits(e.holdoutProba),
    confusion: e.confusion,
    details: e.details,
    members: e.membersPerFold,
    error: e.error,
  }));
}

/**
 * A runner like a pool worker, on its own copy of the context (as a worker gets it by structured clone),
 * finishing after a varying delay so that fits complete out of plan order; `tensors`: it also takes tfjs fits
 * (same backend, as a pool worker that started the studio worker's backend).
 */
function poolLikeRunner(ctx: FitContext, log: number[], tensors: boolean): FitRunner {
  const copy = structuredClone(ctx);
  return {
    tensors,
    async run(job: FitJob) {
      const out = await fitJob(copy, structuredClone(job));
      await new Promise((r) => setTimeout(r, (job.index * 7) % 13));
      log.push(job.index);
      return structuredClone(out);
    },
  };
}

describe('fits on several runners', () => {
  it('give a leaderboard identical, bit for bit, to the serial run', async () => {
    const { input, y } = multimodal();
    // Every kind of fit once (softmax, SNN, colour, text), CV folds and the holdout fit.
    const featureLists = [
      { id: 'image-only', name: 'image only', groups: ['cover', 'colour'] },
      { id: 'text-only', name: 'text only', groups: ['text:lyrics'] },
    ];
    const opts = { seed: 5, holdoutFraction: 0.2, featureLists, blueprintIds: ['softmax-cover', 'snn-cover', 'colour-softmax', 'text-tfidf', 'blender'] };
    const serial = await runLeaderboard(input, y, classNames, opts);
    const order: number[] = [];
    const before = tf.memory().numTensors;
    const pooled = await runLeaderboard(input, y, classNames, { ...opts, runners: (ctx) => [poolLikeRunner(ctx, order, false), poolLikeRunner(ctx, order, true)] });
    expect(tf.memory().numTensors).toBe(before);
    // the pool really took fits, and they did not come back in plan order
    expect(order.length).toBeGreaterThan(5);
    expect(order).not.toEqual([...order].sort((a, b) => a - b));
    expect(serial.entries.some((e) => e.blueprintId === 'snn-cover')).toBe(true);
    expect(fingerprint(pooled)).toEqual(fingerprint(serial));
  }, 300_000);

  it('asks the pool for a tfjs backend only when a blueprint of the run holds tensors', async () => {
    const { input, y } = multimodal();
    const featureLists = [{ id: 'image-only', name: 'image only', groups: ['cover', 'colour'] }];
    const asked: boolean[] = [];
    const runners = (_ctx: FitContext, needs: { tensors: boolean }) => (asked.push(needs.tensors), []);
    // Every shipped model blueprint is plain TypeScript…
    await runLeaderboard(input, y, classNames, { seed: 1, featureLists, blueprintIds: ['softmax-cover', 'snn-cover', 'colour-softmax'], runners });
    // …a blueprint that is not marked tensor-free makes the pool start tfjs.
    const tensorBlueprint = { ...REGISTRY.find((b) => b.id === 'colour-softmax')!, id: 'colour-tensors', tensorFree: undefined };
    await runLeaderboard(input, y, classNames, { seed: 1, featureLists, registry: [tensorBlueprint] as never, runners });
    expect(asked).toEqual([false, true]);
  }, 120_000);

  it('hands the job of a broken runner to another, and keeps tfjs fits off tensor-free runners', async () => {
    const jobs = [0, 1, 2, 3].map((i) => ({ index: i, usesTensors: i === 3 }) as FitJob);
    const ran: string[] = [];
    const ok = (name: string, tensors: boolean): FitRunner => ({
      tensors,
      async run(job): Promise<FitOutcome> {
        ran.push(`${name}:${job.index}`);
        await new Promise((r) => setTimeout(r, 5));
        return { proba: null, details: { by: name }, seconds: 0 };
      },
    });
    const broken: FitRunner = { tensors: false, run: () => Promise.reject(new Error('worker crashed')) };
    const out = await runFitJobs(jobs, [ok('main', true), broken]);
    expect(out.map((o) => o.details.by)).toEqual(['main', 'main', 'main', 'main']);
    expect(ran[0]).toBe('main:3');
    await expect(runFitJobs(jobs, [broken])).rejects.toThrow(/no runner can fit tfjs models/);
  });

  it('an abort stops every runner and rejects with AbortError', async () => {
    const ctrl = new AbortController();
    const jobs = [0, 1, 2, 3, 4, 5].map((i) => ({ index: i, usesTensors: false }) as FitJob);
    let started = 0;
    const slow: FitRunner = {
      tensors: true,
      async run(_job, signal) {
        started++;
        await new Promise((r) => setTimeout(r, 5));
        if (signal?.aborted) throw new DOMException('cancelled', 'AbortError');
        return { proba: null, details: {}, seconds: 0 };
      },
    };
    const run = runFitJobs(jobs, [slow, { ...slow }], { signal: ctrl.signal, onDone: () => ctrl.abort() });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(started).toBeLessThan(6);
  });
});
