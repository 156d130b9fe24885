import { describe, expect, it } from 'vitest';
import { assignFolds, balancedClassWeights, foldSplit, stratifiedHoldout } from './cv';
import { Rng } from './rng';

/** 3 classes of unequal size: 53, 31, 16 rows, in shuffled order. */
function labels(): Int32Array {
  const y = Int32Array.from({ length: 100 }, (_, i) => (i < 53 ? 0 : i < 84 ? 1 : 2));
  return new Rng(7).shuffle(y);
}

function countsPerFold(y: Int32Array, foldOf: Int32Array, nFolds: number, k: number): number[][] {
  const c = Array.from({ length: nFolds }, () => new Array(k).fill(0));
  foldOf.forEach((f, r) => f >= 0 && c[f][y[r]]++);
  return c;
}

describe('stratified K-fold', () => {
  const y = labels();

  it('every class is in every fold, per-class counts differ by at most 1, fold sizes too', () => {
    const foldOf = assignFolds({ y, nFolds: 5, seed: 1 });
    const c = countsPerFold(y, foldOf, 5, 3);
    for (let cls = 0; cls < 3; cls++) {
      const col = c.map((row) => row[cls]);
      expect(Math.min(...col)).toBeGreaterThan(0);
      expect(Math.max(...col) - Math.min(...col)).toBeLessThanOrEqual(1);
    }
    const sizes = c.map((row) => row.reduce((a, b) => a + b));
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(foldOf.every((f) => f >= 0 && f < 5)).toBe(true);
  });

  it('same seed → same folds; different seed → different folds', () => {
    expect(assignFolds({ y, nFolds: 5, seed: 1 })).toEqual(assignFolds({ y, nFolds: 5, seed: 1 }));
    expect(assignFolds({ y, nFolds: 5, seed: 1 })).not.toEqual(assignFolds({ y, nFolds: 5, seed: 2 }));
  });

  it('foldSplit partitions the rows', () => {
    const foldOf = assignFolds({ y, nFolds: 5, seed: 3 });
    const { train, valid } = foldSplit(foldOf, 2);
    expect(train.length + valid.length).toBe(100);
    expect(Array.from(valid).every((r) => foldOf[r] === 2)).toBe(true);
    expect(Array.from(train).every((r) => foldOf[r] !== 2)).toBe(true);
  });

  it('only assigns the rows it is given', () => {
    const rows = Int32Array.from({ length: 50 }, (_, i) => i * 2);
    const foldOf = assignFolds({ y, rows, nFolds: 5, seed: 1 });
    expect(foldOf.filter((f) => f >= 0).length).toBe(50);
    expect(foldOf[1]).toBe(-1);
  });
});

describe('stratified group K-fold', () => {
  // 40 artists with 1–6 albums each; an artist's albums share a genre.
  const rng = new Rng(11);
  const groups: string[] = [];
  const yList: number[] = [];
  for (let a = 0; a < 40; a++) {
    const size = 1 + rng.int(6);
    for (let i = 0; i < size; i++) {
      groups.push(`artist${a}`);
      yList.push(a % 3);
    }
  }
  const y = Int32Array.from(yList);

  it('never splits a group, and keeps classes roughly balanced', () => {
    const foldOf = assignFolds({ y, nFolds: 5, seed: 4, groups });
    const foldOfGroup = new Map<string, number>();
    groups.forEach((g, r) => {
      if (foldOfGroup.has(g)) expect(foldOf[r]).toBe(foldOfGroup.get(g));
      foldOfGroup.set(g, foldOf[r]);
    });
    const c = countsPerFold(y, foldOf, 5, 3);
    for (let cls = 0; cls < 3; cls++) {
      const col = c.map((row) => row[cls]);
      expect(Math.min(...col)).toBeGreaterThan(0);
    }
    const sizes = c.map((row) => row.reduce((a, b) => a + b));
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(6);
  });

  it('is seeded', () => {
    const a = assignFolds({ y, nFolds: 5, seed: 4, groups });
    expect(assignFolds({ y, nFolds: 5, seed: 4, groups })).toEqual(a);
    expect(assignFolds({ y, nFolds: 5, seed: 5, groups })).not.toEqual(a);
  });

  it('a grouped holdout keeps groups whole too', () => {
    const { train, holdout } = stratifiedHoldout({ y, fraction: 0.2, seed: 1, groups });
    const trainGroups = new Set(Array.from(train, (r) => groups[r]));
    expect(Array.from(holdout).some((r) => trainGroups.has(groups[r]))).toBe(false);
    expect(holdout.length / y.length).toBeGreaterThan(0.1);
    expect(holdout.length / y.length).toBeLessThan(0.3);
  });
});

describe('stratified holdout', () => {
  const y = labels();

  it('takes round(20 %) of each class', () => {
    const { train, holdout } = stratifiedHoldout({ y, fraction: 0.2, seed: 9 });
    const per = [0, 0, 0];
    holdout.forEach((r) => per[y[r]]++);
    expect(per).toEqual([Math.round(53 * 0.2), Math.round(31 * 0.2), Math.round(16 * 0.2)]);
    expect(train.length + holdout.length).toBe(100);
    expect(new Set([...train, ...holdout]).size).toBe(100);
  });

  it('is seeded', () => {
    const a = stratifiedHoldout({ y, fraction: 0.2, seed: 9 }).holdout;
    expect(stratifiedHoldout({ y, fraction: 0.2, seed: 9 }).holdout).toEqual(a);
    expect(stratifiedHoldout({ y, fraction: 0.2, seed: 10 }).holdout).not.toEqual(a);
  });
});

describe('balanced class weights', () => {
  it('are n / (k · n_c)', () => {
    const y = Int32Array.from([0, 0, 0, 1]);
    const w = balancedClassWeights(y, Int32Array.from([0, 1, 2, 3]), 2);
    expect(Array.from(w)).toEqual([4 / (2 * 3), 4 / (2 * 1)]);
  });
});
