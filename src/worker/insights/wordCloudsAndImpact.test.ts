/** The worker side of word clouds and feature impact, on a real (small) training run set into `training`. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { fitFinalModel, runLeaderboard } from '../../lib/models';
import { LYRICS } from '../../lib/models/testing/lyrics';
import { gaussianBlobs, inputFrom } from '../../lib/models/testing/synthetic';
import { training } from '../training';
import { wordClouds } from './wordClouds';
import { featureImpact } from './featureImpact';
import type { TaskProgress } from '../protocol';

const classNames = ['country', 'hiphop', 'metal'];
const never = new AbortController().signal;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const y = Int32Array.from(LYRICS, (r) => classNames.indexOf(r.genre));
  const { X } = gaussianBlobs({ n: LYRICS.length, d: 8, k: 3, seed: 3, separation: 0 });
  const input = inputFrom({ cover: X }, { text: { lyrics: LYRICS.map((r) => r.lyrics) } });
  const lists = [{ id: 'image-only', name: 'image only', groups: ['cover'] }];
  const leaderboard = await runLeaderboard(input, y, classNames, { seed: 2, folds: 3, blueprintIds: ['softmax-cover'], featureLists: lists });
  // The kept model has no text model: word clouds must fit their own.
  const finalModel = await fitFinalModel(input, y, classNames, leaderboard.entries[0], { seed: 2 });
  Object.assign(training, { leaderboard, input, labels: y, classNames, rows: [], groups: undefined, seed: 2, finalModel, finalModelKey: leaderboard.entries[0].key });
});

describe('wordClouds (worker)', () => {
  it('counts lyrics words per genre and colours them with a text model fitted for the column', async () => {
    const r = await wordClouds({ column: 'lyrics', stopWords: true, maxTerms: 5 }, never);
    expect(r.coefficientModel).toMatch(/TF-IDF Text Softmax on lyrics only/);
    const metal = r.classes.find((c) => c.className === 'metal')!;
    expect(metal.documents).toBe(10);
    const fire = metal.terms.find((t) => t.term === 'fire')!;
    // "fire" in the 10 metal lyrics, by hand: Iron Thunder, Abyss of Fire, Grave Rider, Steel Warlord,
    // Eternal Fire, Burning Steel Sky once each (titles are another column)
    expect(fire.count).toBe(6);
    expect(fire.coefficient).toBeGreaterThan(0);
    expect(metal.terms.every((t) => !['the', 'and', 'of'].includes(t.term))).toBe(true);
    expect(r.maxAbsCoefficient).toBe(Math.max(...r.classes.flatMap((c) => c.terms.map((t) => Math.abs(t.coefficient)))));
    const again = await wordClouds({ column: 'lyrics', stopWords: false, maxTerms: 5 }, never);
    expect(again.classes[2].terms[0].term).toBe('the');
  });

  it('takes the coefficients from the kept model when it has a text model on the column', async () => {
    const kept = await fitFinalModel(training.input!, training.labels, classNames, { blueprintId: 'text-tfidf', featureGroups: ['text:lyrics'] }, { seed: 5 });
    const own = new Map(kept.termWeights!().map((w) => [w.term, w.weights]));
    const previous = training.finalModel;
    training.finalModel = kept;
    try {
      const r = await wordClouds({ column: 'lyrics', stopWords: true, maxTerms: 3 }, never);
      expect(r.coefficientModel).toMatch(/kept model/);
      for (const [c, cls] of r.classes.entries()) for (const t of cls.terms) expect(t.coefficient).toBe(own.get(t.term)![c]);
    } finally {
      training.finalModel = previous;
      kept.dispose();
    }
  });

  it('rejects a column that is not text', async () => {
    await expect(wordClouds({ column: 'nope', stopWords: false, maxTerms: 5 }, never)).rejects.toThrow(/not a text column/);
  });
});

describe('featureImpact (worker)', () => {
  it('permutes the groups of the chosen model, labels them, reports progress', async () => {
    const events: TaskProgress[] = [];
    const r = await featureImpact({ modelKey: training.leaderboard!.entries[0].key, repeats: 2, seed: 9 }, never, (p) => events.push(p));
    expect(r.groups.map((g) => [g.groupId, g.label])).toEqual([['cover', 'cover embedding (MobileNet)']]);
    expect(r.baseline).toBeCloseTo(training.leaderboard!.entries[0].cv!.balancedAccuracy, 6);
    expect(r.repeats).toBe(2);
    expect(events.at(-1)).toMatchObject({ done: 3 * (1 + 2), total: 9 });
  });
});
