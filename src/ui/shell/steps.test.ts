import { describe, expect, it } from 'vitest';
import { hashOf, stepFromHash, STEPS } from './steps';

describe('step routes', () => {
  it('reads the step from the hash, with or without the slash', () => {
    expect(stepFromHash('#/models')).toBe('models');
    expect(stepFromHash('#insights')).toBe('insights');
    expect(stepFromHash('#/predict/extra?x=1')).toBe('predict');
  });
  it('falls back to the data step for an empty or unknown hash', () => {
    expect(stepFromHash('')).toBe('data');
    expect(stepFromHash('#/nope')).toBe('data');
  });
  it('round-trips every step', () => {
    for (const s of STEPS) expect(stepFromHash(hashOf(s.id))).toBe(s.id);
  });
});
