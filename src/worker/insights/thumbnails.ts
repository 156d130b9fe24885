// OWNER: helper B (thumbnails). Stub until implemented.
import type { Thumbnail, ThumbnailAtlas, ThumbnailRequest } from '../insightsProtocol';
import type { TaskProgress } from '../protocol';

export async function thumbnails(_req: ThumbnailRequest, _signal: AbortSignal): Promise<Thumbnail[]> {
  throw new Error('not implemented yet');
}

export async function thumbnailAtlas(_cell: number, _signal: AbortSignal, _onProgress?: (p: TaskProgress) => void): Promise<ThumbnailAtlas> {
  throw new Error('not implemented yet');
}
