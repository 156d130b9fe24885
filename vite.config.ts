import { defineConfig, type Plugin, type Connect } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { createReadStream, existsSync, statSync, readdirSync, readFileSync } from 'node:fs';
import { resolve, join, normalize, extname } from 'node:path';

/**
 * Model weights and datasets are never committed: dev server, preview and tests read them from a
 * shared folder beside the project (CGS_SHARED_DIR, default ../shared) and serve them at /models/
 * and /datasets/, the same URLs a deployment that ships weights would use.
 */
const sharedDir = resolve(process.env.CGS_SHARED_DIR ?? resolve(import.meta.dirname, '../shared'));

const MIME: Record<string, string> = {
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.csv': 'text/csv; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

function serveShared(): Plugin {
  const middleware: Connect.NextHandleFunction = (req, res, next) => {
    const url = decodeURIComponent((req.url ?? '').split('?')[0]);
    const m = /^\/(models|datasets)\/(.*)$/.exec(url);
    if (!m) return next();
    const root = join(sharedDir, m[1]);
    const file = normalize(join(root, m[2]));
    // Missing weights or covers answer 404, never the app's HTML page (a JSON parser would choke on it).
    const notFound = () => {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end(`Not found: ${url} (no such file under CGS_SHARED_DIR=${sharedDir}/${m[1]})`);
    };
    if (!file.startsWith(root)) return notFound();
    // A folder listing as JSON lets the demo loader discover files without a manifest in git.
    if (existsSync(file) && statSync(file).isDirectory()) {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(readdirSync(file).sort()));
      return;
    }
    if (!existsSync(file)) return notFound();
    res.setHeader('Content-Type', MIME[extname(file).toLowerCase()] ?? 'application/octet-stream');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Cache-Control', 'no-cache');
    createReadStream(file).pipe(res);
  };
  return {
    name: 'cgs-serve-shared',
    configureServer(server) {
      server.middlewares.use(middleware);
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware);
    },
  };
}

/** Cross-origin isolation lets the WASM backend use threads (SharedArrayBuffer). */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The site-wide headers of public/_headers (the `/*` block: COOP/COEP, CSP, …), which ships with the build for
 * Netlify / Cloudflare Pages. `vite preview` sends the same ones, so every e2e spec runs under the shipped CSP.
 * The dev server does not: Vite's HMR client and Svelte's dev tooling are not what ships.
 */
function shippedSiteHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  let inSiteBlock = false;
  for (const line of readFileSync(resolve(import.meta.dirname, 'public/_headers'), 'utf8').split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) inSiteBlock = line.trim() === '/*';
    else if (inSiteBlock) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
    }
  }
  if (!headers['Content-Security-Policy']) throw new Error('public/_headers lost its Content-Security-Policy');
  return headers;
}

/**
 * WebAssembly text (the .wat SIMD kernels under src/) compiled by wabt at build time: `import bytes from './x.wat'`
 * gives the module's bytes, so no binary is committed. vitest.config.ts uses the same plugin.
 */
export function watModules(): Plugin {
  return {
    name: 'cgs-wat',
    async load(id) {
      if (!id.endsWith('.wat')) return null;
      const wabt = await (await import('wabt')).default();
      const mod = wabt.parseWat(id, readFileSync(id, 'utf8'), { simd: true });
      try {
        mod.validate();
        const base64 = Buffer.from(mod.toBinary({}).buffer).toString('base64');
        return `export default Uint8Array.from(atob(${JSON.stringify(base64)}), (c) => c.charCodeAt(0));`;
      } finally {
        mod.destroy();
      }
    },
  };
}

const THEME_COLOR = '#4b57d6';

/**
 * Installable offline app: a web app manifest and a service worker (src/pwa/sw.ts) that precaches
 * the app shell and the tfjs WASM binaries. /models/ and /datasets/ are never precached (large, and
 * absent on a bare clone): the worker caches weights on first use instead. The bench page is a
 * measurement tool, not part of the app, so it stays out of the precache too.
 */
function pwa(): Plugin[] {
  return VitePWA({
    strategies: 'injectManifest',
    srcDir: 'src/pwa',
    filename: 'sw.ts',
    // Registered from src/pwa/register.svelte.ts (production only): no inline script, so the CSP needs none.
    injectRegister: false,
    registerType: 'prompt',
    includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
    injectManifest: {
      // A classic worker script: module service workers are not supported by every browser yet.
      rollupFormat: 'iife',
      // The manifest and its icons are added by the plugin itself (listing them twice would clash).
      globPatterns: ['**/*.{js,css,html,wasm}'],
      globIgnores: ['bench.html', 'assets/bench*', 'models/**', 'datasets/**'],
      // The studio worker bundles tfjs (~2.3 MB); the default 2 MiB cap would silently drop it.
      maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
    },
    manifest: {
      id: '/',
      name: 'Cover Genre Studio',
      short_name: 'Cover Genre',
      description: "Predict an album's genre from its cover art, privately in your browser.",
      theme_color: THEME_COLOR,
      background_color: '#f7f7f9',
      display: 'standalone',
      start_url: '.',
      scope: '.',
      icons: [
        { src: 'pwa-192.png', sizes: '192x192', type: 'image/png' },
        { src: 'pwa-512.png', sizes: '512x512', type: 'image/png' },
        { src: 'maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
  });
}

/** Theme colour and home-screen icon links for the built page (the PWA plugin adds the manifest link). */
function installMeta(): Plugin {
  let base = '/';
  return {
    name: 'cgs-install-meta',
    configResolved: (config) => void (base = config.base),
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { name: 'theme-color', content: THEME_COLOR }, injectTo: 'head' },
      { tag: 'link', attrs: { rel: 'apple-touch-icon', href: `${base}apple-touch-icon.png` }, injectTo: 'head' },
    ],
  };
}

/**
 * bench.html (the in-browser half of `npm run bench` / `npm run reference`, with its own worker that adds the
 * measurement API) is built only for measurement: CGS_BENCH=1 builds to and previews from dist-bench/.
 */
const BENCH_BUILD = process.env.CGS_BENCH === '1';
// CGS_OUT_DIR lets parallel work build and preview its own copy (playwright.config.ts reads it too).

function buildInputs(): Record<string, string> {
  const inputs: Record<string, string> = { main: resolve(import.meta.dirname, 'index.html') };
  if (BENCH_BUILD) inputs.bench = resolve(import.meta.dirname, 'bench.html');
  return inputs;
}

export default defineConfig({
  plugins: [svelte(), serveShared(), watModules(), ...pwa(), installMeta()],
  server: { headers: isolationHeaders, port: 5173 },
  preview: { headers: shippedSiteHeaders(), port: 4173 },
  worker: { format: 'es', plugins: () => [watModules()] },
  build: {
    // A measurement build goes to its own folder: dist/ always holds the product alone.
    // CGS_BENCH_OUT_DIR: a parallel measurement build of its own (scripts/reference/featurizers.mjs).
    outDir: BENCH_BUILD ? (process.env.CGS_BENCH_OUT_DIR ?? 'dist-bench') : (process.env.CGS_OUT_DIR ?? 'dist'),
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    rolldownOptions: { input: buildInputs() },
  },
  optimizeDeps: {
    // Scan the worker too and pre-bundle up front: a dependency discovered at run time makes the
    // dev server reload the page mid-task.
    entries: ['index.html', 'src/worker/*.worker.ts', 'bench.html', 'src/bench/*.worker.ts'],
    include: ['d3', 'd3-dsv', 'comlink', 'idb', 'fflate', 'umap-js', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-webgl', '@tensorflow-models/mobilenet', '@tensorflow/tfjs-backend-wasm'],
  },
});
