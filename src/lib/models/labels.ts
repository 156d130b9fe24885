/** Target strings → class indices, with class names sorted so the same data always gives the same indices. */
export function encodeLabels(targets: string[]): { labels: Int32Array; classNames: string[] } {
  const classNames = [...new Set(targets)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(classNames.map((c, i) => [c, i]));
  return { labels: Int32Array.from(targets, (t) => index.get(t)!), classNames };
}
