/** Small display helpers shared by the panels. */
export function formatSeconds(s: number | null | undefined): string {
  if (s == null || !Number.isFinite(s)) return '–';
  if (s < 1) return `${Math.round(s * 1000)} ms`;
  if (s < 90) return `${s.toFixed(1)} s`;
  // Round to whole seconds first, so 119.6 s reads "2 min 0 s", never "1 min 60 s".
  const total = Math.round(s);
  if (total >= 3600) return `${Math.floor(total / 3600)} h ${Math.floor((total % 3600) / 60)} min`;
  return `${Math.floor(total / 60)} min ${total % 60} s`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

export function errorMessage(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  // comlink re-throws worker errors; keep only the message the user can act on.
  return raw.replace(/^Error: /, '');
}
