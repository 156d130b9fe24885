/**
 * Which ImageNet concepts are typical of each genre: from every cover's top-5 labels of the backbone's
 * own ImageNet classifier, count per genre the covers with each label, and rank labels by lift
 *
 *   lift = (share in genre + α) / (share in all other genres + α),
 *
 * with a small α so that a label absent elsewhere gets a large but finite lift. Labels seen on too few
 * covers of the genre are left out: lift is noise on one or two covers.
 */
import type { GenreConcept } from '../../worker/insightsProtocol';

export interface ConceptOptions {
  /** Smoothing of both shares. */
  alpha?: number;
  /** A label needs at least this many covers of the genre … */
  minCount?: number;
  /** … and at least this share of them (whichever is more covers). */
  minShare?: number;
  /** Concepts kept per genre. */
  limit?: number;
}

export interface ClassConcepts {
  classIndex: number;
  /** Covers of this class that have top-5 labels. */
  covers: number;
  concepts: GenreConcept[];
}

/**
 * top[i]: the top-5 label indices of cover i (null = unknown, the cover is left out); classOf[i] its
 * class; labelNames maps a label index to its name. One entry per class, in class order.
 */
export function genreConceptTable(
  top: readonly (ArrayLike<number> | null)[],
  classOf: ArrayLike<number>,
  nClasses: number,
  labelNames: readonly string[],
  options: ConceptOptions = {},
): ClassConcepts[] {
  const { alpha = 0.01, minCount = 2, minShare = 0.05, limit = 12 } = options;
  const covers = new Float64Array(nClasses);
  // counts[c]: label index → covers of class c whose top 5 contain it (a label counts once per cover).
  const counts = Array.from({ length: nClasses }, () => new Map<number, number>());
  const total = new Map<number, number>();
  top.forEach((labels, i) => {
    if (!labels) return;
    const c = classOf[i];
    covers[c]++;
    for (const l of new Set(Array.from(labels))) {
      counts[c].set(l, (counts[c].get(l) ?? 0) + 1);
      total.set(l, (total.get(l) ?? 0) + 1);
    }
  });
  const allCovers = covers.reduce((s, v) => s + v, 0);
  return counts.map((byLabel, c) => {
    const n = covers[c];
    const others = allCovers - n;
    const needed = Math.max(minCount, Math.ceil(minShare * n));
    const concepts: GenreConcept[] = [];
    for (const [l, count] of byLabel) {
      if (count < needed) continue;
      const share = count / n;
      const otherShare = others > 0 ? (total.get(l)! - count) / others : 0;
      concepts.push({ label: labelNames[l] ?? `class ${l}`, count, share, lift: (share + alpha) / (otherShare + alpha) });
    }
    concepts.sort((a, b) => b.lift - a.lift || b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
    return { classIndex: c, covers: n, concepts: concepts.slice(0, limit) };
  });
}
