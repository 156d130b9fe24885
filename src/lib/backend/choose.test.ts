import { describe, expect, it } from 'vitest';
import { chooseFastest, defaultWasmThreads, isSoftwareRenderer, shouldStopEarly } from './choose';

describe('chooseFastest', () => {
  it('picks the highest finite rate and ignores failed measurements', () => {
    const timings = [
      { name: 'webgl', imagesPerSecond: 1.2 },
      { name: 'broken', imagesPerSecond: NaN },
      { name: 'wasm', imagesPerSecond: 14.4 },
      { name: 'zero', imagesPerSecond: 0 },
    ];
    expect(chooseFastest(timings)?.name).toBe('wasm');
  });

  it('returns null when nothing was measured', () => {
    expect(chooseFastest([])).toBeNull();
    expect(chooseFastest([{ imagesPerSecond: NaN }])).toBeNull();
  });
});

describe('shouldStopEarly', () => {
  it('stops timing a candidate more than 3× slower than the best so far', () => {
    expect(shouldStopEarly(1.2, [{ imagesPerSecond: 14.4 }])).toBe(true);
    expect(shouldStopEarly(6, [{ imagesPerSecond: 14.4 }])).toBe(false);
  });

  it('never stops the first candidate', () => {
    expect(shouldStopEarly(0.1, [])).toBe(false);
  });
});

describe('defaultWasmThreads', () => {
  it('uses every logical core up to 4', () => {
    expect(defaultWasmThreads(1)).toBe(1);
    expect(defaultWasmThreads(2)).toBe(2);
    expect(defaultWasmThreads(4)).toBe(4);
    expect(defaultWasmThreads(16)).toBe(4);
  });

  it('falls back to one thread when the core count is unknown', () => {
    expect(defaultWasmThreads(undefined)).toBe(1);
    expect(defaultWasmThreads(0)).toBe(1);
  });
});

describe('isSoftwareRenderer', () => {
  it('recognises CPU rasterizers and not GPUs', () => {
    expect(isSoftwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe(false);
    expect(isSoftwareRenderer('Apple M2')).toBe(false);
  });
});
