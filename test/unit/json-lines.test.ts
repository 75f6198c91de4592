/** jsonLines: the pieces of a large report, which joined are exactly JSON.stringify(value, null, 2). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonLines } from '../../src/util/json-lines.js';
import { R1, R2, Scenario, VIP } from '../support/scenario.js';

const same = (value: object) => assert.equal([...jsonLines(value)].join('\n'), JSON.stringify(value, null, 2));

test('jsonLines joined is JSON.stringify(value, null, 2): lists, empty lists and objects, left-out fields', () => {
  same({});
  same({ a: 1 });
  same({ a: [], b: {}, c: [1, [2, []], { d: null }], e: 'x\ny "q" \u202e \ud83d\ude00', f: -0, g: 1e21 });
  same({ u: undefined, fn: () => 1, s: Symbol('x'), list: [undefined, () => 1, NaN, Infinity], last: undefined });
  same({ nested: { deep: [{ a: [{}] }] }, list: [{ a: 1 }, [], 'x', 2, true, null] });
  same({ date: new Date(0), list: [new Date(1), { toJSON: () => 'custom' }] });
});

test('jsonLines of a report: one piece per group and finding, never the whole report', () => {
  const s = new Scenario();
  s.every(0, 10, 1, R1);
  s.every(5, 15, 1, R2, { priority: 150 });
  s.garp(5.001, R2.mac, VIP);
  for (const vrid of [52, 53]) s.every(0, 15, 1, R1, { vrid, addresses: [`10.99.${vrid}.1`] });
  const report = s.analyze();
  same(report);
  const pieces = [...jsonLines(report)];
  const whole = JSON.stringify(report, null, 2);
  assert.ok(report.groups.length > 0 && report.findings.length > 0);
  assert.ok(Math.max(...pieces.map((p) => p.length)) < whole.length / 2, 'no piece is most of the report');
  assert.ok(
    pieces.some((p) => p.startsWith('    {') && p.includes('"vrid": 51')),
    'a group is a piece of its own',
  );
});

test('jsonLines splits a long list wherever it stands, and joined is still JSON.stringify', () => {
  const long = (n: number, f: (i: number) => unknown) => Array.from({ length: n }, (_, i) => f(i));
  same({ top: long(1500, (i) => i) });
  same({ groups: [{ id: 'g', routers: long(1001, (i) => ({ a: i, t: [i, { x: null }] })), small: long(3, String) }] });
  same({ groups: [{ deep: { inner: long(2000, (i) => (i % 3 ? undefined : () => i)) } }] });
  same({ groups: [[long(1200, (i) => [i])]], at: new Date(5), custom: { toJSON: () => long(1500, (i) => i) } });
  same({ groups: [{ routers: long(1001, (i) => i), empty: {}, none: [], gone: undefined, fn: () => 1 }] });
  same({ nullProto: Object.assign(Object.create(null) as object, { list: long(1100, (i) => `r${i}`) }) });
  // A group of 1,001 routers: written a thousand routers at a time, its other fields a piece each.
  const report = { groups: [{ id: 'g', routers: long(1001, (i) => ({ address: `10.0.${i >> 8}.${i & 255}` })) }] };
  const pieces = [...jsonLines(report)];
  const withRouters = pieces.filter((p) => p.includes('"address"'));
  assert.equal(withRouters.length, 2, 'two pieces of routers');
  assert.equal(withRouters[1], '        {\n          "address": "10.0.3.232"\n        }', 'the last router alone');
  assert.ok(pieces.includes('      "id": "g",'), 'the group written field by field');
});
