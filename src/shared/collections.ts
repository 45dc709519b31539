/**
 * Adds `value` to the list kept under `key`, in place: rebuilding the list on every addition
 * (`[...list, value]`) costs the square of the group's size, seconds for a group of thousands.
 */
export function appendTo<K, V>(groups: Map<K, V[]>, key: K, value: V): void {
  const group = groups.get(key);
  if (group) group.push(value);
  else groups.set(key, [value]);
}

/** The rows grouped by `keyOf`, each group in the rows' order, groups in order of first appearance. */
export function groupBy<K, T>(rows: Iterable<T>, keyOf: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) appendTo(groups, keyOf(row), row);
  return groups;
}

/** The list cut into lists of `size` (the last one shorter): rows a statement at a time. */
export const chunks = <T>(list: readonly T[], size = 500): T[][] =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));
