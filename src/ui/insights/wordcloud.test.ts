import { describe, expect, it } from 'vitest';
import { cloudBox, fontSizes } from './wordcloud';

describe('fontSizes', () => {
  it('maps sqrt(count) linearly onto the size range', () => {
    // roots 1, 2, 3 → 10, 20, 30
    expect(fontSizes([1, 4, 9], 10, 30)).toEqual([10, 20, 30]);
    expect(fontSizes([5, 5], 10, 30)).toEqual([30, 30]);
    expect(fontSizes([], 10, 30)).toEqual([]);
  });
});

describe('cloudBox', () => {
  it('grows with the words and keeps the aspect ratio', () => {
    const few = cloudBox([{ text: 'a', size: 10 }], 2, 100);
    expect(few).toEqual({ width: 100, height: 50 });
    const many = cloudBox(Array.from({ length: 200 }, () => ({ text: 'lyrics', size: 30 })), 2, 100);
    // area = 200 · 900 · 4.0 = 720000 → ×3.5 = 2.52e6 → width = √(5.04e6) ≈ 2245
    expect(many.width).toBe(2245);
    expect(many.height).toBe(1123);
  });
  it('is at least as wide as the widest word', () => {
    expect(cloudBox([{ text: 'x'.repeat(100), size: 40 }], 8, 50).width).toBeGreaterThanOrEqual(2408);
  });
});
