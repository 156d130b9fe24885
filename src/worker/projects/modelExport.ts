/**
 * "Export model": one .zip with the kept model's recipe (blueprint, feature groups, seed, rows, class order,
 * feature pipeline) and, when the kept model is a softmax regression on dense groups, the model itself in
 * TF.js format (one Dense layer with the standardisation folded in), labels.json and a README.
 * SNNs, text (TF-IDF) models and blends are exported as the recipe only: refitting it on the same features with
 * the same seed gives the same model (that is how a project reopens).
 */
import { strToU8, zipSync } from 'fflate';
import { backboneSpec } from '../../lib/features/backbones';
import { COLOUR_FEATURIZER_ID } from '../../lib/features/featurize';
import { featurizer } from '../../lib/features/featurizers/registry';
import { foldStandardization, whyNotFoldable } from '../../lib/models/export/foldHead';
import { saveDenseModel, WEIGHTS_FILE } from '../../lib/models/export/tfjsModel';
import { modelCard, modelReadme, weightsFingerprintOf, type BackboneFacts } from '../../lib/models/export/modelCard';
import { state } from '../state';
import { training } from '../training';

const RECIPE_README = `## Using this model recipe
1. Cover pixels: decode, take the largest centre square, resize to 224×224 (high-quality smoothing), RGB scaled
   from 0…255 to \`featurizer.inputRange\`; run \`featurizer.backboneId\` and read \`featurizer.embeddingLayer\`
   (or \`embeddingNode\` for graph models) → one embedding per cover.
2. Fit \`model.blueprintId\` on the feature groups in \`model.featureGroups\` of the training rows with \`seed\`
   (Cover Genre Studio's src/lib/models fitFinalModel does exactly this), classes in \`classNames\` order.
3. Output: one probability per class, in \`classNames\` order.`;

/** The embeddings' feature-cache id of the open project (names the weights), set on save and reopen. */
let projectEmbeddingId: string | null = null;
export function noteEmbeddingId(id: string | null): void {
  projectEmbeddingId = id;
}

function backboneFacts(): BackboneFacts | null {
  const model = training.finalModel!;
  const cacheId = state.backbone?.cacheId ?? projectEmbeddingId;
  const id = state.backbone?.spec.id ?? cacheId?.split('@')[0] ?? null;
  // Any group computed by the network (the final layer 'cover', 'style'), not only the embedding.
  if (!id || !model.featureGroups.some((g) => featurizer(g)?.network)) return null;
  const spec = backboneSpec(id);
  return {
    id: spec.id,
    format: spec.format,
    inputSize: spec.inputSize,
    inputRange: spec.inputRange,
    embeddingSize: spec.embeddingSize,
    embeddingLayer: spec.embeddingLayer ?? null,
    embeddingNode: spec.embeddingNode ?? null,
    embeddingCacheId: cacheId,
    hubUrl: spec.hubUrl ?? null,
    styleLayers: spec.styleLayers ? [...spec.styleLayers] : [],
  };
}

/** Whether the kept model can leave as a TF.js model, and why not: the UI says so before the click. */
export interface ModelExportInfo {
  tfjs: boolean;
  reason: string | null;
  /** Feature groups the model reads that are not the network's embedding: a user elsewhere must compute them as this app does. */
  ownFeatures: string[];
}

export function modelExportInfo(): ModelExportInfo {
  const model = training.finalModel;
  if (!model) return { tfjs: false, reason: 'no kept model', ownFeatures: [] };
  const ownFeatures = model.featureGroups.filter((g) => g !== 'cover');
  if (!model.linearHead) {
    const what = model.members.length ? 'a blend of several models' : model.blueprintId.startsWith('snn') ? 'a neural network trained by this app' : 'not a softmax regression on dense features';
    return { tfjs: false, reason: `the kept model is ${what}`, ownFeatures };
  }
  const why = whyNotFoldable(model.linearHead());
  return { tfjs: !why, reason: why, ownFeatures };
}

export function modelRecipe() {
  const model = training.finalModel!;
  const board = training.leaderboard!;
  const entry = board.entries.find((e) => e.key === training.finalModelKey);
  const b = backboneFacts();
  return {
    format: 'cover-genre-studio/model-recipe@1',
    model: { key: training.finalModelKey, name: model.name, blueprintId: model.blueprintId, featureGroups: model.featureGroups, members: model.members },
    classNames: model.classNames,
    seed: training.seed,
    trainingRows: board.foldOf.filter((f) => f >= 0).length,
    classWeighting: board.classWeighting,
    cv: entry?.cv ? { folds: board.nFolds, grouped: board.grouped, balancedAccuracy: entry.cv.balancedAccuracy, foldSd: entry.cv.foldSd } : null,
    fitted: model.describe(),
    featurizer: b
      ? {
          backboneId: b.id,
          format: b.format,
          inputSize: b.inputSize,
          inputRange: b.inputRange,
          embeddingSize: b.embeddingSize,
          embeddingLayer: b.embeddingLayer,
          embeddingNode: b.embeddingNode,
          embeddingCacheId: b.embeddingCacheId,
          weightsFingerprint: weightsFingerprintOf(b.embeddingCacheId),
          crop: 'largest centre square, resized to inputSize × inputSize',
        }
      : null,
    colourFeatures: model.featureGroups.includes('colour') ? COLOUR_FEATURIZER_ID : null,
    readme: RECIPE_README,
  };
}

/** The export .zip: recipe.json always; model.json + weights + labels.json + README.md when the model folds. */
export async function exportModelZip(): Promise<ModelExportInfo & { zip: Uint8Array }> {
  const model = training.finalModel;
  if (!model || !training.leaderboard) throw new Error('Train models first: there is no kept model to export.');
  const recipe = modelRecipe();
  const files: Record<string, Uint8Array> = { 'recipe.json': strToU8(JSON.stringify(recipe, null, 2)) };
  const info = modelExportInfo();
  if (info.tfjs) {
    const head = foldStandardization(model.linearHead!());
    const saved = await saveDenseModel(head);
    const card = modelCard({
      model: { key: training.finalModelKey, name: model.name, blueprintId: model.blueprintId },
      classNames: model.classNames,
      head,
      backbone: backboneFacts(),
      colourFeaturizerId: recipe.colourFeatures,
      cv: recipe.cv,
      trainingRows: recipe.trainingRows,
      seed: training.seed,
    });
    files['model.json'] = strToU8(JSON.stringify(saved.modelJson));
    files[WEIGHTS_FILE] = saved.weights;
    files['labels.json'] = strToU8(JSON.stringify(card, null, 2));
    files['README.md'] = strToU8(modelReadme(card));
  } else {
    files['README.md'] = strToU8(`# ${model.name}: recipe only\n\nNot exported in TF.js format: ${info.reason}. ${RECIPE_README}\n`);
  }
  return { zip: zipSync(files), ...info };
}
