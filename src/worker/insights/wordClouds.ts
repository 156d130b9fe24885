/**
 * Per-class word clouds of one text column: term counts in the training rows of each class, coloured by the
 * TF-IDF text model's coefficients — the kept model's when it has a text model on this column, else a
 * text-only TF-IDF model fitted on the training rows for this column (cached per training run and column).
 */
import { fitFinalModel, type Leaderboard } from '../../lib/models';
import { coefficientsOfColumn, wordCloudsOf } from '../../lib/insights/wordCloud';
import { training } from '../training';
import { requireTraining } from './overview';
import type { WordCloudRequest, WordClouds } from '../insightsProtocol';

interface Coefficients {
  model: string;
  byTerm: Map<string, number[]>;
}

const fittedForColumn = new WeakMap<Leaderboard, Map<string, Coefficients>>();

function cvRowsOf(lb: Leaderboard): Int32Array {
  return Int32Array.from(lb.foldOf.reduce<number[]>((acc, f, i) => (f >= 0 ? (acc.push(i), acc) : acc), []));
}

function keptModelCoefficients(lb: Leaderboard, column: string): Coefficients | null {
  const kept = training.finalModel;
  const byTerm = kept?.termWeights ? coefficientsOfColumn(kept.termWeights(), column) : null;
  if (!kept || !byTerm || byTerm.size === 0) return null;
  const entry = lb.entries.find((e) => e.key === training.finalModelKey);
  const name = entry ? `${entry.name} · ${entry.featureListName}` : kept.name;
  return { model: kept.members.length > 0 ? `TF-IDF text model inside the kept ${name}` : `${name} (the kept model)`, byTerm };
}

async function columnModelCoefficients(lb: Leaderboard, column: string, signal: AbortSignal): Promise<Coefficients> {
  const cached = fittedForColumn.get(lb)?.get(column);
  if (cached) return cached;
  const { input, labels, classNames } = requireTraining();
  const spec = { blueprintId: 'text-tfidf', featureGroups: [`text:${column}`] };
  const model = await fitFinalModel(input, labels, classNames, spec, { seed: lb.seed, rows: cvRowsOf(lb), groups: training.groups, classWeighting: lb.classWeighting, signal });
  try {
    const found: Coefficients = {
      model: `${model.name} on ${column} only (fitted on all training rows for this view)`,
      byTerm: coefficientsOfColumn(model.termWeights?.() ?? [], column),
    };
    if (!fittedForColumn.has(lb)) fittedForColumn.set(lb, new Map());
    fittedForColumn.get(lb)!.set(column, found);
    return found;
  } finally {
    model.dispose();
  }
}

export async function wordClouds(req: WordCloudRequest, signal: AbortSignal): Promise<WordClouds> {
  const { leaderboard, input, labels, classNames } = requireTraining();
  const docs = input.text[req.column];
  if (!docs) throw new Error(`'${req.column}' is not a text column of the last training run.`);
  const coefficients = keptModelCoefficients(leaderboard, req.column) ?? (await columnModelCoefficients(leaderboard, req.column, signal));
  const clouds = wordCloudsOf({
    docs,
    labels,
    rows: cvRowsOf(leaderboard),
    classNames,
    coefficients: coefficients.byTerm,
    stopWords: req.stopWords,
    maxTerms: req.maxTerms,
  });
  return { column: req.column, coefficientModel: coefficients.model, ...clouds };
}
