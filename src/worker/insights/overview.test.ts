import { afterEach, describe, expect, it } from 'vitest';
import { entryFor } from './overview';
import { training } from '../training';
import type { Leaderboard, LeaderboardEntry, ModelInput } from '../../lib/models';

const entry = (key: string, featureGroups: string[]) => ({ key, featureGroups, cv: { balancedAccuracy: 0.5 }, error: undefined }) as unknown as LeaderboardEntry;

function trainWith(entries: LeaderboardEntry[], keptKey: string) {
  training.leaderboard = { entries } as unknown as Leaderboard;
  training.input = { n: 0 } as ModelInput;
  training.finalModelKey = keptKey;
}

afterEach(() => Object.assign(training, { leaderboard: null, input: null, finalModelKey: null }));

describe('entryFor: the model the insights explain by default', () => {
  it('is the kept model when it reads the cover', () => {
    trainWith([entry('a', ['style', 'colour']), entry('b', ['cover', 'colour'])], 'b');
    expect(entryFor(null).key).toBe('b');
  });

  it('is the best model that reads the cover when the kept one does not, and any model the user asks for', () => {
    trainWith([entry('style', ['style', 'colour']), entry('text', ['text:lyrics']), entry('cover', ['cover']), entry('cover2', ['cover'])], 'style');
    expect(entryFor(null).key).toBe('cover');
    expect(entryFor('style').key).toBe('style');
  });

  it('falls back to the kept model when no model reads the cover', () => {
    trainWith([entry('colour', ['colour']), entry('text', ['text:lyrics'])], 'text');
    expect(entryFor(undefined).key).toBe('text');
  });
});
