/** Maps of lists: an item added under a key, or taken out (and the key dropped with its last item). */

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
