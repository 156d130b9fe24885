/**
 * Object URLs of cover thumbnails from the worker, shared by every insight view. Cover indices change with each
 * training run, so a new run revokes everything; the cache is also capped (oldest revoked first).
 */
import { untrack } from 'svelte';
import { studio } from '../studioClient';
import { trainingKey } from './trainingKey.svelte';
import { withTask } from '../tasks';
import { errorMessage } from '../format';

const MAX_URLS = 1500;

class ThumbnailCache {
  urls = $state<Record<string, string>>({});
  error = $state<string | null>(null);
  #run = '';
  #pending = new Set<string>();

  url(index: number, size: number): string | undefined {
    return this.urls[`${size}:${index}`];
  }

  /** Fetches the missing thumbnails of `indices` with an edge of `size` px. */
  async load(indices: readonly number[], size: number, signal?: AbortSignal): Promise<void> {
    const run = untrack(trainingKey);
    if (run !== this.#run) this.reset(run);
    const missing = untrack(() => indices.filter((i) => !(`${size}:${i}` in this.urls) && !this.#pending.has(`${size}:${i}`)));
    if (missing.length === 0) return;
    missing.forEach((i) => this.#pending.add(`${size}:${i}`));
    try {
      const thumbs = await withTask((taskId) => studio().thumbnails({ indices: missing, size }, taskId), signal);
      if (run !== this.#run) return; // a newer training run started meanwhile: these indices mean other covers now
      const added = Object.fromEntries(thumbs.map((t) => [`${size}:${t.index}`, URL.createObjectURL(t.blob)]));
      this.urls = this.#capped({ ...untrack(() => this.urls), ...added });
      this.error = null;
    } catch (err) {
      if (!signal?.aborted) this.error = `Thumbnails: ${errorMessage(err)}`;
    } finally {
      missing.forEach((i) => this.#pending.delete(`${size}:${i}`));
    }
  }

  #capped(urls: Record<string, string>): Record<string, string> {
    const keys = Object.keys(urls);
    for (const key of keys.slice(0, Math.max(0, keys.length - MAX_URLS))) {
      URL.revokeObjectURL(urls[key]);
      delete urls[key];
    }
    return urls;
  }

  reset(run: string): void {
    for (const url of Object.values(untrack(() => this.urls))) URL.revokeObjectURL(url);
    this.urls = {};
    this.#run = run;
  }
}

export const thumbnailCache = new ThumbnailCache();

/** How activation maps are drawn; shared by the gallery and the large view so both look the same. */
export const overlaySettings = $state({ mode: 'colour' as 'colour' | 'mask', opacity: 0.55 });
