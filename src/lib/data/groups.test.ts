import { describe, expect, it } from 'vitest';
import { cvGroups } from './groups';

describe('cvGroups', () => {
  it('is undefined when nothing must stay together (plain stratified K-fold)', () => {
    expect(cvGroups([{ imageHash: 'a' }, { imageHash: 'b' }, { imageHash: 'c', group: ' ' }])).toBeUndefined();
  });

  it('puts rows sharing a cover in one group even without a group column', () => {
    // Tracks 0, 2 and 3 share album cover "h1".
    expect(cvGroups([{ imageHash: 'h1' }, { imageHash: 'h2' }, { imageHash: 'h1' }, { imageHash: 'h1' }])).toEqual([
      'image:h1',
      'image:h2',
      'image:h1',
      'image:h1',
    ]);
  });

  it('joins group values through shared images (union-find, transitively)', () => {
    // Artist A's row 0 and artist B's row 2 share a cover, so every A and B row is one group;
    // row 3 (artist C) and row 4 (no artist, own image) stay apart; a blank artist joins nothing.
    const groups = cvGroups([
      { imageHash: 'x', group: 'A' },
      { imageHash: 'y', group: 'B' },
      { imageHash: 'x', group: 'B' },
      { imageHash: 'z', group: 'C' },
      { imageHash: 'w', group: '' },
      { imageHash: 'v', group: 'A' },
    ]);
    expect(groups).toEqual(['A', 'A', 'A', 'C', 'image:w', 'A']);
  });

  it('names an image-only set after its first row and a mixed set after its first group value', () => {
    const groups = cvGroups([
      { imageHash: 'x' },
      { imageHash: 'x', group: 'B' },
      { imageHash: 'q' },
      { imageHash: 'q' },
    ]);
    expect(groups).toEqual(['B', 'B', 'image:q', 'image:q']);
  });

  it('keeps plain group values when no image is shared (same as grouping by the column)', () => {
    expect(cvGroups([{ imageHash: 'a', group: 'A' }, { imageHash: 'b', group: 'B' }, { imageHash: 'c', group: 'A' }])).toEqual(['A', 'B', 'A']);
  });
});
