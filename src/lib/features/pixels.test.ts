import { describe, expect, it } from 'vitest';
import { centerSquare, halveRgba, writeRgbIntoBatch } from './pixels';

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

describe('halveRgba', () => {
  it('averages each 2×2 block with rounding, channel by channel', () => {
    // 4×4 RGBA: pixel (x, y) has R = 10·x + y, G = 200, B = x·y, A = 255.
    const size = 4;
    const rgba = new Uint8ClampedArray(size * size * 4);
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) rgba.set([10 * x + y, 200, x * y, 255], (y * size + x) * 4);
    const half = halveRgba(rgba, size);
    expect(half).toHaveLength(2 * 2 * 4);
    // Block (0,0): R 0,10,1,11 → 22/4 = 5.5 → 6; B 0,0,0,1 → 0.25 → 0. Block (1,1): R 22,32,23,33 → 27.5 → 28; B 4,6,6,9 → 6.25 → 6.
    expect(Array.from(half.subarray(0, 4))).toEqual([6, 200, 0, 255]);
    expect(Array.from(half.subarray(12, 16))).toEqual([28, 200, 6, 255]);
    // Block (1,0) = x 2..3, y 0..1: R 20,30,21,31 → 25.5 → 26; B 0,0,2,3 → 1.25 → 1.
    expect(Array.from(half.subarray(4, 8))).toEqual([26, 200, 1, 255]);
  });

  it('drops the odd last row and column', () => {
    const rgba = new Uint8ClampedArray(3 * 3 * 4).fill(7);
    expect(Array.from(halveRgba(rgba, 3))).toEqual([7, 7, 7, 7]);
  });
});
