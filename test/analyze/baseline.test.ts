/**
 * Baselines: findings compared by rule, group and routers, as a multiset (two findings with one
 * key need two in the baseline), in linear time even when every finding shares one key.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baselineProblem, compareWithBaseline, findingKey } from '../../src/analyze/baseline.js';
import type { Finding } from '../../src/report/types.js';

const finding = (rule: string, routers: string[], group = 'ipv4/vrid51'): Finding => ({
  rule,
  severity: 'error',
  group,
  from: 0,
  to: 0,
  routers,
  addresses: [],
  frames: [],
  frameCount: 0,
  message: `${rule} ${routers.join(' ')}`,
  messageId: 'x',
  data: {},
});

test('the key ignores the order of routers; a multiset: counts matter', () => {
  assert.equal(findingKey(finding('a', ['10.0.0.2', '10.0.0.1'])), findingKey(finding('a', ['10.0.0.1', '10.0.0.2'])));
  const one = finding('arp-conflict', ['10.0.0.1']);
  const other = finding('flapping', ['10.0.0.1']);
  const diff = compareWithBaseline({ findings: [one, one, other] } as never, { findings: [one, other, other] });
  assert.deepEqual(diff.added, [one]);
  assert.deepEqual(diff.missing, [other]);
});

test('200,000 baseline findings with one key: every one matched but the last, none copied per finding', () => {
  const base = Array.from({ length: 200_000 }, () => finding('arp-conflict', ['10.0.0.1']));
  const diff = compareWithBaseline({ findings: base.slice(1) } as never, { findings: base });
  assert.equal(diff.added.length, 0);
  assert.equal(diff.missing.length, 1);
});

test('a baseline is checked field by field before it is used', () => {
  assert.match(baselineProblem([])!, /schemaVersion/);
  assert.match(baselineProblem({ schemaVersion: 9, findings: [] })!, /unsupported schemaVersion 9/);
  assert.equal(
    baselineProblem({ schemaVersion: 2, findings: [{ rule: 'x', routers: [], message: 3 }] }),
    'finding 1: "message" is not a string',
  );
  assert.equal(baselineProblem({ schemaVersion: 2, findings: [finding('a', ['b'])] }), null);
});
