import { describe, expect, it } from 'vitest';
import { withIsolationHeaders } from './isolation';

describe('withIsolationHeaders', () => {
  it('adds COOP, COEP and CORP to a response that has none, keeping status, body and other headers', async () => {
    const original = new Response('weights', { status: 201, statusText: 'Created', headers: { 'Content-Type': 'application/octet-stream' } });
    const out = withIsolationHeaders(original);
    expect(out.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(out.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
    expect(out.headers.get('Cross-Origin-Resource-Policy')).toBe('same-origin');
    expect(out.headers.get('Content-Type')).toBe('application/octet-stream');
    expect([out.status, out.statusText]).toEqual([201, 'Created']);
    expect(await out.text()).toBe('weights');
  });

  it('leaves headers the server set alone and returns the same response when nothing is missing', () => {
    const partial = withIsolationHeaders(new Response('', { headers: { 'Cross-Origin-Embedder-Policy': 'credentialless' } }));
    expect(partial.headers.get('Cross-Origin-Embedder-Policy')).toBe('credentialless');
    expect(partial.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    const complete = new Response('', {
      headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Resource-Policy': 'cross-origin' },
    });
    expect(withIsolationHeaders(complete)).toBe(complete);
  });

  it('passes error responses through untouched (they cannot be rebuilt)', () => {
    const failed = Response.error();
    expect(withIsolationHeaders(failed)).toBe(failed);
  });
});
