import { denseSoftmaxBlueprint } from './denseSoftmax';
import { groupKind, presentGroups } from '../featureLists';

/** Regularised multinomial logistic regression on the cover embedding plus any tabular groups in the list. */
export const softmaxCover = denseSoftmaxBlueprint({
  id: 'softmax-cover',
  name: 'Regularized Softmax Regression',
  description:
    'Multinomial logistic regression (L2, class-weighted) on standardized cover embeddings, ' +
    'plus colour, one-hot categorical and numeric groups when the feature list has them.',
  pick(input, list) {
    const groups = presentGroups(input, list);
    return groups.includes('cover') ? groups.filter((g) => groupKind(g) !== 'text') : [];
  },
  l2: 0.01,
});
