import type { Featurizer } from './types';
import { STYLE_FEATURES_VERSION, variantSuffix } from '../cacheIds';

/**
 * Style statistics of several levels of the network (styleStats.ts): per channel, the mean and std of low,
 * medium, high and highest feature maps, from the same forward pass as the final layer.
 */
export const styleFeaturizer: Featurizer = {
  id: 'style',
  label: (network) => `${network ?? 'CNN'} — style (multi-level)`,
  captures: 'How the cover looks rather than what it shows: texture, palette, contrast and line work at four to five scales.',
  offeredBy: (spec) => (spec?.styleLayers?.length ?? 0) > 0,
  available: (backbone) => (backbone?.styleSize ?? 0) > 0,
  dims: (backbone) => backbone?.styleSize ?? 0,
  cacheId(backbone, variant) {
    if (!backbone) throw new Error('style: needs a network');
    return `${backbone.cacheId}:style-v${STYLE_FEATURES_VERSION}${variantSuffix(variant)}`;
  },
  network: { options: { style: true }, take: (r) => r.style },
};
