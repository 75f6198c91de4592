/**
 * Deadlines in a binary min-heap: what the packet-time clock must act on next, found in O(log n)
 * instead of polling everything on every packet. Entries are never updated in place: a later
 * deadline for the same item is pushed anew, and the caller tells stale entries apart when they
 * come due (lazy deletion), so a push costs O(log n) and nothing else.
 */
export class Deadlines<T> {
  private readonly at: number[] = [];
  private readonly items: T[] = [];

  get size(): number {
    return this.at.length;
  }

  /** The earliest deadline, Infinity when there is none. */
  peek(): number {
    return this.at.length ? this.at[0] : Infinity;
  }

  push(deadline: number, item: T): void {
    const at = this.at;
    const items = this.items;
    let i = at.length;
    at.push(deadline);
    items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (at[parent] <= deadline) break;
      at[i] = at[parent];
      items[i] = items[parent];
      i = parent;
    }
    at[i] = deadline;
    items[i] = item;
  }

  /** Removes and calls `fn` for every entry due before `now` (strictly), earliest first. */
  popBefore(now: number, fn: (item: T, deadline: number) => void): void {
    while (this.at.length && this.at[0] < now) {
      const deadline = this.at[0];
      const item = this.items[0];
      this.removeTop();
      fn(item, deadline);
    }
  }

  /** The same for every entry due at or before `now`. */
  popThrough(now: number, fn: (item: T, deadline: number) => void): void {
    while (this.at.length && this.at[0] <= now) {
      const deadline = this.at[0];
      const item = this.items[0];
      this.removeTop();
      fn(item, deadline);
    }
  }

  clear(): void {
    this.at.length = 0;
    this.items.length = 0;
  }

  private removeTop(): void {
    const at = this.at;
    const items = this.items;
    const lastAt = at.pop()!;
    const lastItem = items.pop()!;
    const n = at.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && at[r] < at[l] ? r : l;
      if (at[c] >= lastAt) break;
      at[i] = at[c];
      items[i] = items[c];
      i = c;
    }
    at[i] = lastAt;
    items[i] = lastItem;
  }
}
