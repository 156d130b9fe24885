import type { Blueprint } from '../types';
import { denseSoftmaxBlueprint, type DenseSoftmaxSpec } from './denseSoftmax';
import { groupKind, presentGroups } from '../featureLists';
import { hasEmbedding } from '../embeddingGroups';

const SPEC: DenseSoftmaxSpec = {
  id: 'softmax-cover',
  name: 'Regularized Softmax Regression',
  description:
    'Multinomial logistic regression (L2, class-weighted) on standardized cover embeddings, ' +
    'plus colour, one-hot categorical and numeric groups when the feature list has them; the L2 strength is ' +
    'chosen by an inner 3-fold CV on the training rows.',
  pick(input, list) {
    const groups = presentGroups(input, list);
    return hasEmbedding(groups) ? groups.filter((g) => groupKind(g) !== 'text') : [];
  },
};

/** Regularised multinomial logistic regression on the cover embedding plus any tabular groups in the list. */
export const softmaxCover = denseSoftmaxBlueprint(SPEC);

/**
 * The same blueprint (same id) at a fixed L2 strength, without the inner CV: for like-with-like checks against
 * scikit-learn at a given C (pass it as `registry: [softmaxCoverFixedL2(l2)]` to runLeaderboard).
 */
export function softmaxCoverFixedL2(l2: number): Blueprint {
  if (!(l2 > 0)) throw new Error('softmaxCoverFixedL2: l2 must be positive');
  return denseSoftmaxBlueprint({ ...SPEC, l2 });
}
