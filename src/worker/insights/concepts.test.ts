import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { genreConcepts } from './concepts';
import { training } from '../training';
import { cache, state } from '../state';
import { conceptsFeaturizerId } from '../../lib/features/featurize';
import type { Backbone } from '../../lib/features/backbone';
import type { Leaderboard } from '../../lib/models';
import { inputFrom } from '../../lib/models/testing/synthetic';

/** A backbone stand-in: the concepts read only its id, head and labels when every cover is cached. */
function fakeBackbone(head: boolean, labels: string[] | null): Backbone {
  return { spec: { id: 'fake-net', label: 'Fake net' }, cacheId: 'fake-net', hasClassifierHead: head, classLabels: labels } as unknown as Backbone;
}

function setTraining(hashes: string[], labels: number[]) {
  Object.assign(training, {
    leaderboard: { entries: [], foldOf: new Int32Array(hashes.length) } as unknown as Leaderboard,
    input: inputFrom({ cover: { rows: hashes.length, cols: 1, data: new Float32Array(hashes.length) } }),
    rows: hashes.map((h, i) => ({ rowIndex: i, coverPath: `${h}.jpg`, imageHash: h, target: String(labels[i]), values: {} })),
    labels: Int32Array.from(labels),
    classNames: ['rock', 'jazz'],
  });
}

describe('genreConcepts (worker)', () => {
  it('aggregates the cached top-5 labels of every training cover per genre', async () => {
    setTraining(['h1', 'h2', 'h3', 'h4'], [0, 0, 1, 1]);
    state.backbone = fakeBackbone(true, ['guitar', 'piano', 'book jacket', 'stage', 'crowd', 'neon']);
    const top = new Float32Array([0, 2, 3, 4, 5, /**/ 0, 2, 3, 4, 5, /**/ 1, 2, 3, 4, 5, /**/ 1, 2, 3, 4, 5]);
    await (await cache()).putBatch(conceptsFeaturizerId('fake-net'), ['h1', 'h2', 'h3', 'h4'], top, 5);
    const result = await genreConcepts(new AbortController().signal);
    expect(result.available).toBe(true);
    const [rock, jazz] = result.perClass;
    expect([rock.className, rock.covers, jazz.className, jazz.covers]).toEqual(['rock', 2, 'jazz', 2]);
    expect(rock.concepts[0]).toMatchObject({ label: 'guitar', count: 2, share: 1 });
    expect(jazz.concepts[0]).toMatchObject({ label: 'piano', count: 2, share: 1 });
    expect(rock.concepts.find((c) => c.label === 'stage')!.lift).toBeCloseTo(1, 9);
  });

  it('says why when the network has no classifier head or no labels', async () => {
    state.backbone = fakeBackbone(false, null);
    expect(await genreConcepts(new AbortController().signal)).toMatchObject({ available: false, perClass: [] });
    state.backbone = fakeBackbone(true, null);
    const r = await genreConcepts(new AbortController().signal);
    expect(r.available).toBe(false);
    expect(r.reason).toMatch(/labels/);
    state.backbone = null;
  });
});
