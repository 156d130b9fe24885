/** The covers of the last training run with one model's out-of-fold predictions: what every insight view lists. */
import { training } from '../training';
import { state } from '../state';
import type { FeatureMatrix, LeaderboardEntry, ModelInput } from '../../lib/models';
import { applyStandardizer, fitStandardizer } from '../../lib/models/standardize';
import type { InsightCover, InsightModel, InsightsOverview } from '../insightsProtocol';

export function requireTraining() {
  const { leaderboard, input } = training;
  if (!leaderboard || !input) throw new Error('Train models first (step 3): the insights explain a trained model.');
  return { leaderboard, input, rows: training.rows, labels: training.labels, classNames: training.classNames };
}

/**
 * A leaderboard entry by key. By default the kept model's entry when it reads the cover embedding; when it does
 * not (e.g. style + colour won), the best entry that does, so the activation maps, the headline insight, have a
 * model to explain; else the kept (or best) entry. The page names the model it explains.
 */
export function entryFor(modelKey?: string | null): LeaderboardEntry {
  const { leaderboard } = requireTraining();
  const usable = leaderboard.entries.filter((e) => e.cv && !e.error);
  const kept = usable.find((e) => e.key === training.finalModelKey);
  const byDefault = kept && usesCover(kept) ? kept : (usable.find(usesCover) ?? kept ?? usable[0]);
  const entry = usable.find((e) => e.key === modelKey) ?? byDefault;
  if (!entry) throw new Error('No model trained successfully: nothing to explain.');
  return entry;
}

const baseName = (path: string) => path.split('/').pop()!.replace(/\.[a-z0-9]+$/i, '');

/** A readable title per row: the first mapped text column that looks like a title, else the file's base name. */
export function coverTitle(values: Record<string, string>, path: string): string {
  const titleColumn = state.mapping?.text.find((c) => /title|album|name|track|song/i.test(c));
  const t = titleColumn ? values[titleColumn]?.trim() : '';
  return t || baseName(path);
}

export function usesCover(entry: Pick<LeaderboardEntry, 'featureGroups'>): boolean {
  return entry.featureGroups.includes('cover');
}

export function insightsOverview(modelKey?: string | null): InsightsOverview {
  const { leaderboard, rows, labels, classNames } = requireTraining();
  const entry = entryFor(modelKey);
  const k = classNames.length;
  const covers: InsightCover[] = [];
  rows.forEach((row, i) => {
    if (leaderboard.foldOf[i] < 0) return; // holdout rows have no out-of-fold prediction
    const p = Array.from(entry.oof.subarray(i * k, i * k + k));
    const best = p.indexOf(Math.max(...p));
    covers.push({
      index: i,
      path: row.coverPath,
      title: coverTitle(row.values, row.coverPath),
      actual: classNames[labels[i]],
      predicted: classNames[best],
      probabilities: p,
      correct: best === labels[i],
    });
  });
  const models: InsightModel[] = leaderboard.entries
    .filter((e) => e.cv && !e.error)
    .map((e) => ({
      key: e.key,
      name: e.name,
      featureListName: e.featureListName,
      featureGroups: e.featureGroups,
      balancedAccuracy: e.cv?.balancedAccuracy ?? null,
      usesCover: usesCover(e),
      kept: e.key === training.finalModelKey,
    }));
  return {
    modelKey: entry.key,
    classNames,
    covers,
    models,
    textColumns: state.mapping?.text.filter((c) => c in (training.input?.text ?? {})) ?? [],
    activationUnavailable: usesCover(entry) ? null : `${entry.name} (${entry.featureListName}) does not use the cover embedding, so there is nothing in the image to map. Choose a model that uses the cover.`,
    backbone: state.backbone ? { id: state.backbone.spec.id, label: state.backbone.spec.label } : null,
  };
}

interface ImageSpace {
  matrix: FeatureMatrix;
  /** A new cover's vector in the same space (its embedding, or its colour features standardised alike). */
  project(cover: { embedding?: Float32Array; colour?: Float32Array }): Float32Array | null;
}

const colourSpaces = new WeakMap<ModelInput, ImageSpace>();

/**
 * The image space the map and "covers like this" work in: the cover embedding, or, when no network ran
 * (colour-only), the colour & composition features standardised per column so no single statistic dominates.
 */
export function imageSpace(input: ModelInput): ImageSpace {
  if (input.dense.cover) return { matrix: input.dense.cover, project: (c) => c.embedding ?? null };
  const colour = input.dense.colour;
  if (!colour) throw new Error('No image features in this training run.');
  let space = colourSpaces.get(input);
  if (!space) {
    const all = Int32Array.from({ length: colour.rows }, (_, i) => i);
    const stats = fitStandardizer(colour.data, colour.cols, all);
    const standardise = (data: Float32Array, rows: number) => {
      const out = new Float64Array(rows * colour.cols);
      applyStandardizer(stats, data, colour.cols, Int32Array.from({ length: rows }, (_, i) => i), out, colour.cols, 0);
      return Float32Array.from(out);
    };
    space = {
      matrix: { rows: colour.rows, cols: colour.cols, data: standardise(colour.data, colour.rows) },
      project: (c) => (c.colour ? standardise(c.colour, 1) : null),
    };
    colourSpaces.set(input, space);
  }
  return space;
}
