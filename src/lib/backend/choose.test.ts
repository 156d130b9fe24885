import { describe, expect, it } from 'vitest';
import { chooseFastest, decideBackend, defaultWasmThreads, forcedBackendNote, isSoftwareRenderer, probePhase, PROBE_BATCHES, shouldStopEarly, skipTimingReason } from './choose';

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

describe('skipTimingReason', () => {
  it('skips WebGL on a software rasteriser and says which', () => {
    expect(skipTimingReason('webgl', 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe('WebGL renders in software here (SwiftShader): not timed');
    expect(skipTimingReason('webgl', 'llvmpipe (LLVM 15.0.6, 256 bits)')).toMatch(/llvmpipe/);
    expect(skipTimingReason('webgl', 'Software Adapter')).toMatch(/software/);
  });

  it('times a GPU, an unknown renderer and every non-WebGL backend', () => {
    expect(skipTimingReason('webgl', 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBeNull();
    expect(skipTimingReason('webgl', null)).toBeNull();
    expect(skipTimingReason('wasm', 'SwiftShader')).toBeNull();
  });
});

describe('decideBackend', () => {
  it('takes the fastest timed backend and reports the skipped and failed ones', () => {
    const d = decideBackend([
      { name: 'wasm', status: 'timed', imagesPerSecond: 31.5, batches: 2 },
      { name: 'webgl', status: 'timed', imagesPerSecond: 44, batches: 2 },
    ]);
    expect(d).toEqual({ chosen: 'webgl', notes: [] });
    const e = decideBackend([
      { name: 'wasm', status: 'timed', imagesPerSecond: 31.5, batches: 2 },
      { name: 'webgl', status: 'skipped', reason: 'WebGL renders in software here (SwiftShader): not timed' },
    ]);
    expect(e).toEqual({ chosen: 'wasm', notes: ['WebGL renders in software here (SwiftShader): not timed'] });
  });

  it('falls back to a started-but-skipped backend, then to cpu, and says so', () => {
    const failedWasm = { name: 'wasm', status: 'failed' as const, reason: 'the .wasm file was blocked' };
    expect(decideBackend([failedWasm, { name: 'webgl', status: 'skipped', reason: 'software' }])).toEqual({
      chosen: 'webgl',
      notes: ['wasm could not start: the .wasm file was blocked', 'software', 'nothing could be timed: running on webgl'],
    });
    expect(decideBackend([failedWasm, { name: 'webgl', status: 'failed', reason: 'no WebGL2' }]).chosen).toBe('cpu');
    // A measurement that ran but produced no finite rate counts as not timed.
    expect(decideBackend([{ name: 'wasm', status: 'timed', imagesPerSecond: NaN, batches: 0 }]).chosen).toBe('cpu');
  });
});

describe('messages', () => {
  it('names the forced backend that could not start and what runs instead', () => {
    expect(forcedBackendNote('webgl', 'wasm', 'no WebGL2 in this worker', false)).toBe('webgl could not start here (no WebGL2 in this worker): running on wasm instead');
    expect(forcedBackendNote('webgl', 'wasm', 'x', true)).toMatch(/remembered backend webgl could not start \(x\): measured again, running on wasm/);
  });

  it('labels the measuring phase with the backend and its batches', () => {
    expect(probePhase('wasm', 2, PROBE_BATCHES)).toBe('Measuring backends: wasm 2/3 batches');
  });
});
