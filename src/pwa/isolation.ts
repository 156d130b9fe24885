/**
 * Cross-origin isolation added by the service worker, for static hosts that cannot set response
 * headers (GitHub Pages). The browser decides isolation when a document is created, from the headers
 * of the response that created it; once this worker serves the page, every later load is isolated,
 * so WASM threads (SharedArrayBuffer) work from the second visit on. Pure: unit-testable in Node.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  // Same-origin responses only reach this function; stating it lets COEP pages embed them.
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** The response with the isolation headers it lacks; headers a server already set win. */
export function withIsolationHeaders(response: Response): Response {
  // Opaque and error responses have no readable headers and cannot be rebuilt.
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  const missing = Object.entries(ISOLATION_HEADERS).filter(([name]) => !response.headers.has(name));
  if (missing.length === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of missing) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
