import { describe, expect, it } from 'vitest';
import { rgb } from 'd3';
import { classColours, coefficientColour, shadeOverlay, type Rgb } from './colour';

const red = (): Rgb => [255, 0, 0];

describe('shadeOverlay', () => {
  const cover = new Uint8ClampedArray([100, 100, 100, 255, 200, 0, 0, 255]);
  it('blends the colour map more strongly where the heat is high', () => {
    const out = shadeOverlay(cover, new Float32Array([0, 1]), 'colour', 1, red);
    // heat 0: alpha 0.35 → 100*0.65 + 255*0.35 = 154.25; heat 1: alpha 1 → pure red
    expect(Array.from(out.slice(0, 4))).toEqual([154, 65, 65, 255]);
    expect(Array.from(out.slice(4, 8))).toEqual([255, 0, 0, 255]);
  });
  it('leaves the cover untouched at opacity 0', () => {
    const out = shadeOverlay(cover, new Float32Array([0.5, 0.5]), 'colour', 0, red);
    expect(Array.from(out)).toEqual(Array.from(cover));
  });
  it('mask mode: grey luminance scaled by the heat', () => {
    const out = shadeOverlay(cover, new Float32Array([0.5, 1]), 'mask', 1, red);
    // lum(100,100,100) = 100 → ×0.5 = 50; lum(200,0,0) = 59.8 → ×1
    expect(Array.from(out.slice(0, 4))).toEqual([50, 50, 50, 255]);
    expect(Array.from(out.slice(4, 8))).toEqual([60, 60, 60, 255]);
  });
});

describe('coefficientColour', () => {
  it('maps positive to red, negative to blue, zero to near white, and clamps', () => {
    const c = coefficientColour(2);
    const pos = rgb(c(2));
    const neg = rgb(c(-2));
    const zero = rgb(c(0));
    expect(pos.r).toBeGreaterThan(pos.b + 50);
    expect(neg.b).toBeGreaterThan(neg.r + 50);
    expect(Math.min(zero.r, zero.g, zero.b)).toBeGreaterThan(220);
    expect(c(10)).toBe(c(2));
  });
});

describe('classColours', () => {
  it('gives distinct colours for few and many classes', () => {
    expect(new Set(classColours(6)).size).toBe(6);
    expect(new Set(classColours(15)).size).toBe(15);
  });
});
