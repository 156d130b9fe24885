import { describe, expect, it } from 'vitest';
import { averageProbabilities, nestedBlendOof, rankMembers } from './blender';

/** n × 2 OOF matrix that is right on the rows where `right(r)` holds. */
function oofFrom(y: Int32Array, right: (r: number) => boolean, confidence = 0.8): Float32Array {
  const p = new Float32Array(y.length * 2);
  y.forEach((c, r) => {
    const hit = right(r) ? c : 1 - c;
    p[r * 2 + hit] = confidence;
    p[r * 2 + 1 - hit] = 1 - confidence;
  });
  return p;
}

describe('blender', () => {
  const n = 40;
  const y = Int32Array.from({ length: n }, (_, r) => r % 2);
  const foldOf = Int32Array.from({ length: n }, (_, r) => Math.floor(r / 8));
  const members = [
    oofFrom(y, (r) => r % 5 !== 0), // 80 % right
    oofFrom(y, () => true, 0.6), // always right
    oofFrom(y, (r) => r % 2 === 0), // 50 %
    oofFrom(y, (r) => r % 10 !== 3, 0.7), // 90 %
  ];

  it('ranks by balanced accuracy', () => {
    const all = Int32Array.from({ length: n }, (_, r) => r);
    expect(rankMembers(members, y, all, 2)).toEqual([1, 3, 0, 2]);
  });

  it('CV predictions are exactly the mean of the chosen members’ OOF probabilities, fold by fold', () => {
    const { oof, membersPerFold } = nestedBlendOof(members, y, foldOf, 5, 2, 3);
    expect(membersPerFold).toHaveLength(5);
    for (let f = 0; f < 5; f++) {
      const chosen = membersPerFold[f];
      expect(chosen).toHaveLength(3);
      expect(chosen).not.toContain(2); // the 50 % model is never among the top 3
      for (let r = 0; r < n; r++) {
        if (foldOf[r] !== f) continue;
        for (let c = 0; c < 2; c++) {
          const expected = chosen.reduce((a, m) => a + members[m][r * 2 + c], 0) / 3;
          expect(oof[r * 2 + c]).toBeCloseTo(expected, 6);
        }
      }
    }
  });

  it('chooses members without looking at the fold it scores', () => {
    // Member 0 is perfect on fold 0 only and useless elsewhere; member 1 the opposite.
    const m0 = oofFrom(y, (r) => foldOf[r] === 0);
    const m1 = oofFrom(y, (r) => foldOf[r] !== 0);
    const { membersPerFold } = nestedBlendOof([m0, m1], y, foldOf, 5, 2, 1);
    // Scoring fold 0 from folds 1–4 picks member 1, which is wrong on fold 0: no peeking.
    expect(membersPerFold[0]).toEqual([1]);
  });

  it('rows outside CV stay NaN', () => {
    const fo = Int32Array.from(foldOf);
    fo[0] = -1;
    const { oof } = nestedBlendOof(members, y, fo, 5, 2, 2);
    expect(oof[0]).toBeNaN();
    expect(oof[2]).not.toBeNaN();
  });

  it('averages probabilities', () => {
    expect(Array.from(averageProbabilities([Float32Array.from([1, 0]), Float32Array.from([0.5, 0.5])]))).toEqual([0.75, 0.25]);
  });
});
