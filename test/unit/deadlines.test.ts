import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Deadlines } from '../../src/util/deadlines.js';

test('deadlines come due earliest first, only once due, whatever the push order', () => {
  const d = new Deadlines<string>();
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) * 100;
  const pushed: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const at = rand();
    pushed.push(at);
    d.push(at, `x${i}`);
  }
  assert.equal(d.peek(), Math.min(...pushed));
  const due: number[] = [];
  d.popBefore(50, (_, at) => due.push(at));
  assert.deepEqual(
    due,
    pushed.filter((x) => x < 50).sort((a, b) => a - b),
  );
  assert.ok(d.peek() >= 50);
  const rest: number[] = [];
  d.popBefore(Infinity, (_, at) => rest.push(at));
  assert.deepEqual(
    rest,
    pushed.filter((x) => x >= 50).sort((a, b) => a - b),
  );
  assert.equal(d.size, 0);
  assert.equal(d.peek(), Infinity);
});
