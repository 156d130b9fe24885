import { describe, expect, it } from 'vitest';
import { permutationImpact, permuteGroup, subsetInput, type FoldModel, type PermutationOptions, type PermutationProgress } from './permutation';
import type { ModelInput } from '../models/types';

/*
 * 600 CV rows, 3 balanced classes, 5 folds of 120 (40 per class), plus 30 holdout rows (fold -1).
 *   signal: one dense column = the label         noise: one dense column = 10000 + row (unique, no signal)
 *   text / cat / num columns each carry the label too (for the group-kind test).
 * A model that reads only `signal` is perfect (baseline 1); shuffling `signal` inside a fold leaves it at
 * chance (1/3), so its drop ≈ 2/3; shuffling `noise` changes nothing, drop exactly 0.
 */
const N_CV = 600;
const N = 630;
const K = 3;
const WORDS = ['country', 'hiphop', 'metal'];
const labels = Int32Array.from({ length: N }, (_, i) => i % K);
const foldOf = Int32Array.from({ length: N }, (_, i) => (i < N_CV ? Math.floor(i / K) % 5 : -1));

function makeInput(): ModelInput {
  return {
    n: N,
    dense: {
      signal: { rows: N, cols: 1, data: Float32Array.from(labels) },
      noise: { rows: N, cols: 1, data: Float32Array.from({ length: N }, (_, i) => 10000 + i) },
    },
    text: { words: Array.from(labels, (c) => `a ${WORDS[c]} song`) },
    categorical: { genreTag: Array.from(labels, (c) => WORDS[c]) },
    numeric: { code: Float64Array.from(labels, (c) => c * 10) },
  };
}

const oneHot = (classes: number[]) => {
  const out = new Float32Array(classes.length * K);
  classes.forEach((c, i) => (out[i * K + c] = 1));
  return out;
};

/** A model that predicts the class read from one column of the input. */
function reader(read: (inp: ModelInput, r: number) => number): FoldModel & { disposed: number } {
  return {
    disposed: 0,
    predict: (inp, idx) => oneHot(Array.from(idx, (r) => read(inp, r))),
    dispose() {
      this.disposed++;
    },
  };
}

const readSignal = (inp: ModelInput, r: number) => Math.round(inp.dense.signal.data[r]);

function options(over: Partial<PermutationOptions> = {}): PermutationOptions {
  return {
    input: makeInput(),
    labels,
    foldOf,
    nFolds: 5,
    nClasses: K,
    groups: ['signal', 'noise'],
    repeats: 3,
    seed: 1,
    fitFold: async () => reader(readSignal),
    ...over,
  };
}

describe('permutationImpact', () => {
  it('gives the signal group a drop of baseline − chance and the noise group none', async () => {
    const r = await permutationImpact(options());
    expect(r.baseline).toBe(1);
    expect(r.foldBaselines).toEqual([1, 1, 1, 1, 1]);
    const [signal, noise] = r.groups;
    expect(signal.groupId).toBe('signal');
    expect(signal.drop).toBeCloseTo(1 - 1 / 3, 1);
    expect(signal.drops).toHaveLength(3);
    expect(signal.sd).toBeGreaterThan(0);
    const m = signal.drops.reduce((a, b) => a + b) / 3;
    expect(signal.sd).toBeCloseTo(Math.sqrt(signal.drops.reduce((a, d) => a + (d - m) ** 2, 0) / 2), 12);
    expect(signal.normalized).toBe(1);
    expect(noise).toMatchObject({ drop: 0, sd: 0, normalized: 0, drops: [0, 0, 0] });
  });

  it.each([
    ['text:words', (inp: ModelInput, r: number) => WORDS.indexOf(inp.text.words[r].split(' ')[1])],
    ['cat:genreTag', (inp: ModelInput, r: number) => WORDS.indexOf(inp.categorical.genreTag[r])],
    ['num:code', (inp: ModelInput, r: number) => inp.numeric.code[r] / 10],
  ])('shuffles the values of a %s group', async (group, read) => {
    const r = await permutationImpact(options({ groups: [group, 'signal'], fitFold: async () => reader(read) }));
    expect(r.baseline).toBe(1);
    expect(r.groups[0].drop).toBeCloseTo(2 / 3, 1);
    expect(r.groups[1].drop).toBe(0);
  });

  it('is deterministic per seed', async () => {
    const a = await permutationImpact(options({ seed: 7 }));
    const b = await permutationImpact(options({ seed: 7 }));
    const c = await permutationImpact(options({ seed: 8 }));
    expect(b.groups).toEqual(a.groups);
    expect(c.groups[0].drops).not.toEqual(a.groups[0].drops);
  });

  it('never lets a permutation touch training rows, holdout rows or the input', async () => {
    const input = makeInput();
    const pristine = structuredClone(input);
    const seenTrain: number[][] = [];
    let leaks = 0;
    let predictCalls = 0;
    const fitFold = async (f: number, trainIdx: Int32Array) => {
      seenTrain.push(Array.from(trainIdx));
      // The model is fitted on the input as the caller gave it (nothing permuted yet, nothing ever).
      expect(input).toEqual(pristine);
      // A memorising model: it knows every training row's noise value. If a permutation pulled values from
      // training (or holdout) rows into the validation rows, it would see them here.
      const trainNoise = new Set(Array.from(trainIdx, (r) => input.dense.noise.data[r]));
      const validNoise = Array.from({ length: N }, (_, r) => r).filter((r) => foldOf[r] === f).map((r) => input.dense.noise.data[r]);
      return {
        predict(inp: ModelInput, idx: Int32Array) {
          predictCalls++;
          const noise = Array.from(idx, (r) => inp.dense.noise.data[r]);
          leaks += noise.filter((v) => trainNoise.has(v) || v >= 10000 + N_CV).length;
          expect([...noise].sort((x, y) => x - y)).toEqual(validNoise);
          return oneHot(Array.from(idx, (r) => readSignal(inp, r)));
        },
        dispose() {},
      };
    };
    await permutationImpact(options({ input, fitFold, groups: ['noise', 'signal'], repeats: 2 }));
    expect(leaks).toBe(0);
    expect(predictCalls).toBe(5 * (1 + 2 * 2));
    expect(input).toEqual(pristine);
    seenTrain.forEach((train, f) => {
      expect(train).toEqual(Array.from({ length: N }, (_, r) => r).filter((r) => foldOf[r] >= 0 && foldOf[r] !== f));
    });
  });

  it('keeps a negative drop signed and normalizes it to 0', async () => {
    // The model is wrong exactly when `spoiler` agrees with `signal` — always, unpermuted. Shuffling `spoiler`
    // makes it right on ≈ 2/3 of the rows, so the drop is ≈ −2/3; shuffling `signal` keeps it wrong (drop 0).
    const input = makeInput();
    input.dense.spoiler = { rows: N, cols: 1, data: Float32Array.from(labels) };
    const spoilt = (inp: ModelInput, r: number) => {
      const s = readSignal(inp, r);
      return inp.dense.spoiler.data[r] === s ? (s + 1) % K : s;
    };
    const r = await permutationImpact(options({ input, groups: ['spoiler', 'signal'], fitFold: async () => reader(spoilt) }));
    expect(r.baseline).toBe(0);
    expect(r.groups[0].drop).toBeCloseTo(-2 / 3, 1);
    expect(r.groups[1].drop).toBe(0);
    expect(r.groups.map((g) => g.normalized)).toEqual([0, 0]);
  });

  it('reports progress over folds × (1 + groups × repeats) predictions and disposes every fold model', async () => {
    const events: PermutationProgress[] = [];
    const models: ReturnType<typeof reader>[] = [];
    const fitFold = async () => {
      const m = reader(readSignal);
      models.push(m);
      return m;
    };
    await permutationImpact(options({ fitFold, onProgress: (p) => events.push(p) }));
    expect(events.at(-1)).toMatchObject({ done: 35, total: 35, etaSeconds: 0 });
    expect(events.every((e, i) => i === 0 || e.done >= events[i - 1].done)).toBe(true);
    expect(models.map((m) => m.disposed)).toEqual([1, 1, 1, 1, 1]);
  });

  it('stops between steps when aborted, still disposing the fold model', async () => {
    const controller = new AbortController();
    const models: ReturnType<typeof reader>[] = [];
    const fitFold = async () => {
      const m = reader(readSignal);
      models.push(m);
      controller.abort();
      return m;
    };
    await expect(permutationImpact(options({ fitFold, signal: controller.signal }))).rejects.toMatchObject({ name: 'AbortError' });
    expect(models).toHaveLength(1);
    expect(models[0].disposed).toBe(1);
  });
});

describe('subsetInput / permuteGroup', () => {
  const input: ModelInput = {
    n: 3,
    dense: { cover: { rows: 3, cols: 2, data: Float32Array.from([0, 1, 10, 11, 20, 21]) } },
    text: { lyrics: ['a', 'b', 'c'] },
    categorical: { label: ['x', 'y', 'z'] },
    numeric: { year: [1990, 2000, 2010] },
  };

  it('copies chosen rows of every group, in order', () => {
    const s = subsetInput(input, [2, 0]);
    expect(s.n).toBe(2);
    expect(Array.from(s.dense.cover.data)).toEqual([20, 21, 0, 1]);
    expect(s.text.lyrics).toEqual(['c', 'a']);
    expect(s.categorical.label).toEqual(['z', 'x']);
    expect(Array.from(s.numeric.year)).toEqual([2010, 1990]);
  });

  it('moves whole dense rows of one group only, leaving the source alone', () => {
    const p = permuteGroup(input, 'cover', [1, 2, 0]);
    expect(Array.from(p.dense.cover.data)).toEqual([10, 11, 20, 21, 0, 1]);
    expect(p.text.lyrics).toBe(input.text.lyrics);
    expect(Array.from(input.dense.cover.data)).toEqual([0, 1, 10, 11, 20, 21]);
    expect(permuteGroup(input, 'text:lyrics', [2, 1, 0]).text.lyrics).toEqual(['c', 'b', 'a']);
    expect(permuteGroup(input, 'cat:label', [1, 0, 2]).categorical.label).toEqual(['y', 'x', 'z']);
    expect(Array.from(permuteGroup(input, 'num:year', [2, 2, 2]).numeric.year)).toEqual([2010, 2010, 2010]);
  });
});
