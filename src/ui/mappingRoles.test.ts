import { describe, expect, it } from 'vitest';
import { assignRole, mappingFromRoles, rolesFromMapping } from './mappingRoles';

const columns = ['cover', 'genre', 'artist', 'album', 'year'];
const mapping = { cover: 'cover', target: 'genre', group: 'artist', text: ['album'], categorical: [], numeric: ['year'], ignore: [] };

describe('mapping roles', () => {
  it('round-trips a mapping through per-column roles', () => {
    const roles = rolesFromMapping(columns, mapping);
    expect(roles).toEqual({ cover: 'cover', genre: 'target', artist: 'group', album: 'text', year: 'numeric' });
    expect(mappingFromRoles(columns, roles)).toEqual(mapping);
  });

  it('keeps the target unique: the previous target becomes ignored', () => {
    const roles = assignRole(rolesFromMapping(columns, mapping), 'album', 'target');
    const m = mappingFromRoles(columns, roles);
    expect(m.target).toBe('album');
    expect(m.ignore).toEqual(['genre']);
    expect(m.text).toEqual([]);
  });

  it('allows several text columns', () => {
    const roles = assignRole(rolesFromMapping(columns, mapping), 'artist', 'text');
    expect(mappingFromRoles(columns, roles).text).toEqual(['artist', 'album']);
    expect(mappingFromRoles(columns, roles).group).toBeNull();
  });
});
