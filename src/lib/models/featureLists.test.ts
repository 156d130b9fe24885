import { describe, expect, it } from 'vitest';
import { defaultFeatureLists } from './featureLists';
import type { ModelInput } from './types';

const dense = (cols: number) => ({ rows: 2, cols, data: new Float32Array(2 * cols) });

function input(groups: string[], text: string[] = []): ModelInput {
  return {
    n: 2,
    dense: Object.fromEntries(groups.map((g) => [g, dense(3)])),
    text: Object.fromEntries(text.map((c) => [c, ['a', 'b']])),
    categorical: {},
    numeric: {},
  };
}

const summary = (i: ModelInput) => defaultFeatureLists(i).map((l) => `${l.id}=${l.groups.join('+')}`);

describe('defaultFeatureLists', () => {
  it('puts the featurizer on the leaderboard: final layer vs style vs every image group', () => {
    expect(summary(input(['cover', 'style', 'colour']))).toEqual(['final-layer=cover+colour', 'style=style+colour', 'image-only=cover+style+colour']);
  });

  it('keeps at most six lists with text, and the cover + text list on the final layer', () => {
    const lists = summary(input(['cover', 'style', 'colour'], ['lyrics']));
    expect(lists).toEqual([
      'final-layer=cover+colour',
      'style=style+colour',
      'image-only=cover+style+colour',
      'text-only=text:lyrics',
      'cover-text=cover+text:lyrics',
      'all=cover+style+colour+text:lyrics',
    ]);
  });

  it('without style features (or without a network) falls back to the one image list', () => {
    expect(summary(input(['cover', 'colour']))).toEqual(['image-only=cover+colour']);
    expect(summary(input(['colour'], ['lyrics']))).toEqual(['image-only=colour', 'text-only=text:lyrics', 'all=colour+text:lyrics']);
  });
});
