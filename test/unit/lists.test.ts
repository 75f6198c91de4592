/** util/lists: list helpers the engine and the UI share. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maxOf, pushAll, sameList, withItem } from '../../src/util/lists.js';

test('sameList: the same items in the same order', () => {
  const a = [1, 2];
  assert.ok(sameList(a, a));
  assert.ok(sameList([1, 2], [1, 2]));
  assert.ok(!sameList([1, 2], [2, 1]));
  assert.ok(!sameList([1], [1, 1]));
});

test('pushAll: any number of items, where push(...items) overflows the stack', () => {
  const many = Array.from({ length: 500_000 }, (_, i) => i);
  assert.throws(() => ([] as number[]).push(...many), RangeError, 'the spread this replaces');
  const target = [-1];
  assert.equal(pushAll(target, many), target);
  assert.equal(target.length, 500_001);
  assert.equal(target[500_000], 499_999);
  assert.deepEqual(pushAll([], new Set(['a', 'b'])), ['a', 'b']);
});

test('maxOf: the largest of start and every value, for lists a spread cannot take', () => {
  assert.equal(
    maxOf([], (x: number) => x),
    -Infinity,
  );
  assert.equal(
    maxOf([], (x: number) => x, 1),
    1,
  );
  assert.equal(
    maxOf([3, 9, 2], (x) => x, 1),
    9,
  );
  assert.equal(
    maxOf(['ab', 'abcd'], (s) => s.length, 0),
    4,
  );
  const many = Array.from({ length: 500_000 }, (_, i) => i);
  assert.equal(
    maxOf(many, (x) => x),
    499_999,
  );
});

test('withItem: a new list of one for an empty list, the same list pushed otherwise', () => {
  const empty: number[] = [];
  const one = withItem(empty, 7);
  assert.deepEqual(one, [7]);
  assert.deepEqual(empty, [], 'the empty list is left as it was');
  const two = withItem(one, 8);
  assert.equal(two, one, 'a list with items is pushed in place');
  assert.deepEqual(two, [7, 8]);
  // As the engine uses it on a field, over many additions: the items in order.
  const r = { list: [] as number[] };
  for (let i = 0; i < 100; i++) r.list = withItem(r.list, i);
  assert.deepEqual(
    r.list,
    Array.from({ length: 100 }, (_, i) => i),
  );
});
