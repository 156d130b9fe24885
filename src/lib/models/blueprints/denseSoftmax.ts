/** Shared body of the softmax-regression blueprints on dense features (encoder + L-BFGS). */
import type { Blueprint, FeatureGroupId, FeatureList, FittedModel, ModelInput } from '../types';
import { fitDenseEncoder } from '../encode';
import { denseDesign } from '../design';
import { fitSoftmax, predictSoftmax } from '../softmaxRegression';
import { throwIfAborted } from '../abort';

export interface DenseSoftmaxSpec {
  id: string;
  name: string;
  description: string;
  /** Groups used from a feature list ([] = cannot run). */
  pick(input: ModelInput, list: FeatureList): FeatureGroupId[];
  /** L2 strength in mean-loss units (sklearn C = 1 / (l2 · n)). */
  l2: number;
}

export function denseSoftmaxBlueprint(spec: DenseSoftmaxSpec): Blueprint {
  return {
    kind: 'model',
    id: spec.id,
    name: spec.name,
    description: spec.description,
    featureGroups: spec.pick,
    requires: (input, list) => spec.pick(input, list).length > 0,
    async fit(input, trainIdx, y, opts): Promise<FittedModel> {
      throwIfAborted(opts.signal);
      const enc = fitDenseEncoder(input, opts.featureGroups, trainIdx, y, { nClasses: opts.nClasses });
      const X = enc.transform(input, trainIdx);
      const yTrain = Int32Array.from(trainIdx, (r) => y[r]);
      const model = fitSoftmax(denseDesign(X, trainIdx.length, enc.dims), yTrain, opts.nClasses, {
        l2: spec.l2,
        classWeights: opts.classWeights,
      });
      return {
        predictProba: (inp, idx) => predictSoftmax(model, denseDesign(enc.transform(inp, idx), idx.length, enc.dims)),
        dispose() {},
        describe: () => ({ features: enc.dims, l2: spec.l2, iterations: model.iterations, converged: String(model.converged) }),
      };
    },
  };
}
