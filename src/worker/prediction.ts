/**
 * Scores new albums with the model kept after training: their covers go through the same
 * decode → backbone → cache path as the training covers, text columns come from an optional CSV.
 */
import { readCsv, buildImageIndex, matchCover, isImagePath } from '../lib/data';
import { imageFeatures } from './featurizeRows';
import { buildModelInputFrom, FILE_NAME_COLUMN } from '../lib/data/modelInput';
import type { ModelInput } from '../lib/models';
import type { ColumnMapping } from '../lib/data/types';
import { state } from './state';
import { featurizer } from '../lib/features/featurizers/registry';
import { training } from './training';
import { sha256Hex } from './hash';
import type { PredictionResult, SourceFile, TaskProgress } from './protocol';

/**
 * The ModelInput of covers to score: the builder training uses, so every column is computed the same
 * way; the file-name column only when the model reads it. `values` is each row's CSV record (a track).
 */
export function predictionInput(
  covers: { path: string; hash: string; values: Record<string, string> }[],
  mapping: ColumnMapping,
  dense: Record<string, Map<string, Float32Array>>,
  featureGroups: readonly string[],
): ModelInput {
  const rows = covers.map((c) => ({ coverPath: c.path, imageHash: c.hash, values: c.values }));
  return buildModelInputFrom(rows, mapping, dense, { fileNameAsFeature: featureGroups.includes(`text:${FILE_NAME_COLUMN}`) });
}

export async function predictAlbums(sources: SourceFile[], signal: AbortSignal, onProgress?: (p: TaskProgress) => void): Promise<PredictionResult> {
  const model = training.finalModel;
  const mapping = state.mapping;
  if (!model || !mapping) throw new Error('Train models first: the best model is kept for predictions.');
  // A blend's groups are its members' union; any network featurizer's group (cover, style) needs the network.
  const networkGroups = model.featureGroups.filter((g) => featurizer(g)?.network);
  const usesCover = networkGroups.length > 0;
  if (usesCover && !state.backbone) throw new Error('Load the featurizer network first (compute embeddings in step 2).');
  const images = sources.filter((s) => isImagePath(s.path));
  if (images.length === 0) throw new Error('Add one or more cover images (JPEG, PNG, WebP…) to score.');

  // Playlist mode: an optional CSV of tracks (cover file, title, artist, lyrics…), scored one row per track;
  // covers no track names are scored on their own.
  const csv = sources.find((s) => /\.(csv|tsv)$/i.test(s.path));
  const tracks: { path: string; row: Record<string, string> | null }[] = [];
  let trackColumns: string[] = [];
  if (csv && mapping.cover) {
    const table = readCsv(new Uint8Array(await csv.file.arrayBuffer())); // encoding detected as at import
    const index = buildImageIndex(images.map((i) => i.path));
    trackColumns = table.columns.filter((c) => c !== mapping.cover);
    for (const row of table.rows) {
      const m = matchCover(index, row[mapping.cover] ?? '');
      if (m.kind !== 'missing' && m.kind !== 'ambiguous') tracks.push({ path: m.path, row });
    }
  }
  const named = new Set(tracks.map((t) => t.path));
  for (const img of images) if (!named.has(img.path)) tracks.push({ path: img.path, row: null });

  const hashes = await Promise.all(images.map(async (i) => sha256Hex(await i.file.arrayBuffer())));
  const features = await imageFeatures(
    images.map((img, i) => ({ hash: hashes[i], blob: img.file })),
    usesCover ? state.backbone : null,
    signal,
    (phase) => (p) => onProgress?.({ phase: `${phase} of new covers`, done: p.done, total: p.total, rate: p.imagesPerSecond || null, etaSeconds: p.etaSeconds }),
  );
  // A cancelled run is not a decoding failure: say it was cancelled.
  if (features.cancelled) throw new DOMException('Scoring cancelled.', 'AbortError');
  const has = (hash: string) => features.colour.colour.has(hash) && networkGroups.every((g) => features.dense[g]?.has(hash));
  const hashOf = new Map(images.map((img, i) => [img.path, hashes[i]]));
  const scored = tracks.filter((t) => has(hashOf.get(t.path)!));
  const failed = images.filter((_, i) => !has(hashes[i])).map((img) => img.path);
  if (scored.length === 0) throw new Error('None of the images could be decoded.');
  state.predictedCovers = new Map(images.map((img) => {
    const hash = hashOf.get(img.path)!;
    return [img.path, { embedding: features.embeddings.get(hash), colour: features.colour.colour.get(hash) }] as const;
  }));

  const covers = scored.map((t) => ({ path: t.path, hash: hashOf.get(t.path)!, values: t.row ?? {} }));
  const input = predictionInput(covers, mapping, features.dense, model.featureGroups);
  const proba = model.predictProba(input);
  const k = model.classNames.length;
  return {
    model: model.name,
    classNames: model.classNames,
    predictions: scored.map((t, r) => {
      const p = Array.from(proba.subarray(r * k, (r + 1) * k));
      const best = p.indexOf(Math.max(...p));
      return { file: t.path, predicted: model.classNames[best], probabilities: p, usedText: t.row !== null, ...(t.row ? { track: t.row } : {}) };
    }),
    trackColumns,
    failed,
  };
}
