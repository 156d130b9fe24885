import type * as tf from '@tensorflow/tfjs';
import type { Backbone, ForwardOptions, ForwardResult } from '../backbone';
import type { BackboneSpec } from '../backbones';

/** How the network features were computed beyond the backbone's own preprocessing (part of their cache id). */
export interface FeatureVariant {
  /** Each vector is the mean of the cover's and its mirror image's (same batch). */
  flipAverage: boolean;
}

/**
 * One kind of image features, one dense feature group: the models read it as `ModelInput.dense[id]`.
 * Adding a featurizer is one file with one of these plus one line in registry.ts.
 */
export interface Featurizer {
  /** Dense group id and registry key, e.g. 'cover', 'style', 'colour'. */
  id: string;
  /** What the user reads, e.g. "MobileNet V2 — style (multi-level)"; `network` is the loaded one's short name. */
  label(network: string | null): string;
  /** One line: what these features capture. */
  captures: string;
  /** True when a network of this spec offers it (null = no network): what the Features step lists before loading. */
  offeredBy(spec: BackboneSpec | null): boolean;
  /** True when this featurizer can run with this loaded backbone (null = no network loaded). */
  available(backbone: Backbone | null): boolean;
  /** Vector length with this backbone. */
  dims(backbone: Backbone | null): number;
  /** Cache id: network id + weights fingerprint + preprocessing (Backbone.cacheId) + featurizer id and version. */
  cacheId(backbone: Backbone | null, variant: FeatureVariant): string;
  /**
   * Network featurizers: what they need from the backbone's single forward pass and which output is theirs.
   * Absent for weight-free featurizers computed from the decoded pixels (the prep stage).
   */
  network?: { options: ForwardOptions; take(result: ForwardResult): tf.Tensor2D | undefined };
}
