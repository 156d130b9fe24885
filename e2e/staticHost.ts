import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';

/**
 * A plain static file host for the built site, standing in for GitHub Pages (no custom headers) or
 * Netlify / Cloudflare Pages (headers from dist/_headers). Serves /models/ and /datasets/ from the
 * shared folder, as a deployment that ships weights would. Missing files answer 404.
 */
export interface HeaderRule {
  pattern: RegExp;
  headers: Record<string, string>;
}

export interface StaticHost {
  url: string;
  /** Changes what /sw.js answers from now on (e.g. to publish a "new version"). */
  setServiceWorkerSuffix(suffix: string): void;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.csv': 'text/csv; charset=utf-8',
  '.bin': 'application/octet-stream',
};

/** Netlify / Cloudflare Pages `_headers`: a path pattern line, then indented `Name: value` lines. */
export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const source = line.trim().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
      rules.push({ pattern: new RegExp(`^${source}$`), headers: {} });
      continue;
    }
    const colon = line.indexOf(':');
    rules.at(-1)!.headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return rules;
}

export async function startStaticHost(opts: { distDir: string; sharedDir: string; headerRules?: HeaderRule[] }): Promise<StaticHost> {
  let swSuffix = '';
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const shared = /^\/(models|datasets)\//.test(path);
    const root = shared ? opts.sharedDir : opts.distDir;
    let file = normalize(join(root, path));
    if (file.startsWith(root) && existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    for (const rule of opts.headerRules ?? []) {
      if (rule.pattern.test(path)) for (const [name, value] of Object.entries(rule.headers)) res.setHeader(name, value);
    }
    if (!file.startsWith(root) || !existsSync(file)) {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end('Not found');
      return;
    }
    let body: Buffer = readFileSync(file);
    if (path === '/sw.js' && swSuffix) body = Buffer.concat([body, Buffer.from(`\n${swSuffix}\n`)]);
    res.setHeader('Content-Type', MIME[extname(file).toLowerCase()] ?? 'application/octet-stream');
    res.setHeader('Cache-Control', 'no-cache');
    res.end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setServiceWorkerSuffix: (suffix) => (swSuffix = suffix),
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  if (b.toString('latin1', 1, 4) !== 'PNG') throw new Error(`${file} is not a PNG`);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}
