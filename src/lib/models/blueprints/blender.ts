/**
 * Blender: the mean of the class probabilities of the best `size` non-blender models.
 *
 * Its CV score uses out-of-fold predictions only, and the member choice is nested: for validation fold f the
 * members are ranked by balanced accuracy on the OOF rows of the *other* folds, and their fold-f OOF
 * probabilities are averaged. So fold f's labels never decide which models score fold f. (Those other-fold OOF
 * predictions come from models that trained on fold f, so a faint dependence remains; it is far smaller than
 * picking the top models by the very score one then reports.) The final blender uses the top `size` by full CV.
 */
import type { BlenderBlueprint } from '../types';
import { argmaxRows, balancedAccuracy, logLoss } from '../metrics';

export const blender: BlenderBlueprint = {
  kind: 'blender',
  id: 'blender',
  name: 'Average Blender',
  description:
    'Mean of the class probabilities of the top 3 models; its cross-validation chooses members without the ' +
    'validation fold (nested on out-of-fold predictions).',
  size: 3,
};

/** Row-wise mean of equally shaped probability matrices. */
export function averageProbabilities(probas: Float32Array[]): Float32Array {
  const out = new Float32Array(probas[0].length);
  const acc = new Float64Array(probas[0].length);
  for (const p of probas) for (let i = 0; i < p.length; i++) acc[i] += p[i];
  for (let i = 0; i < acc.length; i++) out[i] = acc[i] / probas.length;
  return out;
}

/** Indices of `rows` of an n × k matrix. */
function take(p: Float32Array, rows: Int32Array, k: number): Float32Array {
  const out = new Float32Array(rows.length * k);
  for (let i = 0; i < rows.length; i++) out.set(p.subarray(rows[i] * k, rows[i] * k + k), i * k);
  return out;
}

/**
 * Ranks members (their n × k OOF matrices) on `rows` by balanced accuracy, then lower log loss, then position.
 * Returns member indices, best first.
 */
export function rankMembers(oofs: Float32Array[], y: Int32Array, rows: Int32Array, k: number): number[] {
  const yr = Int32Array.from(rows, (r) => y[r]);
  const stats = oofs.map((p, m) => {
    const pr = take(p, rows, k);
    return { m, ba: balancedAccuracy(yr, argmaxRows(pr, k), k), ll: logLoss(yr, pr, k) };
  });
  stats.sort((a, b) => b.ba - a.ba || a.ll - b.ll || a.m - b.m);
  return stats.map((s) => s.m);
}

/**
 * Nested blend of OOF predictions. `foldOf[r]` is r's CV fold (-1 = not in CV; those rows stay NaN).
 * Returns the blended OOF matrix and the member indices used for each fold.
 */
export function nestedBlendOof(
  oofs: Float32Array[],
  y: Int32Array,
  foldOf: Int32Array,
  nFolds: number,
  k: number,
  size: number,
): { oof: Float32Array; membersPerFold: number[][] } {
  const n = foldOf.length;
  const oof = new Float32Array(n * k).fill(NaN);
  const membersPerFold: number[][] = [];
  for (let f = 0; f < nFolds; f++) {
    const others: number[] = [];
    const inFold: number[] = [];
    for (let r = 0; r < n; r++) {
      if (foldOf[r] < 0) continue;
      (foldOf[r] === f ? inFold : others).push(r);
    }
    const chosen = rankMembers(oofs, y, Int32Array.from(others), k).slice(0, size);
    membersPerFold.push(chosen);
    for (const r of inFold) {
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (const m of chosen) s += oofs[m][r * k + c];
        oof[r * k + c] = s / chosen.length;
      }
    }
  }
  return { oof, membersPerFold };
}
