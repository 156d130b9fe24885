/** Permutation feature impact of one leaderboard model, on its refitted fold models' out-of-fold predictions. */
import { permutationImpact } from '../../lib/insights/permutation';
import { foldFitter, impactGroupsOf } from '../../lib/insights/foldRefit';
import { groupLabel, training } from '../training';
import { entryFor, requireTraining } from './overview';
import type { FeatureImpact, FeatureImpactRequest } from '../insightsProtocol';
import type { TaskProgress } from '../protocol';

export async function featureImpact(req: FeatureImpactRequest, signal: AbortSignal, onProgress?: (p: TaskProgress) => void): Promise<FeatureImpact> {
  const t0 = performance.now();
  const { leaderboard, input, labels } = requireTraining();
  const entry = entryFor(req.modelKey);
  const repeats = Math.max(1, Math.floor(req.repeats));
  const result = await permutationImpact({
    input,
    labels,
    foldOf: leaderboard.foldOf,
    nFolds: leaderboard.nFolds,
    nClasses: leaderboard.classNames.length,
    groups: impactGroupsOf(leaderboard, entry),
    repeats,
    seed: req.seed,
    fitFold: foldFitter({ input, labels, leaderboard, entry, groups: training.groups, signal }),
    signal,
    onProgress,
  });
  return {
    modelKey: entry.key,
    modelName: `${entry.name} · ${entry.featureListName}`,
    baseline: result.baseline,
    repeats,
    groups: result.groups
      .map((g) => ({ groupId: g.groupId, label: groupLabel(g.groupId).label, drop: g.drop, sd: g.sd, normalized: g.normalized }))
      .sort((a, b) => b.drop - a.drop),
    seconds: (performance.now() - t0) / 1000,
  };
}
