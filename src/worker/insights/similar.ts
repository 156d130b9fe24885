/** "Covers like this": the training covers whose embeddings point the same way as a chosen cover's. */
import { nearestByCosine, rowNorms } from '../../lib/insights/similar';
import { state } from '../state';
import { coverTitle, imageSpace, requireTraining } from './overview';
import type { SimilarCover, SimilarQuery } from '../insightsProtocol';

/** Row norms of the training embeddings, computed once per training run. */
const normsByData = new WeakMap<Float32Array, Float64Array>();

export function similarCovers(query: SimilarQuery, k: number): SimilarCover[] {
  const { input, leaderboard, rows, labels, classNames } = requireTraining();
  const space = imageSpace(input);
  const { data, rows: n, cols: d } = space.matrix;
  let vector: ArrayLike<number>;
  let self = -1;
  if ('index' in query) {
    if (!Number.isInteger(query.index) || query.index < 0 || query.index >= n) throw new Error(`No training cover #${query.index}.`);
    self = query.index;
    vector = data.subarray(self * d, (self + 1) * d);
  } else {
    const scored = state.predictedCovers.get(query.predictedFile);
    const found = scored && space.project(scored);
    if (!found) throw new Error(`${query.predictedFile} has not been scored in Predict (or was scored before the last prediction run).`);
    if (found.length !== d) throw new Error('This cover was embedded with a different network than the training covers: train again or score it again.');
    vector = found;
  }
  let norms = normsByData.get(data);
  if (!norms) normsByData.set(data, (norms = rowNorms(data, n, d)));
  // Holdout rows are left out, as in the insights overview's cover list.
  const exclude = (i: number) => i === self || leaderboard.foldOf[i] < 0;
  return nearestByCosine(data, n, d, vector, k, { exclude, norms }).map(({ index, similarity }) => ({
    index,
    path: rows[index].coverPath,
    title: coverTitle(rows[index].values, rows[index].coverPath),
    actual: classNames[labels[index]],
    similarity,
  }));
}
