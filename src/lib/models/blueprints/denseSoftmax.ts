/** Shared body of the softmax-regression blueprints on dense features (encoder + L-BFGS). */
import type { Blueprint, FeatureGroupId, FeatureList, FittedModel, ModelInput } from '../types';
import { fitDenseEncoder } from '../encode';
import { denseDesign } from '../design';
import { fitSoftmax, predictSoftmax } from '../softmaxRegression';
import { chooseL2, describeChoice, wideRowSpace, type L2SearchOptions } from '../l2Search';
import { liftFromRowSpace } from '../rowSpace';
import { deriveSeed } from '../rng';
import { throwIfAborted } from '../abort';
import { encodedWithCover, linearScores } from '../coverScores';

export interface DenseSoftmaxSpec {
  id: string;
  name: string;
  description: string;
  /** Groups used from a feature list ([] = cannot run). */
  pick(input: ModelInput, list: FeatureList): FeatureGroupId[];
  /**
   * A fixed L2 strength in mean-loss units (sklearn C = 1 / (l2 · Σw)). Omitted: chosen per fit by an inner CV
   * on the training rows (l2Search.ts).
   */
  l2?: number;
  /** Overrides of the inner-CV search (grid, inner folds, patience). */
  search?: Partial<Omit<L2SearchOptions, 'seed' | 'classWeights' | 'groups' | 'signal'>>;
}

export function denseSoftmaxBlueprint(spec: DenseSoftmaxSpec): Blueprint {
  return {
    kind: 'model',
    id: spec.id,
    name: spec.name,
    description: spec.description,
    featureGroups: spec.pick,
    requires: (input, list) => spec.pick(input, list).length > 0,
    tensorFree: true,
    async fit(input, trainIdx, y, opts): Promise<FittedModel> {
      throwIfAborted(opts.signal);
      const enc = fitDenseEncoder(input, opts.featureGroups, trainIdx, y, { nClasses: opts.nClasses });
      const X = enc.transform(input, trainIdx);
      const n = trainIdx.length;
      const yTrain = Int32Array.from(trainIdx, (r) => y[r]);
      // Wide blocks (e.g. 'style', 3 000+ dims on hundreds of rows): the search and the final fit both run on the
      // row-space coordinates (the same fits on ≤ n columns, see rowSpace.ts), lifted back to the d columns.
      const space = wideRowSpace(X, n, enc.dims);
      const design = space ? denseDesign(space.Z, n, space.r) : denseDesign(X, n, enc.dims);
      const choice =
        spec.l2 === undefined
          ? await chooseL2(design, yTrain, opts.nClasses, {
              ...spec.search,
              seed: deriveSeed(opts.seed, 'l2-search'),
              classWeights: opts.classWeights,
              groups: opts.groups && Array.from(trainIdx, (r) => opts.groups![r]),
              tunedC: opts.tunedC,
              signal: opts.signal,
            })
          : null;
      throwIfAborted(opts.signal);
      const l2 = choice ? choice.l2 : spec.l2!;
      const fitted = fitSoftmax(design, yTrain, opts.nClasses, { l2, classWeights: opts.classWeights });
      const model = space ? { ...fitted, d: enc.dims, W: liftFromRowSpace(fitted.W, fitted.k, space, X, enc.dims) } : fitted;
      return {
        predictProba: (inp, idx) => predictSoftmax(model, denseDesign(enc.transform(inp, idx), idx.length, enc.dims)),
        dispose() {},
        coverScores: enc.denseAffine('cover')
          ? (inp, idx) => linearScores(encodedWithCover(enc, inp, idx)!, model.W, model.b, model.k, model.d)
          : undefined,
        linearHead: () => ({ groups: opts.featureGroups, blocks: opts.featureGroups.map((g) => enc.denseAffine(g)), k: model.k, d: model.d, W: model.W, b: model.b }),
        describe: () => ({
          features: enc.dims,
          l2,
          ...describeChoice(choice),
          iterations: model.iterations,
          converged: String(model.converged),
        }),
      };
    },
  };
}
