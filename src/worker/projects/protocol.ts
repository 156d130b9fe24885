/** The worker ↔ UI contract of saved projects (structured-cloneable). */
import type { ProjectHeader } from '../../lib/store/projectFormat';
import type { ColumnMapping } from '../../lib/data/types';
import type { BackboneStatus, FeaturizeSummary, ImportResult, OpenResult, PredictionResult, TrainResult } from '../protocol';

/** What the panels show, saved with the project and handed back on reopen. */
export interface ProjectUi {
  opened: OpenResult | null;
  imported: ImportResult | null;
  backbone: BackboneStatus | null;
  features: FeaturizeSummary | null;
  synthetic: boolean;
  /** The leaderboard exactly as the Models step showed it. */
  trainResult: TrainResult | null;
  /** The last covers scored in Predict. */
  predictions: PredictionResult | null;
  /** 64×64 JPEG thumbnails of those covers, by prediction file name (absent in projects saved before). */
  predictionThumbs?: Record<string, Uint8Array>;
  /** The Models step's settings (absent in projects saved before). */
  modelSettings?: ModelSettings;
}

/** What the Models step was set to: ticked feature lists, custom groups, CV folds, seed, holdout, grouping. */
export interface ModelSettings {
  chosenLists: string[];
  customGroups: string[];
  folds: number;
  seed: number;
  holdout: boolean;
  grouped: boolean;
  overrides: string[];
  fileNameAsFeature: boolean;
}

export interface SaveRequest {
  step: string;
  ui: ProjectUi;
}

export interface ProjectListItem extends ProjectHeader {
  /** A few cover thumbnails (JPEG bytes) for the start screen. */
  thumbs: Uint8Array[];
}

export interface OpenedProject {
  header: ProjectHeader;
  /** The column mapping the project was imported with. */
  mapping: ColumnMapping;
  step: string;
  ui: ProjectUi;
  /** False when the leaderboard could not be rebuilt (features no longer cached): the UI then asks to retrain. */
  trainingRestored: boolean;
  warnings: string[];
  /** Seconds spent refitting the kept model from the cached features. */
  refitSeconds: number;
}

export type { ProjectHeader };
