// OWNER: helper A (ImageNet concepts). Stub until implemented.
import type { GenreConcepts } from '../insightsProtocol';
import type { TaskProgress } from '../protocol';

export async function genreConcepts(_signal: AbortSignal, _onProgress?: (p: TaskProgress) => void): Promise<GenreConcepts> {
  throw new Error('not implemented yet');
}
