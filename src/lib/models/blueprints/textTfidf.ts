/**
 * Text model: per text column a TF-IDF of word 1–2-grams (vocabulary and idf fitted on the training rows only),
 * side by side, then class-weighted softmax regression. Exposes per-class term coefficients for word clouds.
 */
import type { Blueprint, FittedModel, TermWeight } from '../types';
import { groupKind, presentGroups } from '../featureLists';
import { fitTfidf, type TfidfOptions, type TfidfVectorizer } from '../../text/tfidf';
import { hstack } from '../../text/sparse';
import { sparseDesign } from '../design';
import { fitSoftmax, predictSoftmax } from '../softmaxRegression';
import { chooseL2, describeChoice } from '../l2Search';
import { deriveSeed } from '../rng';
import { throwIfAborted } from '../abort';

export const TEXT_TFIDF_OPTIONS: TfidfOptions = {
  ngramMin: 1,
  ngramMax: 2,
  minDf: 1,
  maxFeatures: 20000,
  sublinearTf: true,
  stopWords: false,
};

export const textTfidf: Blueprint = {
  kind: 'model',
  id: 'text-tfidf',
  name: 'TF-IDF Text Softmax',
  description:
    'Word 1–2-gram TF-IDF per text column (sublinear tf, smooth idf, L2-normalized rows; fitted on the training ' +
    'fold only) followed by class-weighted L2 softmax regression, its L2 strength chosen by an inner 3-fold CV on ' +
    'the training rows.',
  featureGroups: (input, list) => presentGroups(input, list).filter((g) => groupKind(g) === 'text'),
  requires: (input, list) => presentGroups(input, list).some((g) => groupKind(g) === 'text'),
  tensorFree: true,
  async fit(input, trainIdx, y, opts): Promise<FittedModel> {
    throwIfAborted(opts.signal);
    const columns = opts.featureGroups.filter((g) => groupKind(g) === 'text').map((g) => g.slice(5));
    const vectorizers: TfidfVectorizer[] = columns.map((c) => fitTfidf(input.text[c], trainIdx, TEXT_TFIDF_OPTIONS));
    const matrix = (inp: typeof input, idx: Int32Array) =>
      hstack(vectorizers.map((v, i) => v.transform(inp.text[columns[i]] ?? [], idx)));
    const yTrain = Int32Array.from(trainIdx, (r) => y[r]);
    const X = sparseDesign(matrix(input, trainIdx));
    // The vocabulary and idf come from all training rows; the inner folds share them (see l2Search.ts).
    const choice = await chooseL2(X, yTrain, opts.nClasses, {
      seed: deriveSeed(opts.seed, 'l2-search'),
      classWeights: opts.classWeights,
      groups: opts.groups && Array.from(trainIdx, (r) => opts.groups![r]),
      tunedC: opts.tunedC,
      signal: opts.signal,
    });
    throwIfAborted(opts.signal);
    const model = fitSoftmax(X, yTrain, opts.nClasses, { l2: choice.l2, classWeights: opts.classWeights });
    return {
      predictProba: (inp, idx) => predictSoftmax(model, sparseDesign(matrix(inp, idx))),
      dispose() {},
      describe: () => ({
        terms: vectorizers.reduce((a, v) => a + v.terms.length, 0),
        l2: choice.l2,
        ...describeChoice(choice),
        iterations: model.iterations,
      }),
      termWeights(): TermWeight[] {
        const out: TermWeight[] = [];
        let offset = 0;
        vectorizers.forEach((v, i) => {
          v.terms.forEach((term, j) => {
            const weights = Array.from({ length: model.k }, (_, c) => model.W[c * model.d + offset + j]);
            out.push({ column: columns[i], term, weights });
          });
          offset += v.terms.length;
        });
        return out;
      },
    };
  },
};
