/** The rules' seconds(): what Number(s.toFixed(3)) gives, for every kind of value. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seconds } from '../../src/analyze/rules/util.js';

test('seconds() equals Number(toFixed(3)), ties and large values included', () => {
  const values = [
    0,
    -0,
    0.0005,
    -0.0005,
    1.0005,
    2.5,
    1.2345,
    1.2355,
    3.609375,
    0.1 + 0.2,
    1e9,
    1e12 + 0.0005,
    -3.0015,
  ];
  values.push(NaN, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE);
  let seed = 12345;
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let i = 0; i < 200_000; i++) {
    const scale = 10 ** Math.floor(rnd() * 8 - 2);
    values.push((rnd() - 0.3) * scale);
    // Exact ties in decimal, and their neighbours.
    const tie = (Math.floor(rnd() * 1e6) + 0.5) / 1000;
    values.push(tie, tie + Number.EPSILON * tie, tie - Number.EPSILON * tie, -tie);
  }
  // Differences of packet times, as the rules pass them.
  for (let i = 0; i < 100_000; i++) values.push(1795561300 + rnd() * 1e5 - (1795561300 + rnd() * 1e5));
  for (const v of values) assert.ok(Object.is(seconds(v), Number(v.toFixed(3))), `${v}`);
});
