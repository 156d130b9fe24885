/**
 * "Export model": the kept model's recipe (blueprint, feature groups, seed, rows, class order) and the feature
 * pipeline it reads (backbone id, layer, input size and normalisation), as JSON. It is a recipe, not weights:
 * refitting it on the same embeddings with the same seed gives the same model (that is how a project reopens).
 */
import { backboneSpec } from '../../lib/features/backbones';
import { COLOUR_FEATURIZER_ID } from '../../lib/features/featurize';
import { state } from '../state';
import { training } from '../training';

const README = `## Using this model recipe
1. Cover pixels: decode, take the largest centre square, resize to 224×224 (high-quality smoothing), RGB scaled
   from 0…255 to \`featurizer.inputRange\`; run \`featurizer.backboneId\` and read \`featurizer.embeddingLayer\`
   (or \`embeddingNode\` for graph models) → one embedding per cover.
2. Fit \`model.blueprintId\` on the feature groups in \`model.featureGroups\` of the training rows with \`seed\`
   (Cover Genre Studio's src/lib/models fitFinalModel does exactly this), classes in \`classNames\` order.
3. Output: one probability per class, in \`classNames\` order.
Not included: fitted weights, and no TF.js-format export of the heads (SNN, text models) — refit from the recipe.`;

export function modelRecipe() {
  const model = training.finalModel!;
  const board = training.leaderboard!;
  const entry = board.entries.find((e) => e.key === training.finalModelKey);
  const backboneId = state.backbone?.spec.id ?? null;
  const spec = backboneId && model.featureGroups.includes('cover') ? backboneSpec(backboneId) : null;
  return {
    format: 'cover-genre-studio/model-recipe@1',
    model: { key: training.finalModelKey, name: model.name, blueprintId: model.blueprintId, featureGroups: model.featureGroups, members: model.members },
    classNames: model.classNames,
    seed: training.seed,
    trainingRows: board.foldOf.filter((f) => f >= 0).length,
    classWeighting: board.classWeighting,
    cv: entry?.cv ? { folds: board.nFolds, grouped: board.grouped, balancedAccuracy: entry.cv.balancedAccuracy, foldSd: entry.cv.foldSd } : null,
    fitted: model.describe(),
    featurizer: spec
      ? {
          backboneId: spec.id,
          format: spec.format,
          inputSize: spec.inputSize,
          inputRange: spec.inputRange,
          embeddingSize: spec.embeddingSize,
          embeddingLayer: spec.embeddingLayer ?? null,
          embeddingNode: spec.embeddingNode ?? null,
          crop: 'largest centre square, resized to inputSize × inputSize',
        }
      : null,
    colourFeatures: model.featureGroups.includes('colour') ? COLOUR_FEATURIZER_ID : null,
    readme: README,
  };
}
