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
 * The reference lists, with the image featurizer as a dimension so CV picks the representation on the user's
 * own data: "final layer + colour" (what the network recognises) beside "style + colour" (how the cover looks)
 * when the network offers style features, and "image only" with every image group. Then "text only",
 * "cover + text" when there are text columns, and "all features". At most six lists (each costs a full CV per
 * blueprint); lists that would duplicate an earlier one are left out.
 */
export function defaultFeatureLists(input: ModelInput): FeatureList[] {
  const all = availableGroups(input);
  const dense = all.filter((g) => groupKind(g) === 'dense');
  const text = all.filter((g) => groupKind(g) === 'text');
  const has = (g: string) => g in input.dense;
  const withStyle = has('cover') && has('style');
  const others = dense.filter((g) => g !== 'cover' && g !== 'style'); // colour and any weight-free group
  const candidates: FeatureList[] = [
    { id: 'final-layer', name: 'final layer + colour', groups: withStyle ? ['cover', ...others] : [] },
    { id: 'style', name: 'style + colour', groups: withStyle ? ['style', ...others] : [] },
    { id: 'image-only', name: 'image only', groups: dense },
    { id: 'text-only', name: 'text only', groups: text },
    { id: 'cover-text', name: 'cover + text', groups: has('cover') && text.length ? ['cover', ...text] : [] },
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
