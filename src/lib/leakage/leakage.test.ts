import { describe, expect, it } from 'vitest';
import { checkLeakage, containsLabel, segments } from './leakage';
import { Rng } from '../models/rng';

const genres = ['country', 'hiphop', 'rock'];
const folder = { country: 'Country', hiphop: 'HipHop', rock: 'Rock' } as const;

function dataset(n = 150) {
  const rng = new Rng(42);
  const labels = Array.from({ length: n }, (_, i) => genres[i % 3]);
  rng.shuffle(labels);
  const words = ['night', 'love', 'blue', 'road', 'fire', 'summer', 'heart', 'city', 'dream', 'rain', 'gold', 'time'];
  return {
    labels,
    columns: {
      // copies the label
      genre_copy: labels.slice(),
      // the label inside a path, as in the discogs source_path
      source_path: labels.map((l, i) => `Album_Covers/${folder[l as keyof typeof folder]}/R-${1000 + i}-1490322801-jpeg.jpg`),
      // a unique id per row
      release_id: labels.map((_, i) => String(10011179 + i * 7919)),
      // honest text: titles drawn from a shared vocabulary, unrelated to the label
      album: labels.map(() => `${words[rng.int(12)]} ${words[rng.int(12)]}`),
    },
  };
}

describe('label matching on token boundaries', () => {
  it('splits on separators and camelCase', () => {
    expect(segments('Album_Covers/HipHop/x.jpg')).toEqual(['album', 'covers', 'hip', 'hop', 'x', 'jpg']);
    expect(segments('country__R-1001.jpg')).toEqual(['country', 'r', '1001', 'jpg']);
  });

  it('finds a label across camelCase and separators, but not inside a longer word', () => {
    expect(containsLabel('Album_Covers/HipHop/x.jpg', 'hiphop')).toBe(true);
    expect(containsLabel('hip-hop_cover.jpg', 'hiphop')).toBe(true);
    expect(containsLabel('Album_Covers/HipHop/x.jpg', 'hip hop')).toBe(true);
    expect(containsLabel('country__R-1001.jpg', 'Country')).toBe(true);
    expect(containsLabel('rockabilly_classics.jpg', 'rock')).toBe(false);
    expect(containsLabel('Album_Covers/HipHop/x.jpg', 'pop')).toBe(false);
    expect(containsLabel('anything', '')).toBe(false);
  });
});

describe('checkLeakage', () => {
  const { labels, columns } = dataset();
  const report = checkLeakage({ columns, labels, seed: 1, targetName: 'genre' });
  const byName = Object.fromEntries(report.map((r) => [r.column, r]));

  it('flags exactly the label copy and the path that embeds it', () => {
    expect(report.filter((r) => r.flagged).map((r) => r.column).sort()).toEqual(['genre_copy', 'source_path']);
  });

  it('measures the label-in-value rate and single-column CV accuracy', () => {
    expect(byName.genre_copy.labelInValueRate).toBe(1);
    expect(byName.genre_copy.singleColumnBalancedAccuracy).toBe(1);
    expect(byName.source_path.labelInValueRate).toBe(1);
    expect(byName.source_path.singleColumnBalancedAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(byName.source_path.treatedAs).toBe('text');
    expect(byName.source_path.suggestion).toBe('exclude');
    expect(byName.source_path.reason).toContain('source_path contains the genre in 100 % of rows');
  });

  it('a unique id scores at chance and is not flagged', () => {
    expect(byName.release_id.labelInValueRate).toBe(0);
    expect(byName.release_id.singleColumnBalancedAccuracy).toBeCloseTo(1 / 3, 6);
    expect(byName.release_id.flagged).toBe(false);
    expect(byName.release_id.suggestion).toBeNull();
  });

  it('an honest text column is not flagged', () => {
    expect(byName.album.flagged).toBe(false);
    expect(byName.album.singleColumnBalancedAccuracy).toBeLessThan(0.6);
    expect(byName.album.chanceLevel).toBeCloseTo(1 / 3);
  });

  it('an artist column that fixes the genre is flagged, with the hint to group by it', () => {
    // 30 artists × 5 albums; every album of an artist has the artist's genre (like spotify-6genre)
    const artistLabels: string[] = [];
    const artist: string[] = [];
    for (let a = 0; a < 30; a++) {
      for (let i = 0; i < 5; i++) {
        artist.push(`Artist Number ${a}`);
        artistLabels.push(genres[a % 3]);
      }
    }
    const [res] = checkLeakage({ columns: { artist }, labels: artistLabels, seed: 3, targetName: 'genre' });
    expect(res.singleColumnBalancedAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(res.labelInValueRate).toBe(0);
    expect(res.treatedAs).toBe('categorical');
    expect(res.flagged).toBe(true);
    expect(res.suggestion).toBe('use-as-group');
    expect(res.reason).toMatch(/artist alone predicts genre with balanced accuracy 1\.00/);
    expect(res.reason).toMatch(/group column/);
  });

  it('thresholds are parameters', () => {
    const strict = checkLeakage({ columns: { album: columns.album }, labels, accuracyThreshold: 0, labelRateThreshold: 2 });
    expect(strict[0].flagged).toBe(true);
    const lax = checkLeakage({ columns: { genre_copy: columns.genre_copy }, labels, accuracyThreshold: 2, labelRateThreshold: 2 });
    expect(lax[0].flagged).toBe(false);
  });

  it('is deterministic for a seed', () => {
    expect(checkLeakage({ columns, labels, seed: 1, targetName: 'genre' })).toEqual(report);
  });
});
