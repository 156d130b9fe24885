import type { Featurizer } from './types';
import { variantSuffix } from '../cacheIds';

/**
 * The CNN's final pooled layer (global average pool of the last 7×7 map). Its id stays 'cover': Grad-CAM,
 * similar covers and the UMAP map read this group, and its cache id stays the backbone's own, so
 * embeddings cached before the registry existed are still found.
 */
export const coverFeaturizer: Featurizer = {
  id: 'cover',
  // Without a loaded network (e.g. an insight of a restored model) the name stays generic.
  label: (network) => (network ? `${network} — final layer` : 'cover embedding (MobileNet)'),
  captures: 'What the network recognises (objects, scenes, faces, text): the ImageNet-trained top layer, pooled over the cover.',
  offeredBy: (spec) => spec !== null,
  available: (backbone) => backbone !== null,
  dims: (backbone) => backbone?.spec.embeddingSize ?? 0,
  cacheId(backbone, variant) {
    if (!backbone) throw new Error('cover: needs a network');
    return `${backbone.cacheId}${variantSuffix(variant)}`;
  },
  network: { options: {}, take: (r) => r.embedding },
};
