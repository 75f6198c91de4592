/** util/head-tail: the first and the latest items of a sequence that may grow without end. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HeadTail } from '../../src/util/head-tail.js';

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

test('up to head + tail items: every one kept, in order', () => {
  const h = new HeadTail<number>(3, 2);
  assert.deepEqual(h.kept(), []);
  assert.equal(h.last(), undefined);
  for (const x of range(0, 5)) h.push(x);
  assert.deepEqual(h.kept(), [0, 1, 2, 3, 4]);
  assert.equal(h.count, 5);
  assert.equal(h.last(), 4);
});

test('past head + tail: the first head and the latest tail, the count of all, and memory that stays bounded', () => {
  const dropped: number[] = [];
  const h = new (class extends HeadTail<number> {
    protected override dropped(x: number): void {
      dropped.push(x);
    }
  })(3, 2);
  for (const n of [6, 7, 8, 50, 1001]) {
    while (h.count < n) h.push(h.count);
    assert.deepEqual(h.kept(), [0, 1, 2, n - 2, n - 1], `after ${n}`);
    assert.equal(h.count, n);
    assert.equal(h.last(), n - 1);
    // Held: the head and at most 2 * tail latest; everything else passed to dropped() once, in order.
    assert.ok(h.held().length < 3 + 2 * 2, `${h.held().length} held after ${n}`);
    assert.deepEqual(dropped, range(3, n - (h.held().length - 3)));
  }
});

test("insert: a late item goes to its place; into the head, the head's last becomes the oldest of the latest", () => {
  const h = new HeadTail<number>(2, 3);
  for (const x of [10, 20, 30, 40]) h.push(x);
  h.insert(25, (y) => y > 25);
  assert.deepEqual(h.kept(), [10, 20, 25, 30, 40]);
  h.insert(5, (y) => y > 5); // nothing dropped yet: it goes first
  assert.deepEqual(h.held(), [5, 10, 20, 25, 30, 40]);
  for (const x of [50, 60, 70, 80]) h.push(x);
  assert.equal(h.count, 10);
  assert.deepEqual(h.kept(), [5, 10, 60, 70, 80]);
  assert.deepEqual(h.held(), [5, 10, 40, 50, 60, 70, 80]);
  // Older than all: first; 10 moves to the latest as their oldest, and is dropped with the next batch.
  h.insert(1, (y) => y > 1);
  assert.deepEqual(h.held(), [1, 5, 60, 70, 80]);
  assert.equal(h.count, 11);
  h.insert(75, (y) => y > 75);
  assert.deepEqual(h.kept(), [1, 5, 70, 75, 80]);
  assert.equal(h.count, 12);
});
