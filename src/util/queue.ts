/**
 * A first-in, first-out list that takes from its front in O(1) amortized: the front moves on
 * instead of a shift() that moves every element, and the taken part is cut off once it is both
 * past COMPACT_AFTER entries and more than half of the list (each element is moved at most once
 * per cut, so a cut costs no more than the takes before it). Indexes count from the oldest kept.
 */
const COMPACT_AFTER = 64;

export class Queue<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(x: T): void {
    this.items.push(x);
  }

  /** The i-th element kept, 0 the oldest (i in [0, length)). */
  at(i: number): T {
    return this.items[this.head + i];
  }

  /** The oldest element, if any. */
  first(): T | undefined {
    return this.length > 0 ? this.items[this.head] : undefined;
  }

  /** The newest element, if any. */
  last(): T | undefined {
    return this.length > 0 ? this.items[this.items.length - 1] : undefined;
  }

  /** Takes the oldest element (undefined if none). */
  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const x = this.items[this.head++];
    if (this.head > COMPACT_AFTER && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return x;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}
