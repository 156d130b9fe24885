/**
 * A synthetic demo dataset that needs nothing outside the repository: seeded descriptions of cover-like images
 * and short lyric lines whose style differs by genre the way real covers tend to (palette and saturation, one
 * figure vs a group vs abstract shapes, where the title sits), with enough overlap between genres that a model
 * has to learn rather than read off one pixel. Pure: the drawing itself is in render.ts.
 *
 * Real covers cannot be shipped; the UI says plainly that these are generated.
 */
import { Rng, deriveSeed } from '../models/rng';

export type DemoGenre = 'pop' | 'rock' | 'indie';
export const DEMO_GENRES: readonly DemoGenre[] = ['pop', 'rock', 'indie'];

export type Shape =
  | { kind: 'figure'; x: number; y: number; scale: number; colour: string }
  | { kind: 'circle'; x: number; y: number; r: number; colour: string; alpha: number }
  | { kind: 'rect'; x: number; y: number; w: number; h: number; angle: number; colour: string; alpha: number }
  | { kind: 'stripe'; y: number; h: number; colour: string; alpha: number };

/** Everything needed to draw one cover, in unit coordinates (0..1 of the cover's edge). */
export interface CoverSpec {
  background: [string, string];
  shapes: Shape[];
  /** Film grain / noise strength 0..1. */
  grain: number;
  title: { text: string; x: number; y: number; size: number; colour: string; align: 'left' | 'center' | 'right'; weight: 400 | 800; upper: boolean };
}

export interface DemoTrack {
  file: string;
  genre: DemoGenre;
  artist: string;
  title: string;
  lyrics: string;
  cover: CoverSpec;
}

interface GenreStyle {
  /** Hue centre and spread (degrees), saturation and lightness ranges (%). */
  hue: [number, number];
  sat: [number, number];
  light: [number, number];
  /** Probability of each composition. */
  composition: { single: number; group: number; abstract: number };
  grain: [number, number];
  titleY: [number, number];
  titleAlign: ('left' | 'center' | 'right')[];
  titleWeight: 400 | 800;
  upper: boolean;
  words: string[];
}

// Overlapping on purpose: each genre has a typical look, none is exclusive.
const STYLES: Record<DemoGenre, GenreStyle> = {
  pop: {
    hue: [320, 70], sat: [70, 100], light: [55, 75],
    composition: { single: 0.7, group: 0.1, abstract: 0.2 },
    grain: [0, 0.1], titleY: [0.08, 0.2], titleAlign: ['center'], titleWeight: 800, upper: false,
    words: ['love', 'baby', 'dance', 'tonight', 'heart', 'forever', 'party', 'shine', 'sugar', 'kiss', 'summer', 'starlight', 'dream', 'golden', 'crush'],
  },
  rock: {
    hue: [0, 40], sat: [10, 80], light: [8, 35],
    composition: { single: 0.15, group: 0.65, abstract: 0.2 },
    grain: [0.2, 0.5], titleY: [0.8, 0.92], titleAlign: ['left', 'center'], titleWeight: 800, upper: true,
    words: ['fire', 'road', 'thunder', 'scream', 'steel', 'wild', 'burn', 'highway', 'rebel', 'stone', 'engine', 'storm', 'blood', 'riot', 'machine'],
  },
  indie: {
    hue: [90, 80], sat: [10, 40], light: [40, 70],
    composition: { single: 0.2, group: 0.15, abstract: 0.65 },
    grain: [0.1, 0.35], titleY: [0.85, 0.95], titleAlign: ['right', 'left'], titleWeight: 400, upper: false,
    words: ['river', 'autumn', 'coffee', 'bicycle', 'quiet', 'paper', 'memories', 'window', 'garden', 'postcard', 'lanterns', 'sweater', 'tide', 'attic', 'orchard'],
  },
};

const SHARED_WORDS = ['night', 'light', 'home', 'time', 'world', 'eyes', 'run', 'city', 'blue', 'young', 'always', 'never'];
const FUNCTION_WORDS = ['the', 'and', 'my', 'we', 'you', 'in', 'of', 'to', 'all', 'your', 'on', 'with'];
const NAME_PARTS = ['Neon', 'Velvet', 'Paper', 'Iron', 'Silver', 'Echo', 'Lunar', 'Static', 'Honey', 'Cinder', 'Coral', 'Atlas', 'Glass', 'Wolf', 'Kite', 'Moth'];

const between = (rng: Rng, [lo, hi]: [number, number]) => lo + (hi - lo) * rng.uniform();
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];

function colour(rng: Rng, s: GenreStyle, lightShift = 0): string {
  const [centre, spread] = s.hue;
  const h = (centre + (rng.uniform() - 0.5) * 2 * spread + 360) % 360;
  return `hsl(${h.toFixed(0)} ${between(rng, s.sat).toFixed(0)}% ${Math.min(95, between(rng, s.light) + lightShift).toFixed(0)}%)`;
}

function composition(rng: Rng, s: GenreStyle): keyof GenreStyle['composition'] {
  const u = rng.uniform();
  const { single, group } = s.composition;
  return u < single ? 'single' : u < single + group ? 'group' : 'abstract';
}

function shapes(rng: Rng, own: GenreStyle, s: GenreStyle): Shape[] {
  const kind = composition(rng, own);
  const ink = () => colour(rng, s, kind === 'single' ? -30 : 25);
  if (kind === 'single') return [{ kind: 'figure', x: 0.5 + (rng.uniform() - 0.5) * 0.2, y: 0.62, scale: between(rng, [0.55, 0.8]), colour: ink() }];
  if (kind === 'group') {
    const n = 3 + rng.int(3);
    return Array.from({ length: n }, (_, i) => ({ kind: 'figure' as const, x: (i + 0.5) / n + (rng.uniform() - 0.5) * 0.05, y: 0.68, scale: between(rng, [0.3, 0.42]), colour: ink() }));
  }
  const n = 4 + rng.int(6);
  return Array.from({ length: n }, (): Shape => {
    const r = rng.uniform();
    if (r < 0.4) return { kind: 'circle', x: rng.uniform(), y: rng.uniform(), r: between(rng, [0.05, 0.25]), colour: ink(), alpha: between(rng, [0.4, 0.9]) };
    if (r < 0.8) return { kind: 'rect', x: rng.uniform(), y: rng.uniform(), w: between(rng, [0.1, 0.5]), h: between(rng, [0.05, 0.3]), angle: (rng.uniform() - 0.5) * 1.2, colour: ink(), alpha: between(rng, [0.4, 0.9]) };
    return { kind: 'stripe', y: rng.uniform(), h: between(rng, [0.02, 0.1]), colour: ink(), alpha: between(rng, [0.3, 0.8]) };
  });
}

function phrase(rng: Rng, s: GenreStyle, words: number): string {
  return Array.from({ length: words }, () => {
    const u = rng.uniform();
    return u < OWN_WORDS ? pick(rng, s.words) : u < 0.65 ? pick(rng, SHARED_WORDS) : pick(rng, FUNCTION_WORDS);
  }).join(' ');
}

function titleCase(text: string): string {
  return text.replace(/\b\w/g, (c) => c.toUpperCase());
}

/** Share of covers drawn in their own genre's palette; the rest borrow another genre's look, as real ones do. */
const OWN_LOOK = 0.75;
/** Chance that a lyric word comes from the genre's own vocabulary (the rest is shared or function words). */
const OWN_WORDS = 0.3;

export function demoTrack(seed: number, genre: DemoGenre, i: number): DemoTrack {
  const rng = new Rng(deriveSeed(seed, 'demo', genre, i));
  const own = STYLES[genre];
  const others = DEMO_GENRES.filter((g) => g !== genre);
  // Composition stays the genre's own; palette, grain and title placement are sometimes another genre's.
  const s = rng.uniform() < OWN_LOOK ? own : STYLES[pick(rng, others)];
  const title = titleCase(phrase(rng, own, 2 + rng.int(2)));
  const lyrics = Array.from({ length: 2 + rng.int(2) }, () => phrase(rng, own, 5 + rng.int(4))).join(' / ');
  const align = pick(rng, s.titleAlign);
  return {
    file: `${genre}-${String(i + 1).padStart(3, '0')}.png`,
    genre,
    artist: `${pick(rng, NAME_PARTS)} ${pick(rng, NAME_PARTS)}`,
    title,
    lyrics,
    cover: {
      background: [colour(rng, s), colour(rng, s, 10)],
      shapes: shapes(rng, own, s),
      grain: between(rng, s.grain),
      title: {
        text: s.upper ? title.toUpperCase() : title,
        x: align === 'left' ? 0.07 : align === 'right' ? 0.93 : 0.5,
        y: between(rng, s.titleY),
        size: between(rng, [0.07, 0.11]),
        colour: between(rng, s.light) > 50 ? '#111' : '#f5f5f5',
        align,
        weight: s.titleWeight,
        upper: s.upper,
      },
    },
  };
}

/** `perGenre` tracks of each genre, in a stable order. */
export function demoTracks(seed: number, perGenre: number): DemoTrack[] {
  return DEMO_GENRES.flatMap((g) => Array.from({ length: perGenre }, (_, i) => demoTrack(seed, g, i)));
}

/** The demo CSV: one row per track; cells are plain words and never start with a formula character. */
export function demoCsv(tracks: readonly DemoTrack[]): string {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = ['cover,genre,artist,title,lyrics', ...tracks.map((t) => [t.file, t.genre, t.artist, t.title, t.lyrics].map(quote).join(','))];
  return lines.join('\n') + '\n';
}
