import { describe, expect, it } from 'vitest';
import {
  accuracy,
  argmaxRows,
  balancedAccuracy,
  confusionMatrix,
  logLoss,
  macroF1,
  mean,
  perClassScores,
  scoreAll,
  sd,
} from './metrics';

describe('metrics on a hand-worked example where class 2 is never predicted', () => {
  const yTrue = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
  const yPred = [0, 0, 0, 1, 1, 1, 0, 1, 1, 1];

  it('confusion matrix rows are true classes, columns predictions', () => {
    expect(confusionMatrix(yTrue, yPred, 3)).toEqual([
      [3, 1, 0],
      [1, 2, 0],
      [0, 3, 0],
    ]);
  });

  it('accuracy 5/10, balanced accuracy (3/4 + 2/3 + 0)/3', () => {
    expect(accuracy(yTrue, yPred)).toBe(0.5);
    expect(balancedAccuracy(yTrue, yPred, 3)).toBeCloseTo((0.75 + 2 / 3 + 0) / 3, 12);
    expect(balancedAccuracy(yTrue, yPred, 3)).toBeCloseTo(0.472222, 6);
  });

  it('precision of a never-predicted class is 0; per-class recall and F1', () => {
    const per = perClassScores(yTrue, yPred, ['a', 'b', 'c']);
    expect(per.map((p) => p.precision)).toEqual([0.75, 2 / 6, 0]);
    expect(per.map((p) => p.recall)).toEqual([0.75, 2 / 3, 0]);
    expect(per[0].f1).toBeCloseTo(0.75, 12);
    expect(per[1].f1).toBeCloseTo(4 / 9, 12);
    expect(per[2].f1).toBe(0);
    expect(per.map((p) => p.support)).toEqual([4, 3, 3]);
  });

  it('macro-F1 = (0.75 + 4/9 + 0) / 3', () => {
    expect(macroF1(yTrue, yPred, 3)).toBeCloseTo(0.398148, 6);
  });
});

describe('a class absent from y_true (sklearn convention)', () => {
  // Class 2 is predicted once but never true; class 3 is neither.
  const yTrue = [0, 0, 1, 1];
  const yPred = [0, 2, 1, 1];

  it('balanced accuracy averages recall over classes present in y_true only', () => {
    expect(balancedAccuracy(yTrue, yPred, 4)).toBeCloseTo((0.5 + 1) / 2, 12);
  });

  it('its recall is NaN, its precision 0; macro-F1 counts it (predicted) but not class 3', () => {
    const per = perClassScores(yTrue, yPred, ['a', 'b', 'c', 'd']);
    expect(per[2].recall).toBeNaN();
    expect(per[2].precision).toBe(0);
    expect(per[2].f1).toBe(0);
    expect(macroF1(yTrue, yPred, 4)).toBeCloseTo((2 / 3 + 1 + 0) / 3, 12);
  });
});

describe('log loss', () => {
  it('clips a zero probability at 1e-15', () => {
    const proba = [0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.5, 0.5, 0];
    expect(logLoss([0, 1, 2], proba, 3)).toBeCloseTo(11.706198296721, 9);
  });

  it('is ln(k) for uniform probabilities', () => {
    expect(logLoss([0, 1], [0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25], 4)).toBeCloseTo(Math.log(4), 12);
  });
});

describe('helpers', () => {
  it('argmax takes the first of tied maxima', () => {
    expect(Array.from(argmaxRows([0.2, 0.5, 0.3, 0.4, 0.2, 0.4], 3))).toEqual([1, 0]);
  });

  it('scoreAll combines the metrics', () => {
    const s = scoreAll([0, 1], [0.9, 0.1, 0.4, 0.6], 2);
    expect(s.accuracy).toBe(1);
    expect(s.balancedAccuracy).toBe(1);
    expect(s.macroF1).toBe(1);
    expect(s.logLoss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.6)) / 2, 7);
  });

  it('sample sd', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(sd([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(sd([3])).toBe(0);
  });
});
