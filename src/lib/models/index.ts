/** Public API of the modelling layer, for the training worker. */
export type {
  ModelInput,
  FeatureList,
  FeatureGroupId,
  FeatureMatrix,
  Blueprint,
  BlenderBlueprint,
  RegistryEntry,
  FittedModel,
  FitOptions,
  ModelSpec,
  Scores,
  PerClassScore,
  TermWeight,
} from './types';
export {
  runLeaderboard,
  AUTOPILOT_TOP_LISTS,
  bestListIds,
  fitFinalModel,
  planTasks,
  type Leaderboard,
  type LeaderboardEntry,
  type LeaderboardOptions,
  type LeaderboardProgress,
  type CvScores,
  type FinalModel,
  type FinalFitOptions,
} from './leaderboard';
export { REGISTRY, getBlueprint, getBlender, getEntry } from './registry';
export { softmaxCoverFixedL2 } from './blueprints/softmaxCover';
export { availableGroups, customFeatureList, defaultFeatureLists, groupKind, presentGroups } from './featureLists';
export { encodeLabels } from './labels';
export { assignFolds, stratifiedHoldout, foldSplit, balancedClassWeights } from './cv';
export * from './metrics';
export { isAbortError } from './abort';
