import { defineConfig, type Plugin, type Connect } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { createReadStream, existsSync, statSync, readdirSync } from 'node:fs';
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

export default defineConfig({
  plugins: [svelte(), serveShared()],
  server: { headers: isolationHeaders, port: 5173 },
  preview: { headers: isolationHeaders, port: 4173 },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    // bench.html: the in-browser half of `npm run bench` (bench/run.mjs); not linked from the app.
    rolldownOptions: { input: { main: resolve(import.meta.dirname, 'index.html'), bench: resolve(import.meta.dirname, 'bench.html') } },
  },
  optimizeDeps: {
    // Scan the worker too and pre-bundle up front: a dependency discovered at run time makes the
    // dev server reload the page mid-task.
    entries: ['index.html', 'src/worker/*.worker.ts'],
    include: ['d3', 'd3-dsv', 'comlink', 'idb', 'fflate', 'umap-js', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-webgl', '@tensorflow-models/mobilenet', '@tensorflow/tfjs-backend-wasm'],
  },
});
