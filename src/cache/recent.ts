// A Map as a bounded in-process cache: an entry set or read again becomes the newest, and the oldest goes first.

/** Set `key` as the newest entry of `map`, dropping the oldest while the map holds more than `limit`. */
export function keepRecent<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > limit) map.delete(map.keys().next().value!);
}
