/** The saved copy of a cover: the 224×224 centre crop the network sees, and a small thumbnail, as JPEG bytes. */
import { centerSquare } from '../../lib/features/pixels';
import type { SavedImage } from '../../lib/store/projectFormat';

export const CROP_SIZE = 224;
const THUMB_SIZE = 64;

async function squareJpeg(bitmap: ImageBitmap, size: number, quality: number): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(size, size);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('OffscreenCanvas 2D is not available in this browser.');
  const crop = centerSquare(bitmap.width, bitmap.height);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, crop.x, crop.y, crop.width, crop.height, 0, 0, size, size);
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
  return new Uint8Array(await blob.arrayBuffer());
}

export async function savedImage(hash: string, blob: Blob): Promise<SavedImage> {
  const bitmap = await createImageBitmap(blob);
  try {
    return { hash, crop: await squareJpeg(bitmap, CROP_SIZE, 0.92), thumb: await squareJpeg(bitmap, THUMB_SIZE, 0.8) };
  } finally {
    bitmap.close();
  }
}

/** Thumbnails of covers scored in Predict, saved with the project so reopened predictions show their covers. */
export async function thumbnails(files: Blob[]): Promise<(Uint8Array | null)[]> {
  return Promise.all(
    files.map(async (f) => {
      try {
        const bitmap = await createImageBitmap(f);
        try {
          return await squareJpeg(bitmap, THUMB_SIZE, 0.8);
        } finally {
          bitmap.close();
        }
      } catch {
        return null; // not decodable: the prediction lists it as failed anyway
      }
    }),
  );
}
