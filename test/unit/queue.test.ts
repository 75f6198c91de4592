/** Queue: first in, first out, with its front cut off now and then; held to a plain array. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Queue } from '../../src/util/queue.js';
import { mulberry32 } from '../support/random.js';

test('Queue keeps what a plain array with push and shift keeps, across its cuts', () => {
  const rnd = mulberry32(5);
  const q = new Queue<number>();
  let model: number[] = [];
  let next = 0;
  for (let step = 0; step < 20_000; step++) {
    const r = rnd();
    // Runs of pushes and of takes, so that the front moves past the cut often.
    if (r < 0.55) {
      q.push(next);
      model.push(next++);
    } else if (r < 0.999) assert.equal(q.shift(), model.shift());
    else {
      q.clear();
      model = [];
    }
    assert.equal(q.length, model.length);
    assert.equal(q.first(), model[0]);
    assert.equal(q.last(), model[model.length - 1]);
    if (model.length > 0) {
      const i = Math.floor(rnd() * model.length);
      assert.equal(q.at(i), model[i]);
    }
  }
  assert.ok(next > 10_000, `${next} pushed`);
});

test('Queue: taking from an empty queue gives undefined and leaves it empty', () => {
  const q = new Queue<string>();
  assert.equal(q.shift(), undefined);
  assert.equal(q.length, 0);
  q.push('a');
  assert.equal(q.shift(), 'a');
  assert.equal(q.first(), undefined);
  assert.equal(q.last(), undefined);
});
