// OWNER: helper C (word clouds). Stub until implemented.
import type { WordCloudRequest, WordClouds } from '../insightsProtocol';

export async function wordClouds(_req: WordCloudRequest, _signal: AbortSignal): Promise<WordClouds> {
  throw new Error('not implemented yet');
}
