import type { Featurizer } from './types';
import { colourCacheId } from '../cacheIds';
import { COLOUR_FEATURE_SIZE } from '../colour';

/** The weight-free colour & composition statistics (colour.ts), computed in the prep stage from the decoded square. */
export const colourFeaturizer: Featurizer = {
  id: 'colour',
  label: () => 'Colour',
  captures: 'Palette, brightness, saturation, contrast, edges and layout, measured directly on the pixels (no network).',
  offeredBy: () => true,
  available: () => true,
  dims: () => COLOUR_FEATURE_SIZE,
  // Mirroring does not change these statistics' meaning; they are never flip-averaged.
  cacheId: () => colourCacheId(),
};
