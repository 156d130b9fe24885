/**
 * Feature groups and feature lists. Group ids: a key of `ModelInput.dense` ('cover', 'colour', …),
 * `text:<column>`, `cat:<column>`, `num:<column>`. Dense groups all come from the image.
 */
import type { FeatureGroupId, FeatureList, ModelInput } from './types';

export type GroupKind = 'dense' | 'text' | 'cat' | 'num';

export function groupKind(g: FeatureGroupId): GroupKind {
  if (g.startsWith('text:')) return 'text';
  if (g.startsWith('cat:')) return 'cat';
  if (g.startsWith('num:')) return 'num';
  return 'dense';
}

/** Every group the input offers, in a stable order: dense, text, categorical, numeric. */
export function availableGroups(input: ModelInput): FeatureGroupId[] {
  return [
    ...Object.keys(input.dense),
    ...Object.keys(input.text).map((c) => `text:${c}`),
    ...Object.keys(input.categorical).map((c) => `cat:${c}`),
    ...Object.keys(input.numeric).map((c) => `num:${c}`),
  ];
}

/** Groups of the list that the input actually has. */
export function presentGroups(input: ModelInput, list: FeatureList): FeatureGroupId[] {
  const have = new Set(availableGroups(input));
  return list.groups.filter((g) => have.has(g));
}

export function customFeatureList(groups: FeatureGroupId[], name = 'custom', id = `custom:${groups.join('+')}`): FeatureList {
  return { id, name, groups: [...groups] };
}

/**
 * The reference lists: "image only" (all image-derived dense groups: cover embedding, colour),
 * "text only" and "cover + text" when there are text columns, and "all features".
 * Lists that would duplicate an earlier one are left out.
 */
export function defaultFeatureLists(input: ModelInput): FeatureList[] {
  const all = availableGroups(input);
  const dense = all.filter((g) => groupKind(g) === 'dense');
  const text = all.filter((g) => groupKind(g) === 'text');
  const candidates: FeatureList[] = [
    { id: 'image-only', name: 'image only', groups: dense },
    { id: 'text-only', name: 'text only', groups: text },
    { id: 'cover-text', name: 'cover + text', groups: 'cover' in input.dense ? ['cover', ...text] : [] },
    { id: 'all', name: 'all features', groups: all },
  ];
  const seen = new Set<string>();
  return candidates.filter((l) => {
    const key = [...l.groups].sort().join('|');
    if (l.groups.length === 0 || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
