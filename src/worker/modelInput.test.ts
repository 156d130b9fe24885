/** Training and prediction build the ModelInput of one album the same way (issue 12: train/predict skew). */
import { afterEach, describe, expect, it } from 'vitest';
import { buildModelInput, FILE_NAME_COLUMN, modelRowsGroups } from './training';
import { predictionInput } from './prediction';
import { state } from './state';
import type { ColumnMapping } from '../lib/data/types';

const mapping: ColumnMapping = { cover: 'cover', target: 'genre', text: ['title'], categorical: ['label'], numeric: ['year', 'bpm', 'rating'], group: null, ignore: [] };
// A blank (whitespace-only) year, a text bpm and a real rating: NaN, NaN and 4.5 on both sides.
const record = { cover: 'rock/x.jpg', genre: 'rock', title: 'Loud', label: 'EMI', year: ' ', bpm: 'fast', rating: '4.5' };
const embedding = Float32Array.of(0.1, 0.2, 0.3);
const colour = Float32Array.of(0.5, 0.6);

function setDataset() {
  state.mapping = mapping;
  state.rows = [{ rowIndex: 0, coverPath: 'covers/rock/x.jpg', imageHash: 'hx', target: 'rock', values: { title: 'Loud', label: 'EMI', year: ' ', bpm: 'fast', rating: '4.5' } }];
  state.embeddings = new Map([['hx', embedding]]);
  state.colour = new Map([['hx', colour]]);
}

afterEach(() => {
  state.mapping = null;
  state.rows = [];
  state.embeddings = new Map();
  state.colour = new Map();
});

describe('one ModelInput builder for training and prediction', () => {
  it('gives the same columns for the same album, whatever folder it sat in', () => {
    setDataset();
    const trained = buildModelInput({ fileNameAsFeature: true }).input;
    // The same cover dropped in Predict as a bare file, with its row from a CSV.
    const predicted = predictionInput(
      [{ path: 'x.jpg', hash: 'hx', values: record }],
      mapping,
      { cover: new Map([['hx', embedding]]), colour: new Map([['hx', colour]]) },
      ['cover', `text:${FILE_NAME_COLUMN}`, 'num:year'],
    );
    expect(predicted).toEqual(trained);
    expect(trained.text[FILE_NAME_COLUMN]).toEqual(['x.jpg']);
    expect(trained.numeric).toEqual({ year: [NaN], bpm: [NaN], rating: [4.5] });
  });

  it('leaves the file-name column out at prediction when the model does not read it', () => {
    setDataset();
    const trained = buildModelInput({ fileNameAsFeature: false }).input;
    const predicted = predictionInput([{ path: 'x.jpg', hash: 'hx', values: record }], mapping, { cover: state.embeddings, colour: state.colour }, ['cover']);
    expect(predicted).toEqual(trained);
    expect(FILE_NAME_COLUMN in predicted.text).toBe(false);
  });

  it('reads missing CSV values as blank on both sides', () => {
    setDataset();
    state.rows = [{ ...state.rows[0], values: {} }];
    const trained = buildModelInput({ fileNameAsFeature: false }).input;
    const predicted = predictionInput([{ path: 'x.jpg', hash: 'hx', values: {} }], mapping, { cover: state.embeddings, colour: state.colour }, ['cover']);
    expect(predicted).toEqual(trained);
    expect(trained.text.title).toEqual(['']);
    expect(trained.numeric.year).toEqual([NaN]);
  });
});

describe('CV groups of the model rows', () => {
  function setTracks() {
    state.mapping = { ...mapping, group: 'artist' };
    const row = (i: number, hash: string, artist: string) => ({ rowIndex: i, coverPath: `t${i}.jpg`, imageHash: hash, target: 'rock', values: { artist } });
    // Tracks 0 and 1 share an album cover; track 3 has no embedding, so it is not a model row.
    state.rows = [row(0, 'album', 'A'), row(1, 'album', 'B'), row(2, 'solo', 'C'), row(3, 'none', 'A'), row(4, 'single', 'A')];
    state.embeddings = new Map(['album', 'solo', 'single'].map((h) => [h, embedding]));
  }

  it('keeps rows sharing a cover in one group even when the CV is not grouped by a column', () => {
    setTracks();
    expect(modelRowsGroups(null)).toEqual(['image:album', 'image:album', 'image:solo', 'image:single']);
  });

  it('joins the group column with shared covers when grouping by artist', () => {
    setTracks();
    expect(modelRowsGroups('artist')).toEqual(['A', 'A', 'C', 'A']);
  });
});
