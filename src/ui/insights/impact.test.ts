import { describe, expect, it } from 'vitest';
import { impactBars } from './impact';

const g = (groupId: string, drop: number, sd: number) => ({ groupId, label: groupId, drop, sd, normalized: 0 });

describe('impactBars', () => {
  it('sorts by drop and scales to the largest', () => {
    const bars = impactBars([g('lyrics', 0.05, 0.01), g('cover', 0.2, 0.04), g('year', -0.01, 0.02)]);
    expect(bars.map((b) => b.groupId)).toEqual(['cover', 'lyrics', 'year']);
    expect(bars[0]).toMatchObject({ percent: 100, low: 80, high: 120 });
    expect(bars[1].percent).toBeCloseTo(25);
    expect(bars[1].low).toBeCloseTo(20);
    expect(bars[1].high).toBeCloseTo(30);
    // a negative drop draws no bar; its whisker starts at 0
    expect(bars[2]).toMatchObject({ percent: 0, low: 0 });
    expect(bars[2].high).toBeCloseTo(5);
  });
  it('draws nothing when no group matters', () => {
    expect(impactBars([g('a', 0, 0), g('b', -0.1, 0)]).map((b) => b.percent)).toEqual([0, 0]);
  });
});
