/**
 * A lost WebGL context (GPU reset, driver crash, the browser reclaiming the GPU, WEBGL_lose_context) does not
 * make tfjs-backend-webgl throw: pending reads simply never resolve, and anything read afterwards is garbage.
 * So loss is watched for directly (the context's own flag, polled, and its event) and turned into an error the
 * worker can act on: abandon the run, move to another backend, reload the weights that lived on the GPU.
 */
import * as tf from '@tensorflow/tfjs';
import { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';

export class WebglContextLostError extends Error {
  constructor() {
    super('The WebGL context was lost (GPU reset or driver problem).');
    this.name = 'WebglContextLostError';
  }
}

/** The WebGL2 context of tfjs's WebGL backend, if that backend has started in this thread. */
function webglContext(): WebGL2RenderingContext | null {
  if (!tf.engine().registry.webgl) return null; // not started: asking findBackend would start it
  const backend = tf.findBackend('webgl') as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } } | null;
  return backend?.gpgpu?.gl ?? null;
}

export function webglContextLost(): boolean {
  return webglContext()?.isContextLost() ?? false;
}

/**
 * Rejects with WebglContextLostError once the active WebGL context is lost; never settles while it is fine or
 * when another backend is active. `stop()` ends the watch.
 */
export function watchWebglContext(pollMs = 250): { lost: Promise<never>; stop: () => void } {
  let timer: ReturnType<typeof setInterval> | undefined;
  let fail: (err: Error) => void = () => {};
  const lost = new Promise<never>((_, reject) => (fail = reject));
  lost.catch(() => undefined); // observed by whoever races it
  const gl = tf.getBackend() === 'webgl' ? webglContext() : null;
  const onLost = () => {
    clearInterval(timer);
    fail(new WebglContextLostError());
  };
  if (gl) {
    (gl.canvas as EventTarget).addEventListener?.('webglcontextlost', onLost);
    timer = setInterval(() => gl.isContextLost() && onLost(), pollMs);
  }
  return {
    lost,
    stop: () => {
      clearInterval(timer);
      (gl?.canvas as EventTarget | undefined)?.removeEventListener?.('webglcontextlost', onLost);
    },
  };
}

/**
 * Forgets the dead WebGL backend: its textures (weights included) are gone. A fresh instance is registered in
 * its place, so choosing WebGL later creates a new context instead of reusing the lost one.
 */
export function discardLostWebgl(): void {
  if (!tf.engine().registry.webgl) return;
  try {
    tf.removeBackend('webgl');
  } catch {
    // Disposing a lost context's textures can throw before tfjs forgets the backend: nothing to free anyway.
    const engine = tf.engine() as unknown as { registry: Record<string, unknown>; registryFactory: Record<string, unknown> };
    delete engine.registry.webgl;
    delete engine.registryFactory.webgl;
  }
  tf.registerBackend('webgl', () => new MathBackendWebGL(), 2);
}
