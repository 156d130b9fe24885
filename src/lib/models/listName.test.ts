import { describe, expect, it } from 'vitest';
import { listNameAsUsed } from './leaderboard';
import { inputFrom } from './testing/synthetic';

describe('listNameAsUsed', () => {
  const input = inputFrom({ cover: { rows: 2, cols: 1, data: new Float32Array([0, 1]) } }, { text: { album: ['a', 'b'] } });
  const list = { id: 'cover-text', name: 'cover + text', groups: ['cover', 'text:album'] };

  it('keeps the list name when the model used every group the data offers', () => {
    expect(listNameAsUsed({ list, groups: ['cover', 'text:album'] }, input)).toBe('cover + text');
  });
  it('says which groups were used when the blueprint dropped some', () => {
    expect(listNameAsUsed({ list, groups: ['cover'] }, input)).toBe('cover + text, using only cover');
  });
  it('does not count groups the data lacks as dropped', () => {
    const bigger = { ...list, groups: [...list.groups, 'colour'] };
    expect(listNameAsUsed({ list: bigger, groups: ['cover', 'text:album'] }, input)).toBe('cover + text');
  });
});
