/**
 * Scores new albums with the model kept after training: their covers go through the same
 * decode → backbone → cache path as the training covers, text columns come from an optional CSV.
 */
import { parseCsv, buildImageIndex, matchCover, isImagePath } from '../lib/data';
import { imageFeatures } from './featurizeRows';
import { buildModelInputFrom, FILE_NAME_COLUMN } from '../lib/data/modelInput';
import type { ModelInput } from '../lib/models';
import type { ColumnMapping } from '../lib/data/types';
import { state } from './state';
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
  const usesCover = model.featureGroups.includes('cover'); // a blend's groups are its members' union
  if (usesCover && !state.backbone) throw new Error('Load the featurizer network first (compute embeddings in step 2).');
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
  const features = await imageFeatures(
    images.map((img, i) => ({ hash: hashes[i], blob: img.file })),
    usesCover ? state.backbone : null,
    signal,
    (phase) => (p) => onProgress?.({ phase: `${phase} of new covers`, done: p.done, total: p.total, rate: p.imagesPerSecond || null, etaSeconds: p.etaSeconds }),
  );
  // A cancelled run is not a decoding failure: say it was cancelled.
  if (features.cancelled) throw new DOMException('Scoring cancelled.', 'AbortError');
  const has = (hash: string) => features.colour.colour.has(hash) && (!usesCover || features.embeddings.has(hash));
  const scored = images.map((img, i) => ({ img, hash: hashes[i] })).filter(({ hash }) => has(hash));
  const failed = images.filter((_, i) => !has(hashes[i])).map((img) => img.path);
  if (scored.length === 0) throw new Error('None of the images could be decoded.');
  state.predictedEmbeddings = new Map(scored.filter(({ hash }) => features.embeddings.has(hash)).map(({ img, hash }) => [img.path, features.embeddings.get(hash)!]));

  const covers = scored.map(({ img, hash }) => ({ path: img.path, hash }));
  const input = predictionInput(covers, valuesByPath, mapping, { cover: features.embeddings, colour: features.colour.colour }, model.featureGroups);

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
