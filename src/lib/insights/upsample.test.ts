import { describe, expect, it } from 'vitest';
import { upsampleBilinear } from './upsample';

describe('upsampleBilinear', () => {
  it('doubles a 1 × 2 row with half-pixel centres', () => {
    // out x = 0..3 samples source at (x + ½)/2 − ½ = −0.25, 0.25, 0.75, 1.25 → clamped to 0, 0.25, 0.75, 1
    expect(Array.from(upsampleBilinear([0, 1], 1, 2, 1, 4))).toEqual([0, 0.25, 0.75, 1]);
  });
  it('interpolates in both axes', () => {
    // 2 × 2 → 4 × 4: the inner sample (1, 1) is at source (0.25, 0.25): (1−.25)(1−.25)·0 + … = 0.75·0.25·1 + 0.25·0.75·2 + 0.25·0.25·3
    const out = upsampleBilinear([0, 1, 2, 3], 2, 2, 4, 4);
    expect(out[1 * 4 + 1]).toBeCloseTo(0.1875 + 0.375 + 0.1875);
    expect(out[0]).toBe(0);
    expect(out[15]).toBe(3);
  });
});
