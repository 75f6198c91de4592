/** The same items in the same order (the same array, as a cache hands out again, at once). */
export function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * `list` with `item` added at its end: `list` itself, pushed, or for an empty list a new list of
 * one. A push into an empty array reserves 17 places; the state of 16,000 groups holds several
 * lists of one item per group and router (priorities, intervals, periods), 152 bytes each instead
 * of 24, that the collector copies while they are young. For a field: `x.list = withItem(x.list, v)`.
 */
export function withItem<T>(list: T[], item: T): T[] {
  if (list.length === 0) return [item];
  list.push(item);
  return list;
}

/**
 * target.push(...items) for a list of any length: spread arguments go on the stack, and past about
 * 100,000 of them (the transitions of a week of flapping, a flood of routers) the call throws.
 */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const x of items) target.push(x);
  return target;
}

/**
 * The largest of `start` and `of(item)` for every item: Math.max(start, ...items.map(of)) for a
 * list of any length (a spread past about 125,000 arguments throws, as in pushAll).
 */
export function maxOf<T>(items: Iterable<T>, of: (item: T) => number, start = -Infinity): number {
  let max = start;
  for (const x of items) {
    const v = of(x);
    if (v > max) max = v;
  }
  return max;
}

/**
 * The first `n` of `items` by `better` (negative: a before b; ties go to the earlier item), given
 * back in their own order: what a bounded view keeps of a long list.
 */
export function keepBest<T>(items: readonly T[], n: number, better: (a: T, b: T) => number): T[] {
  if (items.length <= n) return [...items];
  const order = items.map((_, i) => i).sort((a, b) => better(items[a], items[b]) || a - b);
  return order
    .slice(0, n)
    .sort((a, b) => a - b)
    .map((i) => items[i]);
}
