import { csvFormat } from 'd3-dsv';
import { csvRecords } from '../lib/data/csv';
import type { SourceFile } from '../worker/protocol';

/** Demo datasets are served at /datasets/<name>/ by the dev and preview servers (never committed). */
export async function listDemoDatasets(): Promise<string[]> {
  try {
    const res = await fetch('/datasets/', { cache: 'no-cache' });
    if (!res.ok || !res.headers.get('content-type')?.includes('json')) return [];
    return ((await res.json()) as string[]).filter((n) => !n.startsWith('.'));
  } catch {
    return [];
  }
}

/**
 * Fetches a class-balanced subset of a demo dataset (`perClass` rows of each label, in file order
 * after a seeded shuffle) and returns it as the files a user would drop: a CSV plus the covers.
 */
export async function loadDemoDataset(name: string, perClass: number, onProgress?: (done: number, total: number) => void): Promise<SourceFile[]> {
  const base = `/datasets/${encodeURIComponent(name)}/`;
  const csvText = await (await fetch(`${base}dataset.csv`)).text();
  const { rows, columns } = csvRecords(csvText);
  const coverColumn = columns.find((c) => rows.every((r) => /\.(jpe?g|png|webp)$/i.test(r[c] ?? ''))) ?? 'cover';
  const labelColumn = columns.find((c) => /^(genre|label|class)$/i.test(c)) ?? columns[1];
  const picked = pickPerClass(rows, labelColumn, perClass);
  const files: SourceFile[] = [{ path: 'dataset.csv', file: new File([csvFormat(picked, columns)], 'dataset.csv', { type: 'text/csv' }) }];
  let done = 0;
  const covers = await Promise.all(
    picked.map(async (row) => {
      const fileName = row[coverColumn]!;
      const res = await fetch(`${base}covers/${encodeURIComponent(fileName)}`);
      if (!res.ok) throw new Error(`Demo cover ${fileName} could not be fetched (${res.status}).`);
      const blob = await res.blob();
      onProgress?.(++done, picked.length);
      return { path: `covers/${fileName}`, file: new File([blob], fileName, { type: blob.type }) };
    }),
  );
  return [...files, ...covers];
}

function pickPerClass<T extends Record<string, string | undefined>>(rows: T[], labelColumn: string, perClass: number): T[] {
  let seed = 20240601;
  const random = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const shuffled = rows.map((r) => ({ r, k: random() })).sort((a, b) => a.k - b.k).map((x) => x.r);
  const taken = new Map<string, number>();
  return shuffled.filter((r) => {
    const label = r[labelColumn] ?? '';
    const n = taken.get(label) ?? 0;
    if (n >= perClass) return false;
    taken.set(label, n + 1);
    return true;
  });
}
