/**
 * Refits a leaderboard entry's model for one CV fold exactly as runLeaderboard fitted it: same blueprint and
 * groups, the fold's training rows, the same class weights and seed deriveSeed(leaderboard.seed, key, fold).
 * A blender refits the members it used for that fold (membersPerFold) and averages their probabilities.
 */
import type { FeatureGroupId, ModelInput, RegistryEntry } from '../models/types';
import { fitEach, predictAveraged, weightsFor, type Leaderboard, type LeaderboardEntry } from '../models/leaderboard';
import { REGISTRY, getBlueprint } from '../models/registry';
import { deriveSeed } from '../models/rng';
import type { FoldModel } from './permutation';

export interface FoldRefitContext {
  input: ModelInput;
  labels: Int32Array;
  leaderboard: Leaderboard;
  entry: LeaderboardEntry;
  /** CV group per row when the leaderboard was grouped (inner L2 searches keep groups whole). */
  groups?: string[];
  registry?: readonly RegistryEntry[];
  signal?: AbortSignal;
}

interface Member {
  key: string;
  blueprintId: string;
  featureGroups: FeatureGroupId[];
}

/** The models behind an entry for fold `fold`: itself, or the blender's members for that fold. */
function membersOf(lb: Leaderboard, entry: LeaderboardEntry, fold: number): Member[] {
  const keys = entry.membersPerFold?.[fold] ?? entry.members;
  if (!keys) return [entry];
  return keys.map((key) => {
    const m = lb.entries.find((e) => e.key === key);
    if (!m) throw new Error(`blender member '${key}' is not on the leaderboard`);
    return m;
  });
}

/** Groups to permute: the entry's own, or for a blender the union over every fold's members. */
export function impactGroupsOf(lb: Leaderboard, entry: LeaderboardEntry): FeatureGroupId[] {
  const all = [...entry.featureGroups];
  for (let f = 0; f < lb.nFolds; f++) for (const m of membersOf(lb, entry, f)) all.push(...m.featureGroups);
  return [...new Set(all)];
}

export function foldFitter(ctx: FoldRefitContext): (fold: number, trainIdx: Int32Array) => Promise<FoldModel> {
  const { input, labels, leaderboard: lb } = ctx;
  const k = lb.classNames.length;
  const registry = ctx.registry ?? REGISTRY;
  const blueprintOf = (id: string) => getBlueprint(id, registry);
  return async (fold, trainIdx) => {
    const classWeights = weightsFor(labels, trainIdx, k, lb.classWeighting);
    const fitted = await fitEach(membersOf(lb, ctx.entry, fold), (m) =>
      blueprintOf(m.blueprintId).fit(input, trainIdx, labels, {
        nClasses: k,
        classWeights,
        seed: deriveSeed(lb.seed, m.key, fold),
        featureGroups: m.featureGroups,
        groups: ctx.groups,
        signal: ctx.signal,
      }),
    );
    return {
      predict: (inp, idx) => predictAveraged(fitted, inp, idx),
      dispose: () => fitted.forEach((m) => m.dispose()),
    };
  };
}
