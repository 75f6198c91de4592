/**
 * The first `head` items of a sequence that may grow without end, its latest `tail`, and how many
 * it had: what a history shows of a day of failovers (how it began, how it stands) in memory that
 * does not grow with the day. Items between the two are dropped as they leave the latest `tail`
 * (each passed to `dropped` first, which a subclass may use to count them), in batches of `tail`:
 * O(1) amortized per item added in order (one added late costs a walk back to its place).
 */
import { withItem } from './lists.js';

/** `list` itself, or a new list of its first `head` and last `tail` items when it has more than both. */
export function headAndTail<T>(list: T[], head: number, tail: number): T[] {
  return list.length <= head + tail ? list : list.slice(0, head).concat(list.slice(list.length - tail));
}

export class HeadTail<T> {
  /** The first `head` items, then up to 2 * `tail` latest ones (trimmed to `tail` when full). */
  private items: T[] = [];
  /** Every item added, kept or not. */
  count = 0;

  constructor(
    private readonly head: number,
    private readonly tail: number,
  ) {}

  /** `x` leaves the items held (nothing here; a subclass may count it). */
  protected dropped(_x: T): void {}

  /** The latest item (undefined when none). */
  last(): T | undefined {
    return this.items[this.items.length - 1];
  }

  /** Adds `x` after every item. */
  push(x: T): void {
    this.items = withItem(this.items, x);
    this.count++;
    this.trim();
  }

  /**
   * Adds `x` before the run of items that `after` holds for: an item that arrives late goes to its
   * place in order. If that is among the first `head` once items were dropped, the last of those
   * moves to the latest, as their oldest (the next to be dropped: it is older than every item
   * dropped so far); if it is among the items dropped, `x` goes there too.
   */
  insert(x: T, after: (y: T) => boolean): void {
    const items = this.items;
    let i = items.length;
    while (i > 0 && after(items[i - 1])) i--;
    if (i === items.length) this.items = withItem(items, x);
    else items.splice(i, 0, x);
    this.count++;
    this.trim();
  }

  /** The items kept, in order: all of them, or the first `head` and then the latest `tail`. */
  kept(): T[] {
    const kept = headAndTail(this.items, this.head, this.tail);
    return kept === this.items ? kept.slice() : kept;
  }

  /** Every item still held (the kept ones and those about to be dropped), in order: for counting. */
  held(): readonly T[] {
    return this.items;
  }

  /** Drops the oldest `tail` of the latest items once there are 2 * `tail` of them. */
  private trim(): void {
    const items = this.items;
    if (items.length < this.head + 2 * this.tail) return;
    for (let i = this.head; i < this.head + this.tail; i++) this.dropped(items[i]);
    items.splice(this.head, this.tail);
  }
}
