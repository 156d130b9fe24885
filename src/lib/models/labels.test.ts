import { expect, it } from 'vitest';
import { encodeLabels } from './labels';

it('sorts class names and maps each target to its index', () => {
  const { labels, classNames } = encodeLabels(['rock', 'country', 'rock', 'hiphop']);
  expect(classNames).toEqual(['country', 'hiphop', 'rock']);
  expect(Array.from(labels)).toEqual([2, 0, 2, 1]);
});
