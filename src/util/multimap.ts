/**
 * Maps of lists and of sets: an item added under a key, or taken out (and the key dropped with its
 * last item).
 */

export function addTo<K, V>(map: Map<K, V[]>, key: K, item: V): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

/** Takes `item` out of the list under `key` (a short list: found by a look along it). */
export function removeFrom<K, V>(map: Map<K, V[]>, key: K, item: V): void {
  const list = map.get(key);
  if (!list) return;
  const i = list.indexOf(item);
  if (i < 0) return;
  if (list.length === 1) map.delete(key);
  else list.splice(i, 1);
}

/** Adds `item` to the set under `key` (each once, in O(1) however many share the key); whether it is new there. */
export function addToSet<K, V>(map: Map<K, Set<V>>, key: K, item: V): boolean {
  const set = map.get(key);
  if (!set) {
    map.set(key, new Set([item]));
    return true;
  }
  if (set.has(item)) return false;
  set.add(item);
  return true;
}

/** Takes `item` out of the set under `key`. */
export function removeFromSet<K, V>(map: Map<K, Set<V>>, key: K, item: V): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(item);
  if (set.size === 0) map.delete(key);
}
