/**
 * Many routers of one group acting as master at the same time (a flood, a spoofing tool): up to
 * nine, every pair is a split brain of its own; beyond, each router is compared with the first eight
 * others heard, so that the pairs stay linear in number, and duplicate-master reports the first 36
 * pairs (its `pairs` option) each on its own and the rest as one finding: bounded in number.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Scenario, type RouterSpec } from '../support/scenario.js';
import type { Finding } from '../../src/report/types.js';
import { verdict } from '../../src/monitor/verdict.js';
import { groupMetrics } from '../../src/render/nagios.js';
import { prometheusLines } from '../../src/render/prometheus.js';

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

/** The pairs of routers duplicate-master reports each on its own ("a b" in text order), and the finding of the rest. */
function pairs(n: number): { pairs: Set<string>; rest: Finding | undefined } {
  const { s } = together(n);
  const found = s.analyze().findings.filter((f) => f.rule === 'duplicate-master');
  const rest = found.filter((f) => f.messageId === 'manyMasters');
  assert.ok(rest.length <= 1, 'one finding for the further pairs');
  const own = found.filter((f) => f.messageId !== 'manyMasters');
  return { pairs: new Set(own.map((f) => [...f.routers].sort().join(' '))), rest: rest[0] };
}

const addr = (i: number) => `10.99.3.${i + 1}`;
const pair = (i: number, j: number) => [addr(i), addr(j)].sort().join(' ');

test('nine masters at once: every pair is a split brain of its own', () => {
  const expected = new Set<string>();
  for (let i = 0; i < 9; i++) for (let j = i + 1; j < 9; j++) expected.add(pair(i, j));
  const got = pairs(9);
  assert.deepEqual(got.pairs, expected);
  assert.equal(got.rest, undefined);
});

test('twelve masters at once: the 36 pairs of the first nine on their own, the further ones (each with the first eight) one finding', () => {
  // Each of the last three is compared with the first eight only: 24 further pairs, not the 30 of
  // every two. Their routers: the last three and the first eight.
  const expected = new Set<string>();
  for (let i = 0; i < 9; i++) for (let j = i + 1; j < 9; j++) expected.add(pair(i, j));
  const got = pairs(12);
  assert.deepEqual(got.pairs, expected);
  assert.equal(got.rest?.data.count, 11);
  assert.deepEqual(new Set(got.rest?.routers), new Set([0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11].map(addr)));
});

test('a thousand masters at once: the findings stay bounded, every router counted', () => {
  const { s } = together(1000);
  const report = s.analyze();
  const g = report.groups[0];
  assert.equal(g.routers.length, 1000);
  assert.equal(g.state.status, 'split-brain');
  // Every pair would be 499,500 findings; a finding per pair the election compares, about 19,000.
  const found = report.findings.filter((f) => f.rule === 'duplicate-master');
  assert.equal(found.length, 37);
  const rest = found.find((f) => f.messageId === 'manyMasters')!;
  assert.equal(rest.routers.length, 16, 'the finding names 16 and counts the rest');
  const named = new Set(found.filter((f) => f !== rest).flatMap((f) => f.routers));
  assert.ok(named.size + Number(rest.data.count) >= 1000, `${named.size} + ${rest.data.count} routers`);
  assert.match(rest.message, /^\d+ routers \(.* and \d+ more\) acted as master of VRID 51/);
});

test('1,100 masters at once: the state lists the latest 1000 to take over and counts them all', () => {
  const s = new Scenario();
  for (let i = 0; i < 1100; i++) {
    const r = {
      address: `10.99.${4 + (i >> 8)}.${i & 255}`,
      mac: `02:99:04:00:${hex(i >> 8)}:${hex(i & 255)}`,
      priority: 100,
    };
    s.every(i / 1000, 10 + i / 1000, 1, r);
  }
  const report = s.analyze();
  const st = report.groups[0].state;
  assert.equal(st.masters.length, 1000);
  assert.equal(st.masterCount, 1100);
  // The latest to take over first.
  assert.equal(st.masters[0], '10.99.8.75');
  const v = verdict(report, { expect: { masters: [], vrids: [] }, failOn: 'none' });
  assert.match(v.groups[0].problems[0].text, /^split brain on VRID 51 ipv4 \(10\.99\.8\.75, .* and 1092 more\)$/);
  assert.deepEqual(
    groupMetrics(report.groups[0]).find((m) => m.name === 'masters'),
    { name: 'masters', value: 1100, crit: '1:1', min: 0 },
  );
  assert.ok(
    [...prometheusLines(report, { version: 't', now: null })].some((l) =>
      /^vrrpscope_group_masters\{.*\} 1100$/.test(l),
    ),
  );
});

const hex = (n: number) => n.toString(16).padStart(2, '0');
