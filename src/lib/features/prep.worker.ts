/// <reference lib="webworker" />
/**
 * The featurizer's preparation stage in its own thread: decode, crop, resize, float RGB and colour
 * features of batch k+1 run here while the studio worker runs batch k through the network. Pixel
 * buffers travel as transferables (one per batch, handed back and forth, never copied).
 */
import { prepareBatch, type PrepRequest, type PrepResponse } from './decode';

self.onmessage = async (e: MessageEvent<PrepRequest>) => {
  const { id, blobs, size, pixels } = e.data;
  let reply: PrepResponse;
  try {
    const r = await prepareBatch(blobs, size, pixels);
    reply = { id, ...r };
  } catch (err) {
    reply = { id, pixels, failure: err instanceof Error ? err.message : String(err) };
  }
  const transfer: Transferable[] = [reply.pixels.buffer];
  if ('colour' in reply) transfer.push(reply.colour.buffer);
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(reply, transfer);
};
