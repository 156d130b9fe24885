/** Without IndexedDB (a private window, blocked site data) saving fails with a clear message and nothing else breaks. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { projectsApi } from './index';
import { state } from '../state';

afterEach(() => vi.unstubAllGlobals());

describe('projects without storage', () => {
  it('says storage is unavailable and leaves the dataset in memory untouched', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const rows = [{ rowIndex: 0, coverPath: 'a.jpg', imageHash: 'h', target: 'rock', values: {} }];
    Object.assign(state, { rows, mapping: { cover: 'cover', target: 'genre', text: [], categorical: [], numeric: [], group: null, ignore: [] } });
    const ui = { opened: null, imported: null, backbone: null, features: null, synthetic: false, trainResult: null, predictions: null };
    await expect(projectsApi.saveProject({ step: 'data', ui })).rejects.toMatchObject({ kind: 'unavailable', message: expect.stringMatching(/cannot be saved here.*keeps working/) });
    await expect(projectsApi.listProjects()).rejects.toThrow(/private window/);
    expect(state.rows).toBe(rows);
  });
});
