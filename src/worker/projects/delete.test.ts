/** Deleting the open project while an autosave is in flight: the save must not write it back. */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { projectsApi } from './index';
import { state } from '../state';
import type { ProjectUi } from './protocol';

const ui: ProjectUi = { opened: null, imported: null, backbone: null, features: null, synthetic: false, trainResult: null, predictions: null };

describe('deleteProject', () => {
  it('waits for the save in flight, and later saves do not re-create the project', async () => {
    const rows = [{ rowIndex: 0, coverPath: 'a.jpg', imageHash: 'h', target: 'rock', values: {} }];
    Object.assign(state, {
      rows, csvPath: 'music/dataset.csv', files: new Map(), dense: {},
      table: { columns: ['cover', 'genre'], rows: [], delimiter: ',', warnings: [] },
      mapping: { cover: 'cover', target: 'genre', text: [], categorical: [], numeric: [], group: null, ignore: [] },
    });
    const first = await projectsApi.saveProject({ step: 'data', ui });
    expect((await projectsApi.listProjects()).map((p) => p.id)).toEqual([first!.id]);
    const inFlight = projectsApi.saveProject({ step: 'models', ui }); // the autosave of a step change
    await projectsApi.deleteProject(first!.id);
    await inFlight;
    expect(await projectsApi.saveProject({ step: 'predict', ui })).toBeNull();
    expect(await projectsApi.listProjects()).toEqual([]);
  });
});
