/** util/lists: list helpers the engine and the UI share. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maxOf, pushAll, sameList } from '../../src/util/lists.js';

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
