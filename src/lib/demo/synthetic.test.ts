import { describe, expect, it } from 'vitest';
import { csvParse } from 'd3-dsv';
import { DEMO_GENRES, demoCsv, demoTrack, demoTracks } from './synthetic';

/** Lightness (%) out of an `hsl(h s% l%)` string. */
const lightness = (c: string) => Number(/(\d+)%\)$/.exec(c)![1]);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('synthetic demo dataset', () => {
  it('is deterministic per seed and differs across seeds', () => {
    expect(demoTrack(7, 'rock', 3)).toEqual(demoTrack(7, 'rock', 3));
    expect(demoTrack(7, 'rock', 3)).not.toEqual(demoTrack(8, 'rock', 3));
  });

  it('makes perGenre tracks of every genre with unique file names', () => {
    const tracks = demoTracks(1, 20);
    expect(tracks).toHaveLength(20 * DEMO_GENRES.length);
    for (const g of DEMO_GENRES) expect(tracks.filter((t) => t.genre === g)).toHaveLength(20);
    expect(new Set(tracks.map((t) => t.file)).size).toBe(tracks.length);
  });

  it('gives each genre its typical look: rock darker than pop, groups of figures in rock, abstract shapes in indie', () => {
    const tracks = demoTracks(3, 60);
    const of = (g: string) => tracks.filter((t) => t.genre === g);
    const bgLight = (g: string) => mean(of(g).map((t) => lightness(t.cover.background[0])));
    expect(bgLight('rock')).toBeLessThan(bgLight('pop') - 10);
    const figures = (g: string) => mean(of(g).map((t) => t.cover.shapes.filter((s) => s.kind === 'figure').length));
    expect(figures('rock')).toBeGreaterThan(figures('pop'));
    const abstract = (g: string) => of(g).filter((t) => t.cover.shapes.every((s) => s.kind !== 'figure')).length / 60;
    expect(abstract('indie')).toBeGreaterThan(0.45);
    expect(abstract('pop')).toBeLessThan(0.4);
  });

  it('writes a CSV that parses back to the same rows, with no formula-like cells', () => {
    const tracks = demoTracks(5, 4);
    const rows = csvParse(demoCsv(tracks));
    expect(rows.columns).toEqual(['cover', 'genre', 'artist', 'title', 'lyrics']);
    expect(rows.map((r) => r.cover)).toEqual(tracks.map((t) => t.file));
    expect(rows.map((r) => r.lyrics)).toEqual(tracks.map((t) => t.lyrics));
    for (const r of rows) for (const v of Object.values(r)) expect(v).not.toMatch(/^[=+\-@]/);
  });
});
