// OWNER: helper B (UMAP). Stub until implemented.
import type { EmbeddingMapRequest, EmbeddingMapResult } from '../insightsProtocol';
import type { TaskProgress } from '../protocol';

export async function embeddingMap(_req: EmbeddingMapRequest, _signal: AbortSignal, _onProgress?: (p: TaskProgress) => void): Promise<EmbeddingMapResult> {
  throw new Error('not implemented yet');
}
