import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { bestListIds, fitFinalModel, runLeaderboard, type Leaderboard, type LeaderboardEntry, type LeaderboardProgress } from './leaderboard';
import { gaussianBlobs, inputFrom } from './testing/synthetic';
import { LYRICS } from './testing/lyrics';
import { REGISTRY } from './registry';
import { defaultFeatureLists } from './featureLists';
import type { Blueprint, ModelInput } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const classNames = ['country', 'hiphop', 'metal'];

/** 90 rows: a weakly informative 32-d cover, a colour group, lyrics, an artist category. */
function smallMultimodal(): { input: ModelInput; y: Int32Array; artist: string[] } {
  const n = 90;
  const { X, y } = gaussianBlobs({ n, d: 32, k: 3, seed: 31, separation: 2.5 });
  const colour = gaussianBlobs({ n, d: 6, k: 3, seed: 32, separation: 0 }).X;
  const byGenre = classNames.map((g) => LYRICS.filter((r) => r.genre === g));
  const lyrics = Array.from(y, (c, r) => byGenre[c][r % 10].lyrics);
  const artist = Array.from(y, (c, r) => `${classNames[c]}-artist-${r % 7}`);
  return { input: inputFrom({ cover: X, colour }, { text: { lyrics } }), y, artist };
}

function bits(a: Float32Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

function fingerprint(lb: Leaderboard) {
  return lb.entries.map((e) => ({ key: e.key, cv: e.cv, oof: bits(e.oof), confusion: e.confusion }));
}

describe('a full leaderboard run', () => {
  it('ranks every blueprint, reports progress per model × fold, and frees every tensor', async () => {
    const { input, y } = smallMultimodal();
    const events: LeaderboardProgress[] = [];
    const before = tf.memory().numTensors;
    const lb = await runLeaderboard(input, y, classNames, { seed: 7, onProgress: (p) => events.push(p) });
    expect(tf.memory().numTensors).toBe(before);
    // Every blueprint on every default feature list where it adds something new: not twice on the same groups,
    // and not on a list it would read only part of ('cover + text' for the cover models: the cover alone) when
    // it reads more of another (cover + colour on 'image only').
    expect(lb.featureLists.map((l) => l.id)).toEqual(['image-only', 'text-only', 'cover-text', 'all']);
    expect(lb.entries.map((e) => e.key).sort()).toEqual(
      [
        'colour-softmax@image-only',
        'snn-cover@image-only',
        'snn-multimodal@all',
        'snn-multimodal@cover-text',
        'softmax-cover@image-only',
        'text-tfidf@text-only',
        lb.entries.find((e) => e.blueprintId === 'blender')!.key,
      ].sort(),
    );
    const fitted = lb.entries.filter((e) => e.blueprintId !== 'blender');
    for (const e of lb.entries) {
      expect(e.error).toBeUndefined();
      expect(e.cv!.foldScores).toHaveLength(5);
      expect(e.cv!.foldSd).toBeGreaterThanOrEqual(0);
      expect(e.confusion.flat().reduce((a, b) => a + b)).toBe(input.n);
      expect(e.perClass).toHaveLength(3);
      expect(e.featureGroups.length).toBeGreaterThan(0);
    }
    const scores = lb.entries.map((e) => e.cv!.balancedAccuracy);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(lb.chanceLevel).toBeCloseTo(1 / 3);
    // one event before each fit, plus a final one
    const fits = fitted.length * 5;
    expect(events).toHaveLength(fits + 1);
    expect(events.at(-1)!.done).toBe(fits);
    expect(events.at(-1)!.total).toBe(fits);
    expect(events[0].etaSeconds).toBeNull();
    expect(events[5].etaSeconds).toBeGreaterThan(0);
    expect(events.slice(0, 5).map((e) => e.fold)).toEqual([0, 1, 2, 3, 4]);
    // the text model sees only text, the colour model only colour
    expect(lb.entries.find((e) => e.blueprintId === 'text-tfidf')!.featureGroups).toEqual(['text:lyrics']);
    expect(lb.entries.find((e) => e.blueprintId === 'colour-softmax')!.featureGroups).toEqual(['colour']);
    // the linear models choose their L2 strength per fold (inner CV) and report it
    for (const e of lb.entries.filter((x) => ['softmax-cover', 'colour-softmax', 'text-tfidf'].includes(x.blueprintId))) {
      expect(e.details).toHaveLength(5);
      for (const d of e.details) {
        expect(d.l2Choice).toBe('inner CV');
        expect(d.l2 as number).toBeGreaterThan(0);
        expect(d.C as number).toBeGreaterThan(0);
      }
    }
  }, 300_000);
});

describe('determinism', () => {
  it('same seed → bit-identical leaderboard for every blueprint (SNNs included, CPU backend)', async () => {
    const { input, y } = smallMultimodal();
    // 'image only' + 'all features' is the smallest set of lists on which every blueprint runs once.
    const featureLists = defaultFeatureLists(input).filter((l) => l.id === 'image-only' || l.id === 'all');
    const a = await runLeaderboard(input, y, classNames, { seed: 3, featureLists });
    const b = await runLeaderboard(input, y, classNames, { seed: 3, featureLists });
    expect(a.entries.map((e) => e.blueprintId).sort()).toEqual(
      ['blender', 'colour-softmax', 'snn-cover', 'snn-multimodal', 'softmax-cover', 'text-tfidf'].sort(),
    );
    expect(fingerprint(a)).toEqual(fingerprint(b));
    expect(a.entries.every((e) => e.cv && !e.error)).toBe(true);
    expect(a.foldOf).toEqual(b.foldOf);
    const c = await runLeaderboard(input, y, classNames, { seed: 4, blueprintIds: ['softmax-cover'] });
    expect(c.foldOf).not.toEqual(a.foldOf);
  }, 300_000);
});

describe('no leakage through dense features', () => {
  it('random cover embeddings score at chance under CV', async () => {
    const { X } = gaussianBlobs({ n: 210, d: 100, k: 3, seed: 8, separation: 0 });
    const labels = Int32Array.from({ length: 210 }, (_, i) => i % 3);
    const lb = await runLeaderboard(inputFrom({ cover: X }), labels, classNames, { seed: 2, blueprintIds: ['softmax-cover'] });
    expect(lb.entries[0].cv!.balancedAccuracy).toBeLessThan(1 / 3 + 0.15);
  });
});

describe('holdout, groups, failures, cancellation', () => {
  it('keeps a stratified 20 % holdout out of CV and scores it at the end', async () => {
    const { input, y } = smallMultimodal();
    const lb = await runLeaderboard(input, y, classNames, {
      seed: 1,
      holdoutFraction: 0.2,
      blueprintIds: ['softmax-cover', 'text-tfidf', 'blender'],
    });
    expect(lb.holdoutIdx.length).toBe(18);
    for (const r of lb.holdoutIdx) expect(lb.foldOf[r]).toBe(-1);
    for (const e of lb.entries) {
      expect(e.holdout).not.toBeNull();
      expect(e.holdoutProba!.length).toBe(18 * 3);
      expect(Number.isNaN(e.oof[lb.holdoutIdx[0] * 3])).toBe(true);
      expect(e.confusion.flat().reduce((a, b) => a + b)).toBe(72);
    }
  });

  it('grouped CV never puts a group on both sides', async () => {
    const { input, y, artist } = smallMultimodal();
    const lb = await runLeaderboard(input, y, classNames, { seed: 1, groups: artist, blueprintIds: ['softmax-cover'] });
    expect(lb.grouped).toBe(true);
    const foldOfArtist = new Map<string, number>();
    artist.forEach((a, r) => {
      if (foldOfArtist.has(a)) expect(lb.foldOf[r]).toBe(foldOfArtist.get(a));
      foldOfArtist.set(a, lb.foldOf[r]);
    });
  });

  it('a failing blueprint becomes an entry with an error, not a crash', async () => {
    const { input, y } = smallMultimodal();
    const broken: Blueprint = {
      kind: 'model',
      id: 'broken',
      name: 'Broken',
      description: 'always throws',
      featureGroups: () => ['cover'],
      requires: () => true,
      fit: async () => {
        throw new Error('out of memory');
      },
    };
    const registry = [broken, ...REGISTRY.filter((b) => b.id === 'softmax-cover')];
    const events: LeaderboardProgress[] = [];
    const lb = await runLeaderboard(input, y, classNames, {
      registry,
      featureLists: [{ id: 'i', name: 'image', groups: ['cover'] }],
      onProgress: (p) => events.push(p),
    });
    expect(lb.entries.at(-1)!.error).toBe('out of memory');
    expect(lb.entries.at(-1)!.cv).toBeNull();
    expect(lb.entries[0].cv).not.toBeNull();
    expect(events.at(-1)!.done).toBe(10);
  });

  it('an abort between folds rejects with AbortError and leaves no tensors', async () => {
    const { input, y } = smallMultimodal();
    const ctrl = new AbortController();
    const before = tf.memory().numTensors;
    const run = runLeaderboard(input, y, classNames, {
      blueprintIds: ['snn-cover'],
      signal: ctrl.signal,
      onProgress: (p) => p.done === 2 && ctrl.abort(),
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('autopilot stages', () => {
  it('runs the costly SNNs only on the best list of the first stage, each entry bit-identical to the full run', async () => {
    const { input, y } = smallMultimodal();
    const blueprintIds = ['softmax-cover', 'text-tfidf', 'snn-cover', 'snn-multimodal'];
    const full = await runLeaderboard(input, y, classNames, { seed: 7, blueprintIds });
    const staged = await runLeaderboard(input, y, classNames, { seed: 7, blueprintIds, topListsForCostly: 1 });
    const cheap = full.entries.filter((e) => !e.blueprintId.startsWith('snn') && !e.members);
    const ranked = [...cheap].sort((a, b) => b.cv!.balancedAccuracy - a.cv!.balancedAccuracy || a.cv!.logLoss - b.cv!.logLoss);
    for (const [id, lists] of [['snn-cover', 1], ['snn-multimodal', 2]] as const) {
      // Each SNN on the best of the lists it can run on (by the cheap models' scores there), and nowhere else.
      const canRun = full.entries.filter((e) => e.blueprintId === id).map((e) => e.featureListId);
      expect(canRun.length).toBe(lists);
      // No cheap model scored on any of them (the multimodal SNN's lists): the first in list order.
      const best = ranked.find((e) => canRun.includes(e.featureListId))?.featureListId ?? full.featureLists.map((l) => l.id).find((l) => canRun.includes(l));
      expect(staged.entries.filter((e) => e.blueprintId === id).map((e) => e.featureListId)).toEqual([best]);
    }
    const byKey = new Map(fingerprint(full).map((f) => [f.key, f]));
    for (const f of fingerprint(staged)) expect(f).toEqual(byKey.get(f.key));
  }, 300_000);

  it('ranks unscored lists last, in the order given', () => {
    const unscored = [{ featureListId: 'a', cv: null }, { featureListId: 'b', cv: null }] as unknown as LeaderboardEntry[];
    expect(bestListIds(unscored, 1, ['b', 'a'])).toEqual(new Set(['b']));
    expect(bestListIds(unscored, 2, ['b', 'a'])).toEqual(new Set(['a', 'b']));
  });
});

describe('final model', () => {
  it('refits the best entry (and a blend) on all rows and predicts new albums with new text', async () => {
    const { input, y } = smallMultimodal();
    const lb = await runLeaderboard(input, y, classNames, {
      seed: 2,
      blueprintIds: ['softmax-cover', 'text-tfidf', 'snn-multimodal', 'blender'],
      featureLists: defaultFeatureLists(input).filter((l) => l.id === 'all'),
    });
    const blend = lb.entries.find((e) => e.blueprintId === 'blender')!;
    expect(blend.members).toHaveLength(3);
    const before = tf.memory().numTensors;
    const fresh: ModelInput = {
      n: 2,
      dense: { cover: { rows: 2, cols: 32, data: input.dense.cover.data.slice(0, 64) }, colour: { rows: 2, cols: 6, data: new Float32Array(12) } },
      text: { lyrics: ['whiskey on a dirt road in my old truck', 'blood and fire, darkness and steel'] },
      categorical: {},
      numeric: {},
    };
    for (const entry of [lb.entries[0], blend]) {
      const model = await fitFinalModel(input, y, classNames, entry, { seed: 2 });
      const p = model.predictProba(fresh);
      expect(p.length).toBe(6);
      expect(p[0] + p[1] + p[2]).toBeCloseTo(1, 5);
      expect(model.featureGroups.length).toBeGreaterThan(0);
      model.dispose();
    }
    const text = await fitFinalModel(input, y, classNames, { blueprintId: 'text-tfidf', featureGroups: ['text:lyrics'] });
    const p = text.predictProba(fresh);
    expect(p[0]).toBeGreaterThan(Math.max(p[1], p[2]));
    expect(p[5]).toBeGreaterThan(Math.max(p[3], p[4]));
    expect(text.termWeights!().length).toBeGreaterThan(10);
    text.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);

  it('fits a searched model at the median C its CV folds chose, without searching again; a blend passes it to its members', async () => {
    const { input, y } = smallMultimodal();
    const lb = await runLeaderboard(input, y, classNames, { seed: 3, blueprintIds: ['softmax-cover', 'text-tfidf', 'blender'], featureLists: defaultFeatureLists(input).filter((l) => l.id === 'all') });
    const softmax = lb.entries.find((e) => e.blueprintId === 'softmax-cover')!;
    const foldCs = softmax.details.map((d) => d.C as number).sort((a, b) => a - b);
    expect(softmax.details.every((d) => d.l2Choice === 'inner CV')).toBe(true);
    expect(softmax.tunedC).toBe(foldCs[2]);
    const model = await fitFinalModel(input, y, classNames, softmax, { seed: 3 });
    expect(model.describe()[0]).toMatchObject({ l2Choice: 'CV folds', C: foldCs[2] });
    const blend = lb.entries.find((e) => e.blueprintId === 'blender')!;
    expect(blend.memberSpecs!.map((m) => m.tunedC)).toEqual(blend.members!.map((key) => lb.entries.find((e) => e.key === key)!.tunedC));
    // A recipe without a CV's choice (e.g. a view that fits its own model) still searches.
    const own = await fitFinalModel(input, y, classNames, { blueprintId: 'softmax-cover', featureGroups: softmax.featureGroups }, { seed: 3 });
    expect(own.describe()[0]).toMatchObject({ l2Choice: 'inner CV' });
  }, 120_000);
});

describe('blender entry on the leaderboard', () => {
  it('its OOF predictions are the mean of its per-fold members’ OOF predictions', async () => {
    const { input, y } = smallMultimodal();
    const lb = await runLeaderboard(input, y, classNames, {
      seed: 6,
      blueprintIds: ['softmax-cover', 'text-tfidf', 'colour-softmax', 'blender'],
    });
    const blend = lb.entries.find((e) => e.blueprintId === 'blender')!;
    const byKey = new Map(lb.entries.map((e) => [e.key, e]));
    for (let r = 0; r < input.n; r++) {
      const members = blend.membersPerFold![lb.foldOf[r]].map((k) => byKey.get(k)!);
      for (let c = 0; c < 3; c++) {
        const mean = members.reduce((a, m) => a + m.oof[r * 3 + c], 0) / members.length;
        expect(blend.oof[r * 3 + c]).toBeCloseTo(mean, 6);
      }
    }
  });
});
