// OWNER: helper C (permutation feature impact). Stub until implemented.
import type { FeatureImpact, FeatureImpactRequest } from '../insightsProtocol';
import type { TaskProgress } from '../protocol';

export async function featureImpact(_req: FeatureImpactRequest, _signal: AbortSignal, _onProgress?: (p: TaskProgress) => void): Promise<FeatureImpact> {
  throw new Error('not implemented yet');
}
