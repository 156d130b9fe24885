/** The one list of blueprints. Adding a model = one file in blueprints/ + one line here. */
import type { Blueprint, BlenderBlueprint, RegistryEntry } from './types';
import { softmaxCover } from './blueprints/softmaxCover';
import { snnCover } from './blueprints/snn';
import { snnMultimodal } from './blueprints/snnMultimodal';
import { textTfidf } from './blueprints/textTfidf';
import { colourSoftmax } from './blueprints/colourSoftmax';
import { blender } from './blueprints/blender';

export const REGISTRY: readonly RegistryEntry[] = [softmaxCover, snnCover, snnMultimodal, textTfidf, colourSoftmax, blender];

export function getEntry(id: string, registry: readonly RegistryEntry[] = REGISTRY): RegistryEntry | undefined {
  return registry.find((b) => b.id === id);
}

/** A model blueprint by id, from the app's registry or a test's own. */
export function getBlueprint(id: string, registry: readonly RegistryEntry[] = REGISTRY): Blueprint {
  const b = getEntry(id, registry);
  if (!b || b.kind !== 'model') throw new Error(`unknown model blueprint '${id}'`);
  return b;
}

export function getBlender(id: string): BlenderBlueprint {
  const b = getEntry(id);
  if (!b || b.kind !== 'blender') throw new Error(`unknown blender '${id}'`);
  return b;
}
