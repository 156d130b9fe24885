import { denseSoftmaxBlueprint } from './denseSoftmax';
import { presentGroups } from '../featureLists';

/** Softmax regression on the colour/composition features alone: a cheap, interpretable image baseline. */
export const colourSoftmax = denseSoftmaxBlueprint({
  id: 'colour-softmax',
  name: 'Colour & Composition Softmax',
  description:
    'Multinomial logistic regression (L2, class-weighted) on standardized colour and composition statistics; the ' +
    'L2 strength is chosen by an inner 3-fold CV on the training rows.',
  pick: (input, list) => (presentGroups(input, list).includes('colour') ? ['colour'] : []),
});
