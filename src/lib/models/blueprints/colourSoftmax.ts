import { denseSoftmaxBlueprint } from './denseSoftmax';
import { presentGroups } from '../featureLists';

/** Softmax regression on the colour/composition features alone: a cheap, interpretable image baseline. */
export const colourSoftmax = denseSoftmaxBlueprint({
  id: 'colour-softmax',
  name: 'Colour & Composition Softmax',
  description: 'Multinomial logistic regression (L2, class-weighted) on standardized colour and composition statistics.',
  pick: (input, list) => (presentGroups(input, list).includes('colour') ? ['colour'] : []),
  l2: 0.001,
});
