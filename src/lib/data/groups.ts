/**
 * CV groups that keep byte-identical covers together. A track-level CSV repeats one album cover on
 * many rows; if those rows landed in different folds, the test fold would contain an image the model
 * was trained on and the CV score would be inflated. Rows are joined (union-find) when they share a
 * group value (e.g. the artist) or an image hash; each connected set is one group.
 */

export interface GroupedRow {
  imageHash: string;
  /** Value of the mapped group column; '' or undefined means unknown, which joins nothing. */
  group?: string;
}

/**
 * One group id per row, or undefined when no two rows need to stay together (no group values given
 * and every image unique): the caller then runs plain stratified K-fold.
 * Ids are the group value of the set's first row that has one, else `image:<hash>` of its first row.
 */
export function cvGroups(rows: GroupedRow[]): string[] | undefined {
  const parent = rows.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  // The lower index becomes the root, so a set's root is its first row.
  const union = (a: number, b: number) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const firstByHash = new Map<string, number>();
  const firstByValue = new Map<string, number>();
  let joined = false;
  rows.forEach((r, i) => {
    const sameImage = firstByHash.get(r.imageHash);
    if (sameImage === undefined) firstByHash.set(r.imageHash, i);
    else (union(sameImage, i), (joined = true));
    const value = r.group?.trim() ?? '';
    if (value === '') return;
    const sameValue = firstByValue.get(value);
    if (sameValue === undefined) firstByValue.set(value, i);
    else union(sameValue, i);
  });
  if (!joined && firstByValue.size === 0) return undefined;

  const nameOfRoot = new Map<number, string>();
  rows.forEach((r, i) => {
    const root = find(i);
    const value = r.group?.trim() ?? '';
    if (value !== '' && !nameOfRoot.has(root)) nameOfRoot.set(root, value);
  });
  return rows.map((_, i) => {
    const root = find(i);
    return nameOfRoot.get(root) ?? `image:${rows[root].imageHash}`;
  });
}
