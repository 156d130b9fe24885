/**
 * What travels with an exported kept model: labels.json (class order, which backbone and weights, pixel
 * preprocessing, which feature groups in which order, how standardisation was applied) and a README that shows
 * how to run it elsewhere with tfjs. Pure: built from plain facts the worker gathers.
 */
import type { FoldedHead } from './foldHead';

export const MODEL_CARD_FORMAT = 'cover-genre-studio/tfjs-head@1';

export interface BackboneFacts {
  id: string;
  format: 'layers' | 'graph';
  inputSize: number;
  inputRange: [number, number];
  embeddingSize: number;
  embeddingLayer: string | null;
  embeddingNode: string | null;
  /** The feature-cache id of the embeddings the model was trained on: network id @ weights fingerprint / preprocessing. */
  embeddingCacheId: string | null;
  /** Where the same weights can be fetched, when known. */
  hubUrl: string | null;
  /** Layers whose per-channel mean and std form the 'style' group. */
  styleLayers?: string[];
}

export interface ModelCardFacts {
  model: { key: string | null; name: string; blueprintId: string };
  classNames: string[];
  head: FoldedHead;
  /** Null when the model does not read the cover embedding. */
  backbone: BackboneFacts | null;
  /** Feature-cache id of the colour statistics, when the model reads them. */
  colourFeaturizerId: string | null;
  cv: { folds: number; balancedAccuracy: number; foldSd: number } | null;
  trainingRows: number;
  seed: number;
}

/** '…@0123456789abcdef/img1-…' → '0123456789abcdef' (first 16 hex digits of the weights' SHA-256). */
export function weightsFingerprintOf(cacheId: string | null): string | null {
  return cacheId ? (/@([0-9a-f]{16,})\//.exec(cacheId)?.[1] ?? null) : null;
}

export function modelCard(f: ModelCardFacts) {
  const b = f.backbone;
  return {
    format: MODEL_CARD_FORMAT,
    model: { ...f.model, exportedAs: 'one tf.layers.dense layer (linear): raw features in, logits out; apply softmax' },
    classNames: f.classNames,
    input: {
      dims: f.head.inputDim,
      // Concatenated in this order, each group exactly as the app computes it.
      groups: f.head.groups.map((g) => ({ ...g, source: sourceOf(g.id, f) })),
    },
    standardization:
      'z-scores fitted on the training rows (x − mean) / std, folded into the layer: kernel = W / std, ' +
      'bias = b − Σ mean·W / std. Feed raw, unstandardised features. The app maps a missing value to the training mean; this layer has no missing values.',
    backbone: b
      ? {
          id: b.id,
          format: b.format,
          weightsFingerprint: weightsFingerprintOf(b.embeddingCacheId),
          embeddingCacheId: b.embeddingCacheId,
          weightsUrl: b.hubUrl,
          embeddingLayer: b.embeddingLayer,
          embeddingNode: b.embeddingNode,
          embeddingSize: b.embeddingSize,
          note: 'the app runs the network with BatchNorm folded into its convolutions: the same embedding up to float rounding',
        }
      : null,
    preprocessing: b
      ? {
          crop: 'largest centred square of the decoded image (offsets floored)',
          resize: `${b.inputSize} × ${b.inputSize} with canvas drawImage, imageSmoothingQuality 'high' (EXIF orientation applied)`,
          channels: 'RGB, alpha dropped',
          pixelRange: '0…255 mapped linearly to inputRange',
          inputRange: b.inputRange,
          inputSize: b.inputSize,
        }
      : null,
    colourFeatures: f.colourFeaturizerId,
    trainedOn: { rows: f.trainingRows, seed: f.seed, cv: f.cv },
  };
}

function sourceOf(id: string, f: ModelCardFacts): string {
  if (id === 'cover' && f.backbone) return `the ${f.backbone.embeddingSize}-d embedding of ${f.backbone.id} (see backbone, preprocessing)`;
  if (id === 'style' && f.backbone) return `Cover Genre Studio's style statistics of ${f.backbone.id}: per channel, the mean and std of ${(f.backbone.styleLayers ?? []).join(', ')} (src/lib/features/styleStats.ts), same preprocessing`;
  if (id === 'colour') return `Cover Genre Studio's colour & composition statistics (${f.colourFeaturizerId}, src/lib/features/colour.ts): no other library computes them`;
  return `Cover Genre Studio's '${id}' features`;
}

const safeName = (id: string) => `${id.replace(/[^A-Za-z0-9]+/g, '_')}Features`;

/** The README of the export: load the same MobileNet, embed, run the head, softmax → class names. */
export function modelReadme(card: ReturnType<typeof modelCard>): string {
  const b = card.backbone;
  const coverOnly = card.input.groups.length === 1 && card.input.groups[0].id === 'cover';
  return `# ${card.model.name}: a Cover Genre Studio model in TF.js format

Files: \`model.json\` + \`group1-shard1of1.bin\` (a TF.js layers model: one Dense layer, ${card.input.dims} inputs → ${card.classNames.length} logits),
\`labels.json\` (class order, backbone and weights fingerprint, preprocessing, feature groups, standardisation).

Inputs, concatenated in this order: ${card.input.groups.map((g) => `\`${g.id}\` (${g.width})`).join(' + ')}.
${coverOnly || !b ? '' : `\n**Not only the cover embedding:** ${card.input.groups.filter((g) => g.id !== 'cover').map((g) => `\`${g.id}\``).join(', ')} must be computed exactly as Cover Genre Studio does (see labels.json) and concatenated as the snippet shows.\n`}
Standardisation is folded into the layer: feed raw features, not z-scores.
${b ? embeddingSnippet(card) : plainSnippet(card)}`;
}

/** No embedding in the inputs (e.g. colour only): the layer on the app's own features. */
function plainSnippet(card: ReturnType<typeof modelCard>): string {
  return `
\`\`\`js
import * as tf from '@tensorflow/tfjs';
const head = await tf.loadLayersModel('model.json');
const classNames = (await (await fetch('labels.json')).json()).classNames;
// features: [n, ${card.input.dims}], the groups above computed as Cover Genre Studio computes them.
const p = tf.tidy(() => tf.softmax(head.predict(tf.tensor2d(features, [1, ${card.input.dims}]))).dataSync());
console.log(classNames[p.indexOf(Math.max(...p))]);
\`\`\`
`;
}

/** Load the same MobileNet, embed a cover, run the layer, softmax → class names. */
function embeddingSnippet(card: ReturnType<typeof modelCard>): string {
  const b = card.backbone!;
  const coverOnly = card.input.groups.length === 1 && card.input.groups[0].id === 'cover';
  const [lo, hi] = card.preprocessing!.inputRange;
  const size = card.preprocessing!.inputSize;
  const loadNet = b.format === 'graph'
    ? `const net = await tf.loadGraphModel(MOBILENET_URL); // ${b.id}
const embed = (x) => net.execute(x, '${b.embeddingNode}');`
    : `const net = await tf.loadLayersModel(MOBILENET_URL); // ${b.id}
const trunk = tf.model({ inputs: net.inputs, outputs: net.getLayer('${b.embeddingLayer}').output });
const embed = (x) => trunk.predict(x).reshape([x.shape[0], -1]);`;
  const features = coverOnly
    ? 'embed(pixels(img))'
    : `tf.concat([${card.input.groups.map((g) => (g.id === 'cover' ? 'embed(pixels(img))' : `${safeName(g.id)} /* [1, ${g.width}] */`)).join(', ')}], 1)`;
  return `
\`\`\`js
import * as tf from '@tensorflow/tfjs';
// The same network and weights the model was trained on (${b.id}, weights fingerprint ${b.weightsFingerprint ?? 'unknown'}).
const MOBILENET_URL = '${b.weightsUrl ?? `/models/${b.id}/model.json`}';
${loadNet}
const head = await tf.loadLayersModel('model.json');
const classNames = (await (await fetch('labels.json')).json()).classNames;

// img: an <img>, ImageBitmap or canvas. Largest centred square → ${size}×${size} → RGB in [${lo}, ${hi}].
function pixels(img) {
  const side = Math.min(img.width, img.height);
  const c = new OffscreenCanvas(${size}, ${size}), g = c.getContext('2d');
  g.imageSmoothingQuality = 'high';
  g.drawImage(img, Math.floor((img.width - side) / 2), Math.floor((img.height - side) / 2), side, side, 0, 0, ${size}, ${size});
  return tf.browser.fromPixels(c).toFloat().mul(${(hi - lo) / 255}).add(${lo}).expandDims(0);
}

const probs = tf.tidy(() => tf.softmax(head.predict(${features})));
const p = await probs.data(); probs.dispose();
const ranked = classNames.map((name, i) => ({ name, p: p[i] })).sort((a, b) => b.p - a.p);
console.log(ranked[0].name, ranked);
\`\`\`
`;
}
