import type { ColumnMapping, ColumnRole } from '../lib/data/types';

/** One role per column, the shape a per-column select edits. */
export function rolesFromMapping(columns: readonly string[], m: ColumnMapping): Record<string, ColumnRole> {
  const roles: Record<string, ColumnRole> = {};
  for (const c of columns) {
    roles[c] =
      c === m.cover ? 'cover'
      : c === m.target ? 'target'
      : c === m.group ? 'group'
      : m.text.includes(c) ? 'text'
      : m.categorical.includes(c) ? 'categorical'
      : m.numeric.includes(c) ? 'numeric'
      : 'ignore';
  }
  return roles;
}

/**
 * Sets one column's role. cover, target and group are held by one column at most: giving the role
 * to another column sends the previous holder to 'ignore'.
 */
export function assignRole(roles: Record<string, ColumnRole>, column: string, role: ColumnRole): Record<string, ColumnRole> {
  const next = { ...roles };
  if (role === 'cover' || role === 'target' || role === 'group') {
    for (const c of Object.keys(next)) if (next[c] === role) next[c] = 'ignore';
  }
  next[column] = role;
  return next;
}

export function mappingFromRoles(columns: readonly string[], roles: Record<string, ColumnRole>): ColumnMapping {
  const of = (role: ColumnRole) => columns.filter((c) => roles[c] === role);
  return {
    cover: of('cover')[0] ?? null,
    target: of('target')[0] ?? null,
    group: of('group')[0] ?? null,
    text: of('text'),
    categorical: of('categorical'),
    numeric: of('numeric'),
    ignore: of('ignore'),
  };
}
