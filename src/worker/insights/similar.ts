// OWNER: helper B (covers like this). Stub until implemented.
import type { SimilarCover, SimilarQuery } from '../insightsProtocol';

export function similarCovers(_query: SimilarQuery, _k: number): SimilarCover[] {
  throw new Error('not implemented yet');
}
