/**
 * The modelling side of the studio worker: turns the imported rows and cached features into a
 * ModelInput, checks candidate columns for target leakage, runs the cross-validated leaderboard and
 * keeps the best model, refitted on all training rows, for prediction.
 */
import { runLeaderboard, AUTOPILOT_TOP_LISTS, fitFinalModel, availableGroups, defaultFeatureLists, encodeLabels, isAbortError, type FinalModel, type ModelInput, type FeatureList, type Leaderboard } from '../lib/models';
import { checkLeakage } from '../lib/leakage/leakage';
import { buildModelInputFrom, FILE_NAME_COLUMN } from '../lib/data/modelInput';
import { cvGroups } from '../lib/data/groups';
import { planCvForLabels, withoutSingleRowGenres } from '../lib/data/labelChecks';
import { state } from './state';
import { poolRunners, releasePoolContext } from './trainPool/pool';
import * as tf from '@tensorflow/tfjs-core';
import { FEATURIZERS, featurizer, networkShortName } from '../lib/features/featurizers/registry';
import type { DatasetRow } from '../lib/data/types';
import type { FeatureGroupOption, LeakageFinding, LeaderboardRow, ModelOptions, ModelOptionsRequest, TrainRequest, TrainResult } from './protocol';

/** Rows that have every image feature; text/categorical values come from the CSV. */
function modelRows() {
  // Every image feature this session computed (the registry's featurizers that ran: network ones, colour always).
  const sources = Object.values(denseSources());
  // A genre with one row can never be both trained on and tested: left out, as the import report says.
  return withoutSingleRowGenres(state.rows.filter((r) => sources.length > 0 && sources.every((m) => m.has(r.imageHash))));
}

export { FILE_NAME_COLUMN };

/**
 * The image feature maps by hash, under their featurizer ids (= the dense group ids the models know), in
 * registry order; groups this session did not compute are left out. Prediction passes its own.
 */
export function denseSources(): Record<string, Map<string, Float32Array>> {
  return Object.fromEntries(FEATURIZERS.map((f) => [f.id, state.dense[f.id]] as const).filter(([, m]) => m !== undefined && m.size > 0));
}

export function buildModelInput(req: ModelOptionsRequest): { input: ModelInput; targets: string[]; candidates: Record<string, { groupId: string; values: string[] }> } {
  const mapping = state.mapping;
  if (!mapping) throw new Error('Import a dataset first.');
  const rows = modelRows();
  if (rows.length === 0) throw new Error('Compute features first (step 2): no row has image features yet.');
  const input = buildModelInputFrom(rows, mapping, denseSources(), { fileNameAsFeature: req.fileNameAsFeature });
  // The leakage check reads what the models read; numeric columns as the raw text, to find the label in it.
  const candidates: Record<string, { groupId: string; values: string[] }> = {};
  for (const [c, values] of Object.entries(input.text)) candidates[c] = { groupId: `text:${c}`, values };
  for (const [c, values] of Object.entries(input.categorical)) candidates[c] = { groupId: `cat:${c}`, values };
  for (const c of Object.keys(input.numeric)) candidates[c] = { groupId: `num:${c}`, values: rows.map((r) => r.values[c] ?? '') };
  return { input, targets: rows.map((r) => r.target), candidates };
}

export function groupLabel(id: string): FeatureGroupOption {
  const f = featurizer(id);
  if (f) return { id, label: f.label(state.backbone ? networkShortName(state.backbone.spec.label) : null), kind: 'dense' };
  const [kind, ...rest] = id.split(':');
  const name = rest.join(':');
  const what = kind === 'text' ? 'text' : kind === 'cat' ? 'categorical' : 'numeric';
  return { id, label: `${name} (${what})`, kind: kind as FeatureGroupOption['kind'] };
}

function leakageFindings(targets: string[], candidates: Record<string, { groupId: string; values: string[] }>, targetName: string): LeakageFinding[] {
  const columns = Object.fromEntries(Object.entries(candidates).map(([c, v]) => [c, v.values]));
  if (Object.keys(columns).length === 0) return [];
  return checkLeakage({ columns, labels: targets, targetName }).map((l) => ({
    column: l.column,
    groupId: candidates[l.column].groupId,
    flagged: l.flagged,
    reason: l.reason,
    labelInValueRate: l.labelInValueRate,
    singleColumnBalancedAccuracy: l.singleColumnBalancedAccuracy,
    suggestion: l.suggestion,
  }));
}

export function modelOptions(req: ModelOptionsRequest): ModelOptions {
  const { input, targets, candidates } = buildModelInput(req);
  const { classNames } = encodeLabels(targets);
  return {
    rows: input.n,
    classNames,
    groups: availableGroups(input).map(groupLabel),
    defaultLists: defaultFeatureLists(input),
    leakage: leakageFindings(targets, candidates, state.mapping?.target ?? 'label'),
    groupColumn: state.mapping?.group ?? null,
  };
}

/** Drops excluded groups from every list; a list left empty is dropped too. */
function withoutGroups(lists: FeatureList[], excluded: Set<string>): FeatureList[] {
  return lists.map((l) => ({ ...l, groups: l.groups.filter((g) => !excluded.has(g)) })).filter((l) => l.groups.length > 0);
}

function toRow(e: Leaderboard['entries'][number], rank: number): LeaderboardRow {
  return {
    key: e.key,
    rank,
    name: e.name,
    blueprintId: e.blueprintId,
    featureListName: e.featureListName,
    featureGroups: e.featureGroups,
    balancedAccuracy: e.cv?.balancedAccuracy ?? null,
    accuracy: e.cv?.accuracy ?? null,
    logLoss: e.cv?.logLoss ?? null,
    macroF1: e.cv?.macroF1 ?? null,
    foldScores: e.cv?.foldScores ?? [],
    foldSd: e.cv?.foldSd ?? null,
    holdoutBalancedAccuracy: e.holdout?.balancedAccuracy ?? null,
    trainSeconds: e.trainSeconds,
    confusion: e.confusion,
    perClass: e.perClass,
    members: e.members,
    error: e.error,
    tuning: tuningSummary(e.details),
  };
}

/** The regularisation each fold's inner CV chose, e.g. 'C 6.3e-4 (inner CV, 5 folds)'. */
function tuningSummary(details: Record<string, number | string>[]): string | null {
  const cs = details.map((d) => d.C).filter((c): c is number => typeof c === 'number');
  if (cs.length === 0) return null;
  const distinct = [...new Set(cs.map((c) => c.toPrecision(2)))];
  const how = details.find((d) => typeof d.l2Choice === 'string')?.l2Choice ?? '';
  return `C ${distinct.join(' / ')}${how ? ` (${how})` : ''}`;
}

/**
 * What the last training run saw and produced. The insights read it: `rows[i]` is the dataset row behind row i
 * of `input` (cover index i in insightsProtocol.ts) and of every entry's out-of-fold predictions.
 */
export interface TrainingState {
  finalModel: FinalModel | null;
  /** Leaderboard key of the entry `finalModel` was refitted from. */
  finalModelKey: string | null;
  leaderboard: Leaderboard | null;
  rows: DatasetRow[];
  input: ModelInput | null;
  labels: Int32Array;
  classNames: string[];
  /** CV group per row when the folds were grouped. */
  groups: string[] | undefined;
  seed: number;
}

export const training: TrainingState = { finalModel: null, finalModelKey: null, leaderboard: null, rows: [], input: null, labels: new Int32Array(0), classNames: [], groups: undefined, seed: 0 };

export async function train(
  req: TrainRequest,
  signal: AbortSignal,
  onProgress: (p: { model: string; fold: number; done: number; total: number; etaSeconds: number | null }) => void,
): Promise<TrainResult> {
  const t0 = performance.now();
  const { input, targets, candidates } = buildModelInput(req);
  const { labels, classNames } = encodeLabels(targets);
  // One genre cannot be trained; a genre with fewer rows than folds lowers the folds (labelChecks.ts).
  const plan = planCvForLabels(targets, req.folds);
  if (!plan.trainable) throw new Error(plan.notices[plan.notices.length - 1]);
  const findings = leakageFindings(targets, candidates, state.mapping?.target ?? 'label');
  const overrides = new Set(req.leakageOverrides);
  const excluded = findings.filter((f) => f.flagged && !overrides.has(f.column));
  const lists = withoutGroups(req.featureLists, new Set(excluded.map((f) => f.groupId)));
  if (lists.length === 0) throw new Error('Every chosen feature list is empty after removing leaking columns. Tick the cover embedding or another column.');

  const groups = modelRowsGroups(req.grouped ? (state.mapping?.group ?? null) : null);
  let board: Leaderboard;
  try {
    board = await runLeaderboard(input, labels, classNames, {
      featureLists: lists,
      folds: plan.folds,
      seed: req.seed,
      holdoutFraction: req.holdout ? 0.2 : 0,
      groups,
      signal,
      // Tensor-free fits also run in the training-pool workers (the other cores); same results as serial. A pool
      // worker starts the studio worker's tfjs backend only when some blueprint of this run holds tensors.
      runners: (ctx, needs) => poolRunners(ctx, needs.tensors ? tf.getBackend() : undefined),
      topListsForCostly: AUTOPILOT_TOP_LISTS,
      onProgress: (p) => onProgress({ model: p.model, fold: p.fold, done: p.done, total: p.total, etaSeconds: p.etaSeconds }),
    });
  } catch (err) {
    if (isAbortError(err)) return emptyResult(classNames, input.n, excluded, t0);
    throw err;
  } finally {
    releasePoolContext();
  }
  Object.assign(training, { leaderboard: board, rows: modelRows(), input, labels, classNames, groups, seed: req.seed });

  training.finalModel?.dispose();
  training.finalModel = null;
  training.finalModelKey = null;
  const best = board.entries.find((e) => e.cv && !e.error);
  if (best) {
    // The kept model sees every training row (CV rows; the holdout stays unseen).
    const trainRows = Int32Array.from(board.foldOf.reduce<number[]>((acc, f, i) => (f >= 0 ? (acc.push(i), acc) : acc), []));
    training.finalModel = await fitFinalModel(input, labels, classNames, best, { seed: req.seed, rows: trainRows, groups, signal });
    training.finalModelKey = best.key;
  }
  return {
    classNames,
    rows: board.entries.map((e, i) => toRow(e, i + 1)),
    rowsUsed: input.n,
    holdoutRows: board.holdoutIdx.length,
    nFolds: board.nFolds,
    grouped: board.grouped,
    chanceLevel: board.chanceLevel,
    seconds: (performance.now() - t0) / 1000,
    excludedForLeakage: excluded,
    finalModel: best ? { key: best.key, name: `${best.name} · ${best.featureListName}` } : null,
    cancelled: false,
  };
}

/**
 * CV group per model row: the group column's value when grouping by it, joined with every row that
 * shares an identical cover; undefined when nothing must stay together.
 */
export function modelRowsGroups(column: string | null): string[] | undefined {
  return cvGroups(modelRows().map((r) => ({ imageHash: r.imageHash, group: column === null ? undefined : r.values[column] })));
}

function emptyResult(classNames: string[], n: number, excluded: LeakageFinding[], t0: number): TrainResult {
  return { classNames, rows: [], rowsUsed: n, holdoutRows: 0, nFolds: 0, grouped: false, chanceLevel: 1 / classNames.length, seconds: (performance.now() - t0) / 1000, excludedForLeakage: excluded, finalModel: null, cancelled: true };
}
