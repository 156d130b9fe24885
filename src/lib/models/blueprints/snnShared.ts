/** Shared body of the SNN blueprints: fold-fitted encoder → self-normalizing residual net. */
import type { Blueprint, FeatureGroupId, FeatureList, FittedModel, ModelInput } from '../types';
import { fitDenseEncoder } from '../encode';
import { fitSnn, type SnnOptions } from '../snnNet';
import { throwIfAborted } from '../abort';
import { encodedWithCover } from '../coverScores';

export interface SnnSpec {
  id: string;
  name: string;
  description: string;
  pick(input: ModelInput, list: FeatureList): FeatureGroupId[];
  /** Terms per text column fed to the net (0 = no text). */
  textTopK: number;
  net?: Partial<SnnOptions>;
}

export function snnBlueprint(spec: SnnSpec): Blueprint {
  return {
    kind: 'model',
    id: spec.id,
    name: spec.name,
    description: spec.description,
    // Many epochs per fit: the slowest blueprint by far, so the leaderboard spends it on the best lists.
    costly: true,
    // Trained in plain TypeScript (snnNet.ts): tfjs only for Grad-CAM, in the worker that keeps the final model.
    tensorFree: true,
    featureGroups: spec.pick,
    requires: (input, list) => spec.pick(input, list).length > 0,
    async fit(input, trainIdx, y, opts): Promise<FittedModel> {
      throwIfAborted(opts.signal);
      const enc = fitDenseEncoder(input, opts.featureGroups, trainIdx, y, {
        nClasses: opts.nClasses,
        textTopK: spec.textTopK,
      });
      const X = enc.transform(input, trainIdx);
      const yTrain = Int32Array.from(trainIdx, (r) => y[r]);
      const net = await fitSnn(X, trainIdx.length, enc.dims, yTrain, opts.nClasses, opts.classWeights, opts.seed, opts.signal, spec.net,
        opts.groups && Array.from(trainIdx, (r) => opts.groups![r]));
      return {
        predictProba: (inp, idx) => net.predictProba(enc.transform(inp, idx), idx.length),
        dispose() {},
        coverScores: enc.denseAffine('cover')
          ? (inp, idx) => {
              const design = encodedWithCover(enc, inp, idx)!;
              return (cover) => net.logits(design(cover));
            }
          : undefined,
        describe: () => ({ features: enc.dims, epochs: net.epochsRun, bestEpoch: net.bestEpoch }),
      };
    },
  };
}
