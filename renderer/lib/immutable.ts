/**
 * Updates of collections held in `$state.raw`: each returns a new collection (the old one
 * is never changed), so assigning the result is what tells the UI to re-render.
 */

export function withEntry<K, V>(map: ReadonlyMap<K, V>, key: K, value: V): ReadonlyMap<K, V> {
  const next = new Map(map);
  next.set(key, value);
  return next;
}

export function withoutEntry<K, V>(map: ReadonlyMap<K, V>, key: K): ReadonlyMap<K, V> {
  const next = new Map(map);
  next.delete(key);
  return next;
}

export function keepEntries<K, V>(map: ReadonlyMap<K, V>, keep: (key: K, value: V) => boolean): ReadonlyMap<K, V> {
  return new Map([...map].filter(([key, value]) => keep(key, value)));
}

/** The set with `value` added, or removed when it was there. */
export function toggled<T>(set: ReadonlySet<T>, value: T): ReadonlySet<T> {
  const next = new Set(set);
  if (!next.delete(value)) next.add(value);
  return next;
}

export function withMember<T>(set: ReadonlySet<T>, value: T): ReadonlySet<T> {
  return set.has(value) ? set : new Set([...set, value]);
}

export function withoutMember<T>(set: ReadonlySet<T>, value: T): ReadonlySet<T> {
  return set.has(value) ? new Set([...set].filter((one) => one !== value)) : set;
}

export const emptyMap = <K, V>(): ReadonlyMap<K, V> => new Map();
export const emptySet = <T>(): ReadonlySet<T> => new Set();
