/** fanOut: every function called once per call, in order, with the argument, however many there are. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fanOut } from '../../src/util/fan-out.js';

test('fanOut calls each function once, in order, for lists shorter and longer than its unrolled sites', () => {
  for (const n of [0, 1, 2, 15, 16, 17, 40]) {
    const calls: [number, string][] = [];
    const fns = Array.from({ length: n }, (_, i) => (e: string) => void calls.push([i, e]));
    const all = fanOut(fns);
    all('a');
    all('b');
    const expected = [
      ...fns.map((_, i): [number, string] => [i, 'a']),
      ...fns.map((_, i): [number, string] => [i, 'b']),
    ];
    assert.deepEqual(calls, expected, `${n} functions`);
  }
});

test('fanOut keeps each bound method on its own object', () => {
  class Counter {
    n = 0;
    add(k: number): void {
      this.n += k;
    }
  }
  const counters = Array.from({ length: 20 }, () => new Counter());
  const all = fanOut(counters.map((c) => c.add.bind(c)));
  all(2);
  all(3);
  assert.deepEqual(
    counters.map((c) => c.n),
    counters.map(() => 5),
  );
});

test('fanOut passes both arguments on', () => {
  const seen: string[] = [];
  const all = fanOut([
    (a: string, b: number) => void seen.push(`${a}${b}`),
    (a: string, b: number) => void seen.push(`${b}${a}`),
  ]);
  all('x', 1);
  assert.deepEqual(seen, ['x1', '1x']);
});
