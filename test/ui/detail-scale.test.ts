/**
 * The detail view of a group far larger than a screen, and a group table of more groups than a
 * call spread can take (push(...rows), Math.max(...cells): the stack overflows past about 125,000),
 * without a look-up per router through every other.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detailRows } from '../../src/ui/detail.js';
import { groupTableRows } from '../../src/ui/group-table.js';
import { rowText } from '../../src/ui/lines.js';
import { realModel, threeGroups } from './helpers.js';

test('detail view: 130,000 transitions and 2,000 routers, every one a row', async () => {
  const m = await realModel('split-brain');
  const g = m.groups[0];
  const t = g.transitions[0];
  const r = g.routers[0];
  const l = g.liveness[0];
  const big = {
    ...g,
    transitions: Array.from({ length: 130_000 }, (_, i) => ({ ...t, time: t.time + i })),
    routers: Array.from({ length: 2000 }, (_, i) => ({ ...r, address: `10.9.${i >> 8}.${i & 255}` })),
    liveness: Array.from({ length: 2000 }, (_, i) => ({ ...l, address: `10.9.${i >> 8}.${i & 255}` })),
  };
  const rows = detailRows(big, { span: null, live: false, width: 100 });
  assert.ok(rows.length > 130_000 + 2 * 2000, `${rows.length} rows`);
});

test('group table: 130,000 groups measured for their columns, a window of them laid out', () => {
  const g = threeGroups().groups[0];
  const groups = Array.from({ length: 130_000 }, (_, i) => ({ ...g, id: `g${i}`, vrid: 1 + (i % 255) }));
  const rows = groupTableRows(groups, 5, 120, 0, 10);
  assert.equal(rows.length, 11, 'the head and the window');
  assert.match(rowText(rows[6]), /^>/, 'the selected group marked');
});
