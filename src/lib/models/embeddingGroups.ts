/**
 * Dense groups that are CNN embeddings of the cover (the final layer 'cover', the style statistics of
 * intermediate maps 'style'), as opposed to hand-made statistics such as 'colour'. The embedding blueprints run
 * on a list when it has at least one of them.
 */
import type { FeatureGroupId } from './types';

export const EMBEDDING_GROUPS: readonly FeatureGroupId[] = ['cover', 'style'];

export function hasEmbedding(groups: readonly FeatureGroupId[]): boolean {
  return groups.some((g) => EMBEDDING_GROUPS.includes(g));
}
