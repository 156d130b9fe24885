/**
 * The featurizer registry: every kind of image features the app computes, in the order the UI lists them.
 * Training, prediction and the Features step ask this list for dense groups; adding one is a file + a line.
 */
import type { Backbone } from '../backbone';
import type { BackboneSpec } from '../backbones';
import type { Featurizer } from './types';
import { coverFeaturizer } from './cover';
import { styleFeaturizer } from './style';
import { colourFeaturizer } from './colour';

export type { Featurizer, FeatureVariant } from './types';

export const FEATURIZERS: readonly Featurizer[] = [coverFeaturizer, styleFeaturizer, colourFeaturizer];

export function featurizer(id: string): Featurizer | undefined {
  return FEATURIZERS.find((f) => f.id === id);
}

/** The featurizers that run with this backbone (null = no network: the weight-free ones only). */
export function activeFeaturizers(backbone: Backbone | null): Featurizer[] {
  return FEATURIZERS.filter((f) => f.available(backbone));
}

/** What a network of this spec would compute, labelled for the Features step (null spec = colour only). */
export function plannedFeaturizers(spec: BackboneSpec | null): { id: string; label: string; captures: string }[] {
  const network = spec ? networkShortName(spec.label) : null;
  return FEATURIZERS.filter((f) => f.offeredBy(spec)).map((f) => ({ id: f.id, label: f.label(network), captures: f.captures }));
}

/** The featurizers computed in the backbone's forward pass, for this backbone. */
export function networkFeaturizers(backbone: Backbone | null): Featurizer[] {
  return activeFeaturizers(backbone).filter((f) => f.network);
}

/** Short network name for labels: 'MobileNet V2' from 'MobileNet V2 1.0 (1280-d, …)'. */
export function networkShortName(label: string): string {
  return /^(MobileNet V\d)/.exec(label)?.[1] ?? label.replace(/\s*\(.*$/, '');
}
