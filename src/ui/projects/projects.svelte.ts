/**
 * Saved projects on the UI side: what the Models and Predict steps last showed (mirrored here by one line in
 * each panel), autosave as the project is built, and reopening a project into the panels.
 */
import { session, resetAfterOpen } from '../session.svelte';
import { route, goTo } from '../shell/route.svelte';
import { isStepId } from '../shell/steps';
import { generation } from '../insights/trainingKey.svelte';
import { studio } from '../studioClient';
import { errorMessage } from '../format';
import type { BackendName } from '../../lib/backend/backends';
import type { PredictionResult, TrainResult } from '../../worker/protocol';
import type { ModelSettings, ProjectHeader, ProjectUi } from '../../worker/projects/protocol';

export const projects = $state({
  /** The leaderboard the Models step shows now, and the last predictions of the Predict step. */
  trainResult: null as TrainResult | null,
  predictions: null as PredictionResult | null,
  /** Thumbnails of the scored covers (JPEG bytes by file), saved so reopened predictions show them. */
  predictionThumbs: {} as Record<string, Uint8Array>,
  /** The Models step's settings now. */
  modelSettings: null as ModelSettings | null,
  /** Handed once to the Models / Predict panels after a reopen. */
  restoredTrainResult: null as TrainResult | null,
  restoredPredictions: null as PredictionResult | null,
  restoredPredictionThumbs: {} as Record<string, Uint8Array>,
  restoredModelSettings: null as ModelSettings | null,
  restoredToken: 0,
  /** The project being built or the one reopened. */
  current: null as ProjectHeader | null,
  saving: false,
  /** Why saving does not work (quota, private mode); the app keeps working in memory. */
  storageProblem: null as string | null,
  /** Bumped after a save, import or delete: the start screen reloads its list. */
  listVersion: 0,
  opening: false,
  /** saveSignature() of the last save attempt: equal to the current one when nothing is waiting to be saved. */
  savedSignature: null as string | null,
});

export function noteTrainResult(result: TrainResult | null): void {
  projects.trainResult = result;
}

export function notePredictions(result: PredictionResult | null, thumbs: Record<string, Uint8Array> = {}): void {
  projects.predictions = result;
  projects.predictionThumbs = thumbs;
}

export function noteModelSettings(settings: ModelSettings): void {
  projects.modelSettings = settings;
}

/** The Models step's settings after a reopen (once), else null. */
export function takeRestoredModelSettings(): ModelSettings | null {
  const s = projects.restoredModelSettings;
  projects.restoredModelSettings = null;
  return s;
}

/** The Models step's result after a reopen (once), else null. */
export function takeRestoredTrainResult(): TrainResult | null {
  const r = projects.restoredTrainResult;
  projects.restoredTrainResult = null;
  return r;
}

function uiSnapshot(): ProjectUi {
  return $state.snapshot({
    opened: session.opened,
    imported: session.imported,
    backbone: session.backbone,
    features: session.features,
    synthetic: session.synthetic,
    trainResult: projects.trainResult,
    predictions: projects.predictions,
    predictionThumbs: projects.predictionThumbs,
    modelSettings: projects.modelSettings ?? undefined,
  }) as ProjectUi;
}

/**
 * What, if changed, is worth a save; null while nothing is importable. Not gated on session.task: a late progress
 * message can leave it set after a task ended, and the signature only changes between tasks anyway.
 */
export function saveSignature(): string | null {
  if (projects.opening || !session.imported || session.imported.report.usableRowCount === 0) return null;
  const f = session.features;
  const t = projects.trainResult;
  const p = projects.predictions;
  return [
    session.imported.summary,
    f ? `${f.backboneId}:${f.rowsWithFeatures}:${f.seconds}` : '',
    t ? `${t.seconds}:${t.rows.length}:${t.cancelled}` : '',
    p ? p.predictions.map((x) => x.file).join(',') : '',
    Object.keys(projects.predictionThumbs).length,
    JSON.stringify(projects.modelSettings),
    route.step,
  ].join('|');
}

/** Saves the current project now (the autosave calls this when the signature changed). */
export async function saveProject(signature: string | null = saveSignature()): Promise<void> {
  if (signature === null || signature === projects.savedSignature || projects.saving) return;
  projects.saving = true;
  try {
    projects.current = await studio().saveProject({ step: route.step, ui: uiSnapshot() });
    projects.savedSignature = signature;
    projects.storageProblem = null;
    projects.listVersion++;
    askPersistentStorageOnce();
  } catch (err) {
    projects.storageProblem = errorMessage(err);
    projects.savedSignature = signature; // don't retry the same state in a loop; the next change tries again
  } finally {
    projects.saving = false;
  }
  // A change that arrived while saving is saved right after.
  const now = saveSignature();
  if (now !== null && now !== projects.savedSignature) void saveProject(now);
}

function askPersistentStorageOnce(): void {
  if (localStorage.getItem('cgs.persistAsked')) return;
  localStorage.setItem('cgs.persistAsked', '1');
  void navigator.storage?.persist?.().catch(() => false);
}

/** Loads the network the project's embeddings came from (predictions need it); null with a reason when it cannot. */
async function loadNetwork(backboneId: string): Promise<{ ok: boolean; message?: string }> {
  try {
    const remembered = localStorage.getItem(`cgs.backend.measured.${backboneId}`) as BackendName | null;
    session.backbone = await studio().prepareBackbone({
      backboneId,
      backend: 'auto',
      remembered,
      allowHub: localStorage.getItem('cgs.allowHub') !== 'false',
      modelBaseUrl: `${import.meta.env.BASE_URL}models/`,
    });
    return { ok: true };
  } catch (err) {
    return { ok: false, message: `The network ${backboneId} could not be loaded (${errorMessage(err)}): the leaderboard and insights are back, scoring new covers needs the network.` };
  }
}

/** Reopens a saved project into the panels and lands on the step the user was on. */
export async function openProject(header: ProjectHeader): Promise<boolean> {
  projects.opening = true;
  session.error = null;
  session.task = { phase: `Opening ${header.name}`, done: 0, total: 1, rate: null, etaSeconds: null };
  try {
    const network = header.backboneId ? await loadNetwork(header.backboneId) : { ok: true };
    const opened = await studio().openProject(header.id);
    const backbone = session.backbone;
    resetAfterOpen();
    const ui = opened.ui;
    session.opened = ui.opened;
    session.mapping = opened.mapping;
    session.imported = ui.imported;
    session.backbone = header.backboneId ? backbone : null;
    session.features = ui.features;
    session.synthetic = ui.synthetic;
    session.keptModel = ui.trainResult?.finalModel ?? null;
    projects.trainResult = ui.trainResult;
    projects.predictions = ui.predictions;
    projects.predictionThumbs = ui.predictionThumbs ?? {};
    projects.modelSettings = ui.modelSettings ?? null;
    projects.restoredTrainResult = ui.trainResult;
    projects.restoredPredictions = ui.predictions;
    projects.restoredPredictionThumbs = ui.predictionThumbs ?? {};
    projects.restoredModelSettings = ui.modelSettings ?? null;
    projects.restoredToken++;
    projects.current = opened.header;
    if (ui.trainResult) {
      session.trainingRun++;
      generation.id++;
    }
    const warnings = [...opened.warnings, ...(network.message ? [network.message] : [])];
    if (warnings.length) session.error = warnings.join(' ');
    goTo(isStepId(opened.step) ? opened.step : 'data');
    projects.savedSignature = null;
    return true;
  } catch (err) {
    session.error = `Could not open ${header.name}: ${errorMessage(err)}`;
    return false;
  } finally {
    session.task = null;
    projects.opening = false;
  }
}

/** Saves bytes as a download. */
export function download(bytes: BlobPart, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
