import type { ColumnMapping } from '../lib/data/types';
import type { BackboneStatus, FeaturizeSummary, ImportResult, OpenResult, TaskProgress } from '../worker/protocol';

/** The state of the current session, shared by the panels (Svelte 5 runes). */
export const session = $state({
  opened: null as OpenResult | null,
  mapping: null as ColumnMapping | null,
  imported: null as ImportResult | null,
  backbone: null as BackboneStatus | null,
  features: null as FeaturizeSummary | null,
  /** The model kept after training, for the Predict step. */
  keptModel: null as { key: string; name: string } | null,
  /** The current dataset is the generated demo (the UI says so). */
  synthetic: false,
  /** Bumped after every finished training run: the Insights step reloads when it changes. */
  trainingRun: 0,
  /** The one long task running now, if any (progress bar + cancel). */
  task: null as TaskProgress | null,
  error: null as string | null,
  status: '' as string,
});

export function resetAfterOpen(): void {
  session.imported = null;
  session.features = null;
  session.keptModel = null;
  session.trainingRun = 0;
  session.synthetic = false;
  session.error = null;
}
