/**
 * What is worked out from a value kept elsewhere (figures kept per registry generation), once per
 * key and for as long as that value lives: when the keeper replaces it, what was derived from it
 * goes with it, so nothing here can outlive the data it was made from.
 */
const derived = new WeakMap<object, Map<string, unknown>>();

export function onceFor<T>(owner: object, key: string, make: () => T): T {
  let byKey = derived.get(owner);
  if (!byKey) {
    byKey = new Map();
    derived.set(owner, byKey);
  }
  if (!byKey.has(key)) byKey.set(key, make());
  return byKey.get(key) as T;
}
