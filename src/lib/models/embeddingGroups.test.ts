import { describe, expect, it } from 'vitest';
import { softmaxCover } from './blueprints/softmaxCover';
import { snnCover } from './blueprints/snn';
import { snnMultimodal } from './blueprints/snnMultimodal';
import { inputFrom } from './testing/synthetic';

const m = (cols: number) => ({ rows: 2, cols, data: new Float32Array(2 * cols) });

describe('embedding blueprints on the style group', () => {
  const input = inputFrom({ style: m(8), colour: m(3) }, { text: { title: ['a', 'b'] } });
  const list = (groups: string[]) => ({ id: 'l', name: 'l', groups });

  it('run on a list whose only embedding is style, and not on colour alone', () => {
    expect(softmaxCover.featureGroups(input, list(['style', 'colour', 'text:title']))).toEqual(['style', 'colour']);
    expect(snnCover.featureGroups(input, list(['style']))).toEqual(['style']);
    expect(snnMultimodal.featureGroups(input, list(['style', 'text:title']))).toEqual(['style', 'text:title']);
    expect(softmaxCover.requires(input, list(['colour', 'text:title']))).toBe(false);
    expect(snnMultimodal.requires(input, list(['colour', 'text:title']))).toBe(false);
  });
});
