/** util/lists: list helpers the engine and the UI share. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pushAll, sameList } from '../../src/util/lists.js';

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
