// OWNER: helper A (Grad-CAM). Stub until implemented.
import type { ActivationMap, ActivationRequest } from '../insightsProtocol';
import type { TaskProgress } from '../protocol';

export async function activationMaps(_req: ActivationRequest, _signal: AbortSignal, _onProgress?: (p: TaskProgress) => void): Promise<ActivationMap[]> {
  throw new Error('not implemented yet');
}
