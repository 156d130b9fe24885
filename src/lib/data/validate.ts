/**
 * Turns a parsed CSV, a column mapping and the supplied files into dataset rows plus an import
 * report that accounts for every row and every file exactly once:
 *   rows:  kept, or excluded with one reason (checked in this order: image missing, ambiguous match,
 *          image unreadable or undecodable, empty target, then identical images under different labels).
 *          Rows sharing an identical image with one label are all kept and listed in sharedImages;
 *          training keeps each such set in one CV fold (see groups.ts).
 *   files: the CSV, skipped files with a reason (OS junk, zip entries not extracted), non-images,
 *          undecodable images, images some row points to (referencedImages) and images no row points
 *          to (unreferencedImages).
 */
import { findLabelVariants, labelMergeMap } from './labels';
import { planCv } from './labelChecks';
import { basename, buildImageIndex, isImagePath, junkReason, matchCover, normalizePath, type MatchKind } from './match';
import type { ColumnMapping, DatasetRow, ExcludedRow, ExclusionReason, ImportReport, InputFile, ParsedTable, SkippedFile } from './types';

export interface ImageInfo {
  /** SHA-256 hex of the file bytes. */
  hash: string;
  decodable: boolean;
  /** Why it is not decodable, phrased to follow the file name ("is a PDF, not an image: …"). */
  problem?: string;
  /** Size as displayed (EXIF orientation applied), when decoded. */
  width?: number;
  height?: number;
}

/** Covers smaller than the network input (224 px) are enlarged, so their features are blurry: listed, still used. */
export const LOW_RESOLUTION_SIDE = 224;

export interface ImportInput {
  csvPath: string;
  table: ParsedTable;
  mapping: ColumnMapping;
  files: InputFile[];
  /**
   * Keyed by InputFile.path. Needed for every image a row points to (one without an entry is
   * reported as unreadable); images no row points to may be left out.
   */
  imageInfo: Map<string, ImageInfo>;
  /** CV folds; classes with fewer usable rows are listed as small. Default 5. */
  folds?: number;
  /** Files that never made it into `files`, with why (zip entries not extracted: see unzipWithReport). */
  skippedFiles?: SkippedFile[];
}

const DEFAULT_FOLDS = 5;

/** A row that passed the per-row checks and waits for the duplicate check. */
interface Candidate {
  row: DatasetRow;
  line: number;
  coverValue: string;
}

export function buildImportReport(input: ImportInput): { report: ImportReport; rows: DatasetRow[] } {
  const { table, mapping, imageInfo } = input;
  const folds = input.folds ?? DEFAULT_FOLDS;
  const files = classifyFiles(input.files, input.csvPath);
  const notExtracted = new Map((input.skippedFiles ?? []).filter((f) => isImagePath(f.path)).map((f) => [f.path, f.reason]));
  // Rows pointing to an image the zip could not give us must say so, not "image missing".
  const index = buildImageIndex([...files.images, ...notExtracted.keys()]);
  const nonImageByName = new Map(files.nonImage.map((p) => [basename(p).toLowerCase(), p]));

  const excluded: ExcludedRow[] = [];
  const candidates: Candidate[] = [];
  const referenced = new Set<string>();
  const matchKindCounts: Record<MatchKind, number> = { exact: 0, 'case-insensitive': 0, basename: 0, 'no-extension': 0 };

  table.rows.forEach((record, rowIndex) => {
    const line = table.rowLines?.[rowIndex] ?? rowIndex + 2;
    const coverValue = mapping.cover === null ? '' : (record[mapping.cover] ?? '');
    const target = mapping.target === null ? '' : (record[mapping.target] ?? '').trim();
    const exclude = (reason: ExclusionReason, detail: string) => excluded.push({ rowIndex, line, coverValue, reason, detail });

    const match = matchCover(index, coverValue);
    if (match.kind === 'ambiguous') match.candidates.forEach((c) => referenced.add(c));
    if (match.kind === 'missing') return exclude('image-missing', missingDetail(mapping, coverValue, target, nonImageByName));
    if (match.kind === 'ambiguous') return exclude('ambiguous-match', ambiguousDetail(mapping, coverValue, match.candidates));

    matchKindCounts[match.kind]++;
    referenced.add(match.path);
    const skipReason = notExtracted.get(match.path);
    if (skipReason !== undefined) return exclude('image-undecodable', `"${match.path}" was ${skipReason}.`);
    const info = imageInfo.get(match.path);
    if (!info || !info.decodable) return exclude('image-undecodable', undecodableDetail(match.path, info));
    if (target === '') return exclude('empty-target', emptyTargetDetail(mapping));

    const row: DatasetRow = { rowIndex, coverPath: match.path, imageHash: info.hash, target, values: featureValues(record, mapping) };
    candidates.push({ row, line, coverValue });
  });

  const labelVariants = findLabelVariants(candidates.map((c) => c.row.target));
  const labelsMerged = mapping.mergeLabelVariants === true && labelVariants.length > 0;
  if (labelsMerged) {
    const merge = labelMergeMap(labelVariants);
    for (const c of candidates) c.row.target = merge.get(c.row.target) ?? c.row.target;
  }
  const deduped = checkDuplicateImages(candidates);
  excluded.push(...deduped.excluded);
  excluded.sort((a, b) => a.rowIndex - b.rowIndex);
  const rows = deduped.kept.map((c) => c.row);

  const byReason = (reason: ExclusionReason) => excluded.filter((e) => e.reason === reason);
  const classCounts = countClasses(rows);
  const cvPlan = planCv(classCounts, folds);
  const report: ImportReport = {
    csvPath: input.csvPath,
    rowCount: table.rows.length,
    imageCount: files.images.length,
    matchedRowCount: Object.values(matchKindCounts).reduce((a, b) => a + b, 0),
    usableRowCount: rows.length,
    missingImageRows: byReason('image-missing'),
    emptyTargetRows: byReason('empty-target'),
    undecodableRows: byReason('image-undecodable'),
    ambiguousRows: byReason('ambiguous-match'),
    conflictingDuplicateRows: byReason('duplicate-image-conflicting-labels'),
    sharedImages: deduped.shared,
    excludedRows: excluded,
    ...imageBuckets(files.images, imageInfo, referenced),
    nonImageFiles: files.nonImage,
    skippedFiles: [...files.skipped, ...(input.skippedFiles ?? [])].sort((a, b) => byCodePoint(a.path, b.path)),
    classCounts,
    smallClasses: classCounts.filter((c) => c.count < folds),
    labelVariants,
    labelsMerged,
    conflictingDuplicates: deduped.conflicts,
    matchKindCounts,
    csvWarnings: table.warnings,
    folds,
    cvPlan,
    csvEncoding: table.encoding ? { encoding: table.encoding, how: table.encodingReason ?? '' } : null,
    lowResolutionImages: lowResolution(rows, imageInfo),
  };
  return { report, rows };
}

// ---------- files ----------

interface FileClasses {
  images: string[];
  nonImage: string[];
  skipped: SkippedFile[];
}

/** Sorted lists, so the report reads the same whatever order the browser listed the files in. */
function classifyFiles(files: InputFile[], csvPath: string): FileClasses {
  const csv = normalizePath(csvPath);
  const out: FileClasses = { images: [], nonImage: [], skipped: [] };
  for (const { path } of files) {
    if (normalizePath(path) === csv) continue;
    const junk = junkReason(path);
    if (junk !== null) out.skipped.push({ path, reason: junk });
    else if (isImagePath(path)) out.images.push(path);
    else out.nonImage.push(path);
  }
  out.images.sort(byCodePoint);
  out.nonImage.sort(byCodePoint);
  return out;
}

/** Each image lands in exactly one of: undecodable, referenced by a row, not referenced. */
function imageBuckets(images: string[], imageInfo: Map<string, ImageInfo>, referenced: Set<string>) {
  const unreadable = (p: string) => {
    const info = imageInfo.get(p);
    return info ? !info.decodable : referenced.has(p);
  };
  return {
    undecodableImages: images.filter(unreadable),
    referencedImages: images.filter((p) => referenced.has(p) && !unreadable(p)),
    unreferencedImages: images.filter((p) => !referenced.has(p) && !unreadable(p)),
  };
}

// ---------- rows ----------

/** Kept covers whose shorter side is under LOW_RESOLUTION_SIDE, each once, in path order. */
function lowResolution(rows: DatasetRow[], imageInfo: Map<string, ImageInfo>): ImportReport['lowResolutionImages'] {
  const out = new Map<string, { path: string; width: number; height: number }>();
  for (const { coverPath } of rows) {
    const info = imageInfo.get(coverPath);
    if (info?.width === undefined || info.height === undefined) continue;
    if (Math.min(info.width, info.height) < LOW_RESOLUTION_SIDE) out.set(coverPath, { path: coverPath, width: info.width, height: info.height });
  }
  return [...out.values()].sort((a, b) => byCodePoint(a.path, b.path));
}

function featureValues(record: Record<string, string>, mapping: ColumnMapping): Record<string, string> {
  const columns = new Set([...mapping.text, ...mapping.categorical, ...mapping.numeric]);
  if (mapping.group !== null) columns.add(mapping.group);
  const values: Record<string, string> = {};
  for (const c of columns) values[c] = record[c] ?? '';
  return values;
}

/**
 * Rows whose identical images carry different labels are all excluded (the label is ambiguous).
 * With one label every row is kept (a track-level CSV repeats the album cover) and the set is listed:
 * training keeps it in one CV fold, so the same image is never in both a training and a test fold.
 */
function checkDuplicateImages(candidates: Candidate[]): {
  kept: Candidate[];
  excluded: ExcludedRow[];
  conflicts: ImportReport['conflictingDuplicates'];
  shared: ImportReport['sharedImages'];
} {
  const byHash = new Map<string, Candidate[]>();
  for (const c of candidates) byHash.set(c.row.imageHash, [...(byHash.get(c.row.imageHash) ?? []), c]);
  const kept: Candidate[] = [];
  const excluded: ExcludedRow[] = [];
  const conflicts: ImportReport['conflictingDuplicates'] = [];
  const shared: ImportReport['sharedImages'] = [];
  for (const [hash, group] of byHash) {
    const labels = unique(group.map((c) => c.row.target));
    if (labels.length > 1) {
      conflicts.push({ hash, files: unique(group.map((c) => c.row.coverPath)), labels });
      const detail = conflictDetail(group);
      for (const c of group) excluded.push(excludedFrom(c, 'duplicate-image-conflicting-labels', detail));
      continue;
    }
    kept.push(...group);
    if (group.length > 1) {
      shared.push({ hash, label: labels[0], rows: group.map((c) => ({ rowIndex: c.row.rowIndex, line: c.line, coverPath: c.row.coverPath })) });
    }
  }
  kept.sort((a, b) => a.row.rowIndex - b.row.rowIndex);
  conflicts.sort((a, b) => byCodePoint(a.files[0], b.files[0]));
  shared.sort((a, b) => a.rows[0].rowIndex - b.rows[0].rowIndex);
  return { kept, excluded, conflicts, shared };
}

function excludedFrom(c: Candidate, reason: ExclusionReason, detail: string): ExcludedRow {
  return { rowIndex: c.row.rowIndex, line: c.line, coverValue: c.coverValue, reason, detail };
}

function countClasses(rows: DatasetRow[]): { label: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.target, (counts.get(r.target) ?? 0) + 1);
  return [...counts].map(([label, count]) => ({ label, count })).sort((a, b) => byCodePoint(a.label, b.label));
}

// ---------- messages: each says what is wrong and what to change ----------

function missingDetail(mapping: ColumnMapping, value: string, target: string, nonImageByName: Map<string, string>): string {
  if (mapping.cover === null) return 'No cover column is chosen: pick the column that holds the image file names.';
  const alsoEmpty = mapping.target !== null && target === '' ? ` The "${mapping.target}" cell is empty too.` : '';
  if (value.trim() === '') return `The "${mapping.cover}" cell is empty: fill in the image file name or remove the row.${alsoEmpty}`;
  const sameName = nonImageByName.get(basename(normalizePath(value.trim())).toLowerCase());
  if (sameName) {
    return `"${sameName}" exists but is not a supported image (jpg, jpeg, png, webp, gif, bmp, avif): convert it.${alsoEmpty}`;
  }
  return `No image file matches "${value.trim()}": add the file or correct the name in column "${mapping.cover}".${alsoEmpty}`;
}

function ambiguousDetail(mapping: ColumnMapping, value: string, candidates: string[]): string {
  return (
    `"${value.trim()}" matches ${candidates.length} files (${candidates.join(', ')}): ` +
    `write the folder too in column "${mapping.cover}", e.g. "${candidates[0]}".`
  );
}

function undecodableDetail(path: string, info: ImageInfo | undefined): string {
  if (!info) return `"${path}" could not be read: add it again.`;
  if (info.problem) return `"${path}" ${info.problem}.`;
  return `"${path}" could not be decoded (corrupt or unsupported format): re-save it as JPEG or PNG.`;
}

function emptyTargetDetail(mapping: ColumnMapping): string {
  if (mapping.target === null) return 'No target column is chosen: pick the column that holds the genre.';
  return `The "${mapping.target}" cell is empty: fill in a label or remove the row.`;
}

function conflictDetail(group: Candidate[]): string {
  const parts = group.map((c) => `"${c.row.target}" (line ${c.line})`);
  return `The same image (identical bytes) is labelled ${parts.join(', ')}: keep one row with the right label.`;
}

// ---------- summary ----------

/** A few plain-text lines for a toast, a log or the top of the import panel. */
export function formatReportSummary(report: ImportReport): string {
  const excludedCount = report.rowCount - report.usableRowCount;
  const reasons = [
    [report.missingImageRows.length, 'image missing'],
    [report.ambiguousRows.length, 'ambiguous image name'],
    [report.undecodableRows.length, 'image undecodable'],
    [report.emptyTargetRows.length, 'empty label'],
    [report.conflictingDuplicateRows.length, 'same image, different labels'],
  ] as const;
  const why = reasons.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  const encoding = report.csvEncoding ? ` (read as ${report.csvEncoding.encoding}: ${report.csvEncoding.how})` : '';
  const lines = [
    `${report.csvPath}${encoding}: ${report.rowCount} rows, ${report.usableRowCount} usable` +
      (excludedCount > 0 ? `, ${excludedCount} excluded (${why.join(', ')}).` : '.'),
    `Images: ${report.imageCount} files, ${report.referencedImages.length} referenced by the CSV` +
      `, ${report.unreferencedImages.length} not referenced, ${report.undecodableImages.length} undecodable.`,
  ];
  if (report.classCounts.length > 0) {
    lines.push(`Classes (${report.classCounts.length}): ${report.classCounts.map((c) => `${c.label} ${c.count}`).join(', ')}.`);
  }
  lines.push(...report.cvPlan.notices);
  if (report.sharedImages.length > 0) {
    const rows = report.sharedImages.reduce((sum, s) => sum + s.rows.length, 0);
    lines.push(`${rows} rows share ${report.sharedImages.length} identical image(s) with the same label: all kept, each set in one CV fold.`);
  }
  for (const g of report.labelVariants) {
    const spellings = g.variants.map((v) => `"${v.label}" (${v.count})`).join(', ');
    lines.push(
      report.labelsMerged
        ? `Merged labels that differ only in case or spacing into "${g.canonical}": ${spellings}.`
        : `Labels that differ only in case or spacing are separate classes: ${spellings}. Tick "merge label spellings" to make them one.`,
    );
  }
  if (report.lowResolutionImages.length > 0) {
    const small = report.lowResolutionImages.map((i) => `${i.path} (${i.width}×${i.height})`);
    lines.push(`Smaller than ${LOW_RESOLUTION_SIDE} px, enlarged (blurry features): ${listSome(small, 3)}.`);
  }
  if (report.nonImageFiles.length > 0) lines.push(`Not used (not images): ${listSome(report.nonImageFiles)}.`);
  if (report.skippedFiles.length > 0) lines.push(`Skipped ${report.skippedFiles.length} file(s): ${listSome(report.skippedFiles.map((f) => `${f.path} (${f.reason})`), 3)}.`);
  if (report.csvWarnings.length > 0) {
    lines.push(`CSV: ${report.csvWarnings.length} warning(s), first on line ${report.csvWarnings[0].line}: ${report.csvWarnings[0].message}`);
  }
  return lines.join('\n');
}

// ---------- helpers ----------

function listSome(items: string[], max = 5): string {
  const more = items.length - max;
  return items.slice(0, max).join(', ') + (more > 0 ? ` and ${more} more` : '');
}

function unique(values: string[]): string[] {
  return [...new Set(values)].sort(byCodePoint);
}

/** Code-point order: deterministic in every locale (class order fixes label indices downstream). */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
