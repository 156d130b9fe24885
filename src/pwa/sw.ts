/// <reference lib="webworker" />
/**
 * The service worker (built by vite-plugin-pwa, strategy injectManifest): precaches the app shell
 * and the tfjs WASM binaries so the app opens and computes offline; keeps model weights fetched from
 * this site's /models/ in their own cache on first use; adds cross-origin isolation headers to what
 * it serves. /models/ and /datasets/ are never precached (large, and absent from a bare clone).
 */
import { clientsClaim, type WorkboxPlugin } from 'workbox-core';
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkOnly } from 'workbox-strategies';
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { withIsolationHeaders } from './isolation';
import { MODELS_CACHE, SKIP_WAITING } from './constants';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

const base = import.meta.env.BASE_URL;
const modelsPath = `${base}models/`;
const neverAppShell = [new RegExp(`^${base}(models|datasets)/`), new RegExp(`^${base}bench`)];

const isolation: WorkboxPlugin = { handlerWillRespond: async ({ response }) => withIsolationHeaders(response) };

// A host's SPA fallback (index.html with status 200 for a missing file) is not a weight file.
const notHtml: WorkboxPlugin = {
  cacheWillUpdate: async ({ response }) => ((response.headers.get('Content-Type') ?? '').includes('text/html') ? null : response),
};

addPlugins([isolation]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// The app routes by URL hash, so every navigation inside the scope is the one precached page.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: neverAppShell }));

// Weight files by path (a folder URL is a live listing, left to the network); misses are not cached.
registerRoute(
  ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith(modelsPath) && !url.pathname.endsWith('/'),
  new CacheFirst({ cacheName: MODELS_CACHE, plugins: [new CacheableResponsePlugin({ statuses: [200] }), notHtml, isolation] }),
);

// Every other same-origin GET goes to the network, with isolation headers; cross-origin is untouched.
registerRoute(({ sameOrigin }) => sameOrigin, new NetworkOnly({ plugins: [isolation] }));

// The first install takes over the open page at once (nothing to replace); an update waits for the prompt.
clientsClaim();
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === SKIP_WAITING) void self.skipWaiting();
});
