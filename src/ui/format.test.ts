import { describe, expect, it } from 'vitest';
import { formatSeconds } from './format';

describe('formatSeconds', () => {
  it('never shows 60 seconds: 239.7 s is 4 min 0 s', () => {
    expect(formatSeconds(239.7)).toBe('4 min 0 s');
    expect(formatSeconds(179.5)).toBe('3 min 0 s');
  });
  it('uses ms, s, min and h as the value grows', () => {
    expect(formatSeconds(0.25)).toBe('250 ms');
    expect(formatSeconds(12.34)).toBe('12.3 s');
    expect(formatSeconds(125)).toBe('2 min 5 s');
    expect(formatSeconds(3725)).toBe('1 h 2 min');
  });
  it('shows a dash for unknown values', () => {
    expect(formatSeconds(null)).toBe('–');
    expect(formatSeconds(Infinity)).toBe('–');
  });
});
