/// <reference types="vite-plugin-pwa/client" />
/**
 * Registers the service worker (production builds only: the dev server serves modules, not the
 * precached bundle) and exposes its update state to the UI. A new version never takes over on its
 * own: it waits until the user chooses Reload, so no work in progress is lost to a surprise reload.
 */
import { registerSW } from 'virtual:pwa-register';

export const serviceWorkerState = $state({
  /** A new version is installed and waiting. */
  updateWaiting: false,
  /** The app shell is cached: the app now opens without a network. */
  offlineReady: false,
});

let activateWaiting: ((reloadPage?: boolean) => Promise<void>) | null = null;

export function startServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  activateWaiting = registerSW({
    onNeedRefresh: () => (serviceWorkerState.updateWaiting = true),
    onOfflineReady: () => (serviceWorkerState.offlineReady = true),
    onNeedReload: () => {}, // reloadToUpdate() reloads
    onRegisterError: (error: unknown) => console.warn('Service worker registration failed; the app works online only.', error),
  });
}

/**
 * Activates the waiting version and reloads once it controls the page. The reload is ours:
 * workbox-window only reloads when the page was already controlled when it registered, which
 * misses an update found during the very first visit.
 */
export async function reloadToUpdate(): Promise<void> {
  navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
  await activateWaiting?.(true);
}

export function dismissUpdate(): void {
  serviceWorkerState.updateWaiting = false;
}
