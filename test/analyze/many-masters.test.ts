/**
 * Many routers of one group acting as master at the same time (a flood, a spoofing tool): up to
 * nine, every pair is a split brain of its own; beyond, each router is compared with the first eight
 * others heard, so that the pairs (and duplicate-master's findings) stay linear in number.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Scenario, type RouterSpec } from '../support/scenario.js';

/** n routers on VRID 51 with the same address, all advertising every second for 10 s. */
function together(n: number): { s: Scenario; routers: RouterSpec[] } {
  const s = new Scenario();
  const routers = Array.from({ length: n }, (_, i) => ({
    address: `10.99.3.${i + 1}`,
    mac: `02:99:03:00:00:${(i + 1).toString(16).padStart(2, '0')}`,
    priority: 100 + (i % 100),
  }));
  for (const [i, r] of routers.entries()) s.every(i / 100, 10 + i / 100, 1, r);
  return { s, routers };
}

/** The pairs of routers duplicate-master reports, each as "a b" in text order. */
function pairs(n: number): Set<string> {
  const { s } = together(n);
  const found = s.analyze().findings.filter((f) => f.rule === 'duplicate-master');
  return new Set(found.map((f) => [...f.routers].sort().join(' ')));
}

const addr = (i: number) => `10.99.3.${i + 1}`;
const pair = (i: number, j: number) => [addr(i), addr(j)].sort().join(' ');

test('nine masters at once: every pair is a split brain of its own', () => {
  const expected = new Set<string>();
  for (let i = 0; i < 9; i++) for (let j = i + 1; j < 9; j++) expected.add(pair(i, j));
  assert.deepEqual(pairs(9), expected);
});

test('twelve masters at once: each is paired with the first eight others heard only', () => {
  // The first nine among themselves (36), and each of the last three with the first eight (24):
  // not the 66 pairs of every two.
  const expected = new Set<string>();
  for (let i = 0; i < 9; i++) for (let j = i + 1; j < 9; j++) expected.add(pair(i, j));
  for (let j = 9; j < 12; j++) for (let i = 0; i < 8; i++) expected.add(pair(i, j));
  assert.deepEqual(pairs(12), expected);
});

test('a thousand masters at once: the findings stay linear in number', () => {
  const { s } = together(1000);
  const report = s.analyze();
  const g = report.groups[0];
  assert.equal(g.routers.length, 1000);
  assert.equal(g.state.status, 'split-brain');
  // Every router is a second master of someone's; every pair would be 499,500 findings. (The
  // periods of a thousand masters keep ending and starting again, so a router meets more than
  // eight others over the capture: about nineteen here.)
  const found = report.findings.filter((f) => f.rule === 'duplicate-master');
  const named = new Set(found.flatMap((f) => f.routers));
  assert.equal(named.size, 1000);
  assert.ok(found.length < 30 * 1000, `${found.length} duplicate-master findings`);
});
