/** How the spreadsheet import tells a changed record from an unchanged one. */

/** Objects with their keys in order (jsonb keeps its own order), undefined and empty texts left out. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, item]) => item !== undefined && item !== null && item !== "")
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, item]) => [key, canonical(item)]),
    );
  return value;
}

export const sameJson = (a: unknown, b: unknown): boolean =>
  JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/** Whether `stored` already holds every field `wanted` gives (fields the file never says are not compared). */
export function holds(stored: Record<string, unknown>, wanted: Record<string, unknown>): boolean {
  return Object.keys(wanted).every((key) => sameJson({ v: stored[key] }, { v: wanted[key] }));
}
