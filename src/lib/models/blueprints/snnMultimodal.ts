import { snnBlueprint } from './snnShared';
import { groupKind, presentGroups } from '../featureLists';
import { hasEmbedding } from '../embeddingGroups';

/** The SNN on cover embeddings + text: each text column contributes its top chi² TF-IDF terms (fitted per fold). */
export const snnMultimodal = snnBlueprint({
  id: 'snn-multimodal',
  name: 'Multimodal Self-Normalizing Network',
  description:
    'Self-normalizing residual network on cover embeddings plus, per text column, the 200 TF-IDF 1–2-gram terms ' +
    'with the highest chi² on the training fold (and any other groups in the list).',
  pick(input, list) {
    const groups = presentGroups(input, list);
    const hasText = groups.some((g) => groupKind(g) === 'text');
    return hasEmbedding(groups) && hasText ? groups : [];
  },
  textTopK: 200,
});
