import { describe, expect, it } from 'vitest';
import { findLabelVariants, labelKey, labelMergeMap } from './labels';

describe('label variants', () => {
  it('keys ignore case, edge spaces and repeated inner spaces, but not other characters', () => {
    expect(labelKey(' Hip  Hop ')).toBe('hip hop');
    expect(labelKey('hip-hop')).toBe('hip-hop');
    expect(labelKey('Cafe\u0301')).toBe(labelKey('Café')); // NFD vs NFC
  });

  it('finds spellings of one label and picks the most used one as canonical', () => {
    const labels = ['rock', 'Rock', 'rock ', 'rock', 'pop', 'Hip Hop', 'hip  hop', 'jazz', 'jazz'];
    expect(findLabelVariants(labels)).toEqual([
      { canonical: 'Hip Hop', variants: [{ label: 'Hip Hop', count: 1 }, { label: 'hip  hop', count: 1 }] },
      { canonical: 'rock', variants: [{ label: 'Rock', count: 1 }, { label: 'rock', count: 2 }, { label: 'rock ', count: 1 }] },
    ]);
  });

  it('maps every non-canonical spelling to the canonical one', () => {
    const map = labelMergeMap(findLabelVariants(['rock', 'Rock', 'rock', 'pop']));
    expect([...map]).toEqual([['Rock', 'rock']]);
  });

  it('reports nothing when labels are distinct', () => {
    expect(findLabelVariants(['rock', 'pop', 'rock'])).toEqual([]);
  });
});
