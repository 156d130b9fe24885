import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { textTfidf } from './textTfidf';
import { runLeaderboard } from '../leaderboard';
import { LYRICS } from '../testing/lyrics';
import { Rng } from '../rng';
import { balancedClassWeights } from '../cv';
import type { ModelInput } from '../types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const classNames = ['country', 'hiphop', 'metal'];
const y = Int32Array.from(LYRICS, (r) => classNames.indexOf(r.genre));
const input: ModelInput = {
  n: LYRICS.length,
  dense: {},
  text: { lyrics: LYRICS.map((r) => r.lyrics), title: LYRICS.map((r) => r.title) },
  categorical: {},
  numeric: {},
};

describe('text model on hand-written lyrics', () => {
  it('5-fold CV on lyrics alone reaches high balanced accuracy', async () => {
    const lb = await runLeaderboard(input, y, classNames, {
      blueprintIds: ['text-tfidf'],
      featureLists: [{ id: 'lyrics', name: 'lyrics', groups: ['text:lyrics'] }],
      seed: 1,
    });
    expect(lb.entries).toHaveLength(1);
    expect(lb.entries[0].cv!.balancedAccuracy).toBeGreaterThan(0.85);
  });

  it('a title-like column alone still beats chance clearly', async () => {
    const lb = await runLeaderboard(input, y, classNames, {
      blueprintIds: ['text-tfidf'],
      featureLists: [{ id: 'title', name: 'title', groups: ['text:title'] }],
      seed: 1,
    });
    expect(lb.entries[0].featureGroups).toEqual(['text:title']);
    expect(lb.entries[0].cv!.balancedAccuracy).toBeGreaterThan(0.5);
  });

  it('term weights point at the indicative words, per column', async () => {
    const all = Int32Array.from({ length: input.n }, (_, i) => i);
    const m = await textTfidf.fit(input, all, y, {
      nClasses: 3,
      classWeights: balancedClassWeights(y, all, 3),
      seed: 0,
      featureGroups: ['text:lyrics', 'text:title'],
    });
    const tw = m.termWeights!();
    expect(new Set(tw.map((t) => t.column))).toEqual(new Set(['lyrics', 'title']));
    const top = (c: number) =>
      tw
        .filter((t) => t.column === 'lyrics')
        .sort((a, b) => b.weights[c] - a.weights[c])
        .slice(0, 10)
        .map((t) => t.term);
    expect(top(0)).toContain('whiskey');
    expect(top(1)).toContain('flow');
    expect(top(2)).toContain('blood');
    // new text is predicted through the fitted vocabulary
    const fresh: ModelInput = { ...input, n: 1, text: { lyrics: ['whiskey and my truck on a dirt road'], title: ['Road'] } };
    const p = m.predictProba(fresh, Int32Array.from([0]));
    expect(p[0]).toBeGreaterThan(p[1]);
    expect(p[0]).toBeGreaterThan(p[2]);
    m.dispose();
  });

  it('the vocabulary comes from the training rows only', async () => {
    const docs = LYRICS.map((r) => r.lyrics);
    docs[29] += ' zyzzyva';
    const inp: ModelInput = { ...input, text: { lyrics: docs } };
    const train = Int32Array.from({ length: 29 }, (_, i) => i);
    const m = await textTfidf.fit(inp, train, y, {
      nClasses: 3,
      classWeights: balancedClassWeights(y, train, 3),
      seed: 0,
      featureGroups: ['text:lyrics'],
    });
    const terms = new Set(m.termWeights!().map((t) => t.term));
    expect(terms.has('zyzzyva')).toBe(false);
    expect(terms.has('whiskey')).toBe(true);
  });
});

describe('no leakage through text', () => {
  it('text that is pure noise keyed to row ids scores at chance under CV', async () => {
    const n = 210;
    const rng = new Rng(99);
    const word = () => Array.from({ length: 8 }, () => String.fromCharCode(97 + rng.int(26))).join('');
    const noise: ModelInput = {
      n,
      dense: {},
      text: { notes: Array.from({ length: n }, () => `${word()} ${word()} ${word()}`) },
      categorical: {},
      numeric: {},
    };
    const labels = Int32Array.from({ length: n }, (_, i) => i % 3);
    const lb = await runLeaderboard(noise, labels, ['a', 'b', 'c'], { blueprintIds: ['text-tfidf'], seed: 5 });
    expect(lb.entries[0].cv!.balancedAccuracy).toBeLessThan(1 / 3 + 0.15);
  });

  it('noise words from a shared vocabulary (which the model does fit) also score at chance', async () => {
    const n = 210;
    const rng = new Rng(7);
    const vocab = Array.from({ length: 60 }, (_, i) => `word${i}`);
    const noise: ModelInput = {
      n,
      dense: {},
      text: { notes: Array.from({ length: n }, () => Array.from({ length: 6 }, () => vocab[rng.int(60)]).join(' ')) },
      categorical: {},
      numeric: {},
    };
    const labels = Int32Array.from({ length: n }, (_, i) => i % 3);
    const lb = await runLeaderboard(noise, labels, ['a', 'b', 'c'], { blueprintIds: ['text-tfidf'], seed: 5 });
    expect(lb.entries[0].details[0].terms).toBeGreaterThan(60);
    expect(lb.entries[0].cv!.balancedAccuracy).toBeLessThan(1 / 3 + 0.15);
  });
});
