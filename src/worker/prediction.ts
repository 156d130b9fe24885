/**
 * Scores new albums with the model kept after training: their covers go through the same
 * decode → backbone → cache path as the training covers, text columns come from an optional CSV.
 */
import { parseCsv, buildImageIndex, matchCover, isImagePath } from '../lib/data';
import { featurize } from '../lib/features/featurize';
import { buildModelInputFrom, FILE_NAME_COLUMN } from '../lib/data/modelInput';
import type { ModelInput } from '../lib/models';
import type { ColumnMapping } from '../lib/data/types';
import { state, cache } from './state';
import { training } from './training';
import { sha256Hex } from './hash';
import type { PredictionResult, SourceFile, TaskProgress } from './protocol';

/**
 * The ModelInput of covers to score: the builder training uses, so every column is computed the same
 * way; the file-name column only when the model reads it. `valuesByPath` holds each cover's CSV row.
 */
export function predictionInput(
  covers: { path: string; hash: string }[],
  valuesByPath: Map<string, Record<string, string>>,
  mapping: ColumnMapping,
  dense: Record<string, Map<string, Float32Array>>,
  featureGroups: readonly string[],
): ModelInput {
  const rows = covers.map((c) => ({ coverPath: c.path, imageHash: c.hash, values: valuesByPath.get(c.path) ?? {} }));
  return buildModelInputFrom(rows, mapping, dense, { fileNameAsFeature: featureGroups.includes(`text:${FILE_NAME_COLUMN}`) });
}

export async function predictAlbums(sources: SourceFile[], signal: AbortSignal, onProgress?: (p: TaskProgress) => void): Promise<PredictionResult> {
  const model = training.finalModel;
  const mapping = state.mapping;
  if (!model || !mapping) throw new Error('Train models first: the best model is kept for predictions.');
  if (!state.backbone) throw new Error('Load the featurizer network first (compute embeddings in step 2).');
  const images = sources.filter((s) => isImagePath(s.path));
  if (images.length === 0) throw new Error('Add one or more cover images (JPEG, PNG, WebP…) to score.');

  // An optional CSV supplies text/categorical/numeric values for the new albums, matched by cover name.
  const csv = sources.find((s) => /\.(csv|tsv)$/i.test(s.path));
  const valuesByPath = new Map<string, Record<string, string>>();
  if (csv && mapping.cover) {
    const table = parseCsv(await csv.file.text());
    const index = buildImageIndex(images.map((i) => i.path));
    for (const row of table.rows) {
      const m = matchCover(index, row[mapping.cover] ?? '');
      if (m.kind !== 'missing' && m.kind !== 'ambiguous') valuesByPath.set(m.path, row);
    }
  }

  const hashes = await Promise.all(images.map(async (i) => sha256Hex(await i.file.arrayBuffer())));
  const outcome = await featurize(
    images.map((img, i) => ({ hash: hashes[i], blob: img.file })),
    {
      backbone: state.backbone,
      cache: await cache(),
      batchSize: 16,
      signal,
      onProgress: (p) => onProgress?.({ phase: 'Embedding new covers', done: p.done, total: p.total, rate: p.imagesPerSecond || null, etaSeconds: p.etaSeconds }),
    },
  );
  const scored = images.map((img, i) => ({ img, hash: hashes[i] })).filter(({ hash }) => outcome.embeddings.has(hash) && outcome.colour.has(hash));
  const failed = images.filter((_, i) => !outcome.embeddings.has(hashes[i])).map((img) => img.path);
  if (scored.length === 0) throw new Error('None of the images could be decoded.');
  state.predictedEmbeddings = new Map(scored.map(({ img, hash }) => [img.path, outcome.embeddings.get(hash)!]));

  const covers = scored.map(({ img, hash }) => ({ path: img.path, hash }));
  const input = predictionInput(covers, valuesByPath, mapping, { cover: outcome.embeddings, colour: outcome.colour }, model.featureGroups);

  const proba = model.predictProba(input);
  const k = model.classNames.length;
  return {
    model: model.name,
    classNames: model.classNames,
    predictions: scored.map(({ img }, r) => {
      const p = Array.from(proba.subarray(r * k, (r + 1) * k));
      const best = p.indexOf(Math.max(...p));
      return { file: img.path, predicted: model.classNames[best], probabilities: p, usedText: valuesByPath.has(img.path) };
    }),
    failed,
  };
}
