/**
 * Permutation impact on real leaderboard entries. The refitted fold models must reproduce the leaderboard's
 * out-of-fold score (same rows, seeds and class weights), so the unpermuted baseline equals the CV score.
 * BENCH=1 adds the 1 000-row timing (768-d cover + lyrics).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { runLeaderboard } from '../models/leaderboard';
import { gaussianBlobs, inputFrom } from '../models/testing/synthetic';
import { LYRICS } from '../models/testing/lyrics';
import { Rng } from '../models/rng';
import { foldFitter, impactGroupsOf } from './foldRefit';
import { permutationImpact } from './permutation';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const classNames = ['country', 'hiphop', 'metal'];

/** A cover with signal, plus lyrics: half the words from the class's own lyrics, half from any genre. */
function dataset(n: number, d: number, seed: number) {
  const { X, y } = gaussianBlobs({ n, d, k: 3, seed, separation: 3 });
  const rng = new Rng(seed + 1);
  const wordsOf = (g: string) => LYRICS.filter((r) => !g || r.genre === g).flatMap((r) => r.lyrics.split(' '));
  const own = classNames.map(wordsOf);
  const any = wordsOf('');
  const lyrics = Array.from(y, (c) => Array.from({ length: 12 }, (_, j) => (j % 2 ? own[c][rng.int(own[c].length)] : any[rng.int(any.length)])).join(' '));
  return { input: inputFrom({ cover: X }, { text: { lyrics } }), y };
}

const LISTS = [
  { id: 'image-only', name: 'image only', groups: ['cover'] },
  { id: 'text-only', name: 'text only', groups: ['text:lyrics'] },
];

async function impactOfEveryEntry(n: number, d: number, blueprintIds: string[], repeats: number) {
  const { input, y } = dataset(n, d, 11);
  const lb = await runLeaderboard(input, y, classNames, { seed: 4, folds: 5, blueprintIds, featureLists: LISTS });
  const out = [];
  for (const entry of lb.entries) {
    const t0 = performance.now();
    const r = await permutationImpact({
      input,
      labels: y,
      foldOf: lb.foldOf,
      nFolds: lb.nFolds,
      nClasses: 3,
      groups: impactGroupsOf(lb, entry),
      repeats,
      seed: 1,
      fitFold: foldFitter({ input, labels: y, leaderboard: lb, entry }),
    });
    out.push({ entry, r, seconds: (performance.now() - t0) / 1000 });
  }
  return out;
}

describe('permutation impact of leaderboard entries', () => {
  it('reproduces each entry’s CV score as the baseline, finds the groups it uses, frees every tensor', async () => {
    const before = tf.memory().numTensors;
    const results = await impactOfEveryEntry(150, 16, ['softmax-cover', 'snn-cover', 'text-tfidf', 'blender'], 2);
    expect(tf.memory().numTensors).toBe(before);
    const byId = Object.fromEntries(results.map((x) => [x.entry.blueprintId, x]));
    expect(Object.keys(byId).sort()).toEqual(['blender', 'snn-cover', 'softmax-cover', 'text-tfidf']);
    for (const { entry, r } of results) {
      expect(r.baseline).toBeCloseTo(entry.cv!.balancedAccuracy, 6);
      expect(r.foldBaselines).toEqual(entry.cv!.foldScores.map((s) => expect.closeTo(s, 6)));
    }
    expect(byId['softmax-cover'].r.groups.map((g) => g.groupId)).toEqual(['cover']);
    expect(byId['softmax-cover'].r.groups[0].drop).toBeGreaterThan(0.3);
    expect(byId['text-tfidf'].r.groups.map((g) => g.groupId)).toEqual(['text:lyrics']);
    expect(byId['text-tfidf'].r.groups[0].drop).toBeGreaterThan(0.1);
    const blend = byId.blender;
    const memberGroups = new Set(blend.entry.membersPerFold!.flat().flatMap((k) => results.find((x) => x.entry.key === k)!.entry.featureGroups));
    expect(new Set(blend.r.groups.map((g) => g.groupId))).toEqual(memberGroups);
  }, 120_000);

  it.runIf(process.env.BENCH)('times 1 000 rows × (768-d cover + lyrics)', async () => {
    const before = tf.memory().numTensors;
    const results = await impactOfEveryEntry(1000, 768, ['softmax-cover', 'text-tfidf', 'blender'], 3);
    expect(tf.memory().numTensors).toBe(before);
    for (const { entry, r, seconds } of results) {
      console.log(
        `${entry.key}: ${seconds.toFixed(1)} s, baseline ${r.baseline.toFixed(3)} (CV ${entry.cv!.balancedAccuracy.toFixed(3)}); ` +
          r.groups.map((g) => `${g.groupId} drop ${g.drop.toFixed(3)} ± ${g.sd.toFixed(3)}`).join(', '),
      );
      expect(r.baseline).toBeCloseTo(entry.cv!.balancedAccuracy, 6);
    }
  }, 1_200_000);
});
