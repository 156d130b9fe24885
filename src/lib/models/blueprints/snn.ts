import { snnBlueprint } from './snnShared';
import { groupKind, presentGroups } from '../featureLists';
import { hasEmbedding } from '../embeddingGroups';

/** Deep self-normalizing residual network on the cover embedding (plus colour / tabular groups in the list). */
export const snnCover = snnBlueprint({
  id: 'snn-cover',
  name: 'Self-Normalizing Residual Network',
  description:
    'Residual MLP with SELU activations, LeCun-normal init, alpha dropout and weight decay, class-weighted, early-stopped on an ' +
    'inner stratified split; on standardized cover embeddings (and colour / tabular groups when listed).',
  pick(input, list) {
    const groups = presentGroups(input, list);
    return hasEmbedding(groups) ? groups.filter((g) => groupKind(g) !== 'text') : [];
  },
  textTopK: 0,
});
