/** A small saved project for the store's tests (not product code). */
import type { ProjectDoc } from './projectFormat';

export function sampleDoc(id = 'p1', updatedAt = 1000): ProjectDoc {
  return {
    format: 1,
    id,
    name: 'music',
    createdAt: 500,
    updatedAt,
    step: 'models',
    dataset: {
      csvPath: 'music/dataset.csv',
      columns: ['cover', 'genre'],
      mapping: { cover: 'cover', target: 'genre', text: [], categorical: [], numeric: [], group: null, ignore: [] },
      reportSummary: '3 rows',
      rows: [
        { rowIndex: 0, coverPath: 'a.jpg', imageHash: 'aa', target: 'rock', values: {} },
        { rowIndex: 1, coverPath: 'b.jpg', imageHash: 'bb', target: 'pop', values: {} },
        { rowIndex: 2, coverPath: 'c.jpg', imageHash: 'aa', target: 'rock', values: {} },
      ],
    },
    backboneId: 'net',
    featureIds: ['net', 'colour-v1'],
    training: {
      leaderboard: {
        classNames: ['pop', 'rock'],
        entries: [
          { key: 'failed', blueprintId: 'x', name: 'X', featureListId: 'l', featureListName: 'L', featureGroups: [], cv: null, holdout: null, oof: new Float32Array(0), holdoutProba: null, confusion: [], perClass: [], trainSeconds: 0, details: [], error: 'boom' },
          { key: 'm@l', blueprintId: 'm', name: 'M', featureListId: 'l', featureListName: 'image only', featureGroups: ['cover'], cv: { balancedAccuracy: 0.75, accuracy: 0.8, logLoss: Number.NaN, macroF1: 0.7, foldScores: [0.5, 1], foldSd: 0.25 } as never, holdout: null, oof: Float32Array.of(0.1, 0.9, Number.NaN, Number.NaN, 0.3, 0.7), holdoutProba: null, confusion: [[1, 0], [0, 1]], perClass: [], trainSeconds: 1.5, details: [{ C: 0.01 }] },
        ],
        foldOf: Int32Array.of(0, -1, 1),
        holdoutIdx: Int32Array.of(1),
        nFolds: 2, seed: 7, grouped: false, classWeighting: true, featureLists: [], chanceLevel: 0.5, seconds: 2,
      },
      rowIndices: [0, 1, 2],
      labels: Int32Array.of(1, 0, 1),
      classNames: ['pop', 'rock'],
      groups: undefined,
      seed: 7,
      finalModelKey: 'm@l',
      fileNameAsFeature: false,
    },
    ui: { note: 'as shown' },
  };
}
