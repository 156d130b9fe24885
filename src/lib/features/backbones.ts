/**
 * The registry of image backbones. Adding a network is one entry here; the adapter in backbone.ts
 * is chosen by `format`.
 */
export type BackboneFormat = 'layers' | 'graph';

export interface BackboneSpec {
  /** Stable id: part of every cache key, so a different network never reuses another's features. */
  id: string;
  label: string;
  format: BackboneFormat;
  inputSize: 224;
  embeddingSize: number;
  /** Pixel range the network expects after normalisation of 0..255 input. */
  inputRange: [number, number];
  /** Layers models: name of the embedding layer and the last 7×7 feature-map layer. */
  embeddingLayer?: string;
  featureMapLayer?: string;
  /**
   * Layers models: the ImageNet classifier's logits layer after the embedding (absent = no head).
   * Graph models use the graph's own output node as logits; a 1001st background column is dropped.
   */
  logitsLayer?: string;
  /**
   * Intermediate activations whose per-channel mean and std form the style featurizer (layer names for
   * layers models, node names for graph models), shallow to deep; absent = the network offers no style features.
   */
  styleLayers?: readonly string[];
  /** Graph models: node names. */
  embeddingNode?: string;
  featureMapNode?: string;
  /** @tensorflow-models/mobilenet config, for graph models it loads. */
  mobilenet?: { version: 1 | 2; alpha: 0.25 | 0.5 | 0.75 | 1.0 };
  /** Public URL to fall back to (layers models); graph models use the package's own hub URL. */
  hubUrl?: string;
  /** True when this spec is only available from the public hub (not shipped in ../shared). */
  hubOnly?: boolean;
}

export const BACKBONES: readonly BackboneSpec[] = [
  {
    // ../shared/models/mobilenet_v2_1.0_224/PROVENANCE.md: feature extractor only (no ImageNet head), BN folded.
    id: 'mobilenet_v2_1.0_224',
    label: 'MobileNet V2 1.0 (1280-d, default: best genre features, fast)',
    format: 'layers',
    inputSize: 224,
    embeddingSize: 1280,
    inputRange: [-1, 1],
    embeddingLayer: 'global_average_pooling2d',
    featureMapLayer: 'Conv_1_relu',
    // The five levels of its PROVENANCE.md: 2 × (144 + 192 + 384 + 576 + 1280) = 5 152 dims.
    styleLayers: ['block_2_expand_relu', 'block_4_expand_relu', 'block_7_expand_relu', 'block_13_expand_relu', 'Conv_1_relu'],
  },
  {
    id: 'mobilenet_v1_0.75_224',
    label: 'MobileNet V1 0.75 (768-d, with ImageNet classifier: concepts)',
    format: 'layers',
    inputSize: 224,
    embeddingSize: 768,
    inputRange: [-1, 1],
    embeddingLayer: 'global_average_pooling2d_1',
    featureMapLayer: 'conv_pw_13_relu',
    logitsLayer: 'conv_preds',
    // Low (56×56), medium (28×28), high (14×14) and highest (7×7) levels: 2 × (96 + 192 + 384 + 768) = 2 880 dims.
    styleLayers: ['conv_pw_3_relu', 'conv_pw_5_relu', 'conv_pw_11_relu', 'conv_pw_13_relu'],
    hubUrl: 'https://storage.googleapis.com/tfjs-models/tfjs/mobilenet_v1_0.75_224/model.json',
  },
  {
    id: 'mobilenet_v1_0.25_224_graph',
    label: 'MobileNet V1 0.25 (256-d, TF-Hub, fast)',
    format: 'graph',
    inputSize: 224,
    embeddingSize: 256,
    inputRange: [0, 1],
    embeddingNode: 'module_apply_default/MobilenetV1/Logits/global_pool',
    featureMapNode: 'module_apply_default/MobilenetV1/MobilenetV1/Conv2d_13_pointwise/Relu6',
    styleLayers: [3, 5, 11, 13].map((i) => `module_apply_default/MobilenetV1/MobilenetV1/Conv2d_${i}_pointwise/Relu6`),
    mobilenet: { version: 1, alpha: 0.25 },
  },
  {
    id: 'mobilenet_v2_1.0_224_hub',
    label: 'MobileNet V2 1.0 (1280-d, from the public hub)',
    format: 'graph',
    inputSize: 224,
    embeddingSize: 1280,
    inputRange: [0, 1],
    embeddingNode: 'module_apply_default/MobilenetV2/Logits/AvgPool',
    featureMapNode: 'module_apply_default/MobilenetV2/Conv_1/Relu6',
    mobilenet: { version: 2, alpha: 1.0 },
    hubOnly: true,
  },
];

/**
 * The default network: MobileNet V2 1.0. Its style statistics beat V1's final layer on both reference datasets
 * (npm run reference:featurizers, README) and it runs about twice as fast; it has no ImageNet head, so the
 * concepts insight asks for V1, the one network choice away.
 */
export const DEFAULT_BACKBONE_ID = 'mobilenet_v2_1.0_224';

/** Width of the style features: mean and std per channel of every style layer (0 when the spec has none). */
export function styleSize(channelsPerLayer: readonly number[]): number {
  return 2 * channelsPerLayer.reduce((s, c) => s + c, 0);
}

export function backboneSpec(id: string): BackboneSpec {
  const spec = BACKBONES.find((b) => b.id === id);
  if (!spec) throw new Error(`Unknown featurizer network "${id}". Known: ${BACKBONES.map((b) => b.id).join(', ')}`);
  return spec;
}
