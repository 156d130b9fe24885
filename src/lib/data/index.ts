/** Public API of the data layer: pure functions that run in Node, the browser and a Web Worker. */
export type * from './types';
export { readCsv, parseCsv, unusableTableMessage, unclosedQuoteLine, detectDelimiter, uniqueColumnNames, CANDIDATE_DELIMITERS } from './csv';
export { inferMapping, nameTokens, type InferredMapping } from './inferColumns';
export {
  buildImageIndex,
  matchCover,
  isImagePath,
  isJunkPath,
  junkReason,
  normalizePath,
  normalizeCoverValue,
  basename,
  extensionOf,
  IMAGE_EXTENSIONS,
  type ImageIndex,
  type MatchKind,
  type MatchResult,
} from './match';
export { buildImportReport, formatReportSummary, type ImageInfo, type ImportInput } from './validate';
export { unzipEntries, unzipWithReport, cleanPath, type ZipEntry, type UnzipResult } from './zip';
export { MACOSX_REASON, unsupportedCompressionReason } from './zip';
export { cvGroups, type GroupedRow } from './groups';
export { findLabelVariants, labelKey, labelMergeMap } from './labels';
export { buildModelInputFrom, fileNameFeature, parseNumericCell, FILE_NAME_COLUMN, type ModelInputRow, type ModelInputOptions } from './modelInput';
export { decodeText, type CsvEncoding, type DecodedText } from './encoding';
export { sniffImage, decodeFailure, displaySize, type ImageFormat, type ImageHeader, type Sniffed } from './imageFormat';
export { planCv, planCvForLabels, MIN_ROWS_PER_CLASS, type CvPlan } from './labelChecks';
