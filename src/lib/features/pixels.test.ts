import { describe, expect, it } from 'vitest';
import { centerSquare, writeRgbIntoBatch } from './pixels';

describe('centerSquare', () => {
  it('crops the long side symmetrically', () => {
    expect(centerSquare(640, 547)).toEqual({ x: 46, y: 0, width: 547, height: 547 });
    expect(centerSquare(631, 640)).toEqual({ x: 0, y: 4, width: 631, height: 631 });
    expect(centerSquare(300, 300)).toEqual({ x: 0, y: 0, width: 300, height: 300 });
  });
});

describe('writeRgbIntoBatch', () => {
  it('drops alpha and writes into the right slot', () => {
    const rgba = new Uint8ClampedArray([1, 2, 3, 255, 4, 5, 6, 0]);
    const batch = new Float32Array(2 * 2 * 3).fill(-1);
    writeRgbIntoBatch(rgba, batch, 1, 2);
    expect(Array.from(batch)).toEqual([-1, -1, -1, -1, -1, -1, 1, 2, 3, 4, 5, 6]);
  });
});
