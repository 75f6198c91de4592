/** util/multimap: lists and sets under keys, the key dropped with its last item. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addTo, addToSet, removeFrom, removeFromSet } from '../../src/util/multimap.js';

test('addTo / removeFrom: items in the order added, the key gone with the last', () => {
  const m = new Map<string, number[]>();
  addTo(m, 'a', 1);
  addTo(m, 'a', 2);
  addTo(m, 'b', 3);
  assert.deepEqual(
    [...m],
    [
      ['a', [1, 2]],
      ['b', [3]],
    ],
  );
  removeFrom(m, 'a', 1);
  removeFrom(m, 'b', 3);
  removeFrom(m, 'c', 9);
  assert.deepEqual([...m], [['a', [2]]]);
});

test('addToSet / removeFromSet: each item once, whether it was new, the key gone with the last', () => {
  const m = new Map<string, Set<number>>();
  assert.equal(addToSet(m, 'a', 1), true);
  assert.equal(addToSet(m, 'a', 1), false);
  assert.equal(addToSet(m, 'a', 2), true);
  assert.deepEqual([...m.get('a')!], [1, 2]);
  removeFromSet(m, 'a', 1);
  removeFromSet(m, 'a', 7);
  removeFromSet(m, 'z', 1);
  assert.deepEqual([...m.get('a')!], [2]);
  removeFromSet(m, 'a', 2);
  assert.equal(m.has('a'), false);
});
