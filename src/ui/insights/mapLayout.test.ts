import { describe, expect, it } from 'vitest';
import { fitPositions, hitTest, neighbourInDirection, pointIndex } from './mapLayout';

describe('fitPositions', () => {
  it('keeps the aspect ratio, centres, and flips y', () => {
    // x spans 0..2, y spans 0..1 → box 220×220 with pad 10: scale = min(200/2, 200/1) = 100
    const pos = fitPositions(new Float32Array([0, 0, 2, 1]), 2, 220, 220, 10);
    // y span uses 100 px, centred: offY = (220 - 100) / 2 = 60
    expect(Array.from(pos)).toEqual([10, 160, 210, 60]);
  });
});

describe('hitTest', () => {
  const positions = new Float32Array([10, 10, 100, 100, 105, 100]);
  const tree = pointIndex(positions, [0, 1, 2]);
  it('finds the nearest point within the radius at zoom 1', () => {
    expect(hitTest(tree, { x: 0, y: 0, k: 1 }, 12, 11, 5)).toBe(0);
    expect(hitTest(tree, { x: 0, y: 0, k: 1 }, 50, 50, 5)).toBeNull();
    expect(hitTest(tree, { x: 0, y: 0, k: 1 }, 104, 100, 5)).toBe(2);
  });
  it('inverts pan and zoom: screen (x·k + tx) maps back to data', () => {
    const v = { x: -100, y: -50, k: 2 };
    // point 1 (100, 100) is drawn at (100·2 − 100, 100·2 − 50) = (100, 150)
    expect(hitTest(tree, v, 101, 151, 4)).toBe(1);
    // 4 px screen radius = 2 data px: point 2 is 10 screen px away from point 1's screen spot
    expect(hitTest(tree, v, 110, 150, 4)).toBe(2);
  });
  it('only knows the indexed (drawn) points', () => {
    expect(hitTest(pointIndex(positions, [1]), { x: 0, y: 0, k: 1 }, 104, 100, 10)).toBe(1);
  });
});

describe('neighbourInDirection', () => {
  it('moves to the nearest point ahead', () => {
    const positions = new Float32Array([0, 0, 10, 0, 20, 0, 5, 30]);
    const all = [0, 1, 2, 3];
    expect(neighbourInDirection(positions, all, 0, 1, 0)).toBe(1);
    expect(neighbourInDirection(positions, all, 1, -1, 0)).toBe(0);
    expect(neighbourInDirection(positions, all, 0, 0, 1)).toBe(3);
    expect(neighbourInDirection(positions, all, 0, 0, -1)).toBeNull();
  });
});

describe('hit testing 10 000 points', () => {
  it('builds the index and answers a hover far under 50 ms', () => {
    let seed = 1;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const n = 10_000;
    const coords = Float32Array.from({ length: 2 * n }, () => rand() * 20 - 10);
    const indices = Array.from({ length: n }, (_, i) => i);
    const t0 = performance.now();
    const positions = fitPositions(coords, n, 900, 630, 24);
    const tree = pointIndex(positions, indices);
    const built = performance.now() - t0;
    const t1 = performance.now();
    let hits = 0;
    for (let q = 0; q < 1000; q++) if (hitTest(tree, { x: -50, y: -20, k: 1.7 }, rand() * 900, rand() * 630, 6) !== null) hits++;
    const perHover = (performance.now() - t1) / 1000;
    expect(hits).toBeGreaterThan(100); // dense enough that most hovers find a cover
    expect(built).toBeLessThan(200);
    expect(perHover).toBeLessThan(5);
  });
});
