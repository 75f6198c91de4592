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
import { viewModel } from '../../src/ui/view-model.js';
import { logRows } from '../../src/ui/log-view.js';
import { flappingPair, twoSplitBrains } from '../support/scenario.js';

test('detail view: 130,000 transitions and 2,000 routers, every one a row', async () => {
  const m = await realModel('split-brain');
  const g = m.groups[0];
  const t = g.transitions[0];
  const r = g.routers[0];
  const l = g.liveness[0];
  const big = {
    ...g,
    transitions: Array.from({ length: 130_000 }, (_, i) => ({ ...t, time: t.time + i })),
    transitionCount: 130_000,
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

test('detail view of a long flapping history: how many periods and transitions, and where some are left out', () => {
  const model = viewModel(flappingPair(700).analyze(), { title: 't' });
  const g = model.groups[0];
  const text = detailRows(g, { span: null, live: false, width: 120 }).map(rowText);
  assert.ok(
    text.some((l) => l.includes('MASTER PERIODS') && l.includes('1400 (the first 500 and the latest 500 listed)')),
  );
  assert.ok(
    text.some((l) => l.includes('TRANSITIONS') && l.includes('1400 (the first 500 and the latest 500 listed)')),
  );
  assert.equal(text.filter((l) => /^\s*\.\.\.\s+400 more\s*$/.test(l)).length, 2);
  // The strip marks the stretch left out (as it marks a capture gap), not time without a master.
  assert.equal(g.episodes.gaps.length, 2);
  // The log: a line where transitions are left out, and every one counted.
  const history = model.log.filter((l) => l.kind !== 'finding');
  const gapLines = history.filter((l) => l.kind === 'gap');
  assert.deepEqual(
    gapLines.map((l) => [history.indexOf(l), l.left]),
    [[500, 400]],
  );
  assert.match(
    gapLines[0].text,
    /400 more transitions, not kept \(the report keeps the first 500 and the latest 500\)/,
  );
  const head = rowText(logRows(model.log, 120, 10, 0).rows[0]);
  assert.match(head, /LOG {2}1400 transitions, 1 finding /);
});

test('detail view: a group’s split brains, which two routers were master at once and for how long', () => {
  const model = viewModel(twoSplitBrains(60.5).analyze(), { title: 't' });
  const text = detailRows(model.groups[0], { span: null, live: false, width: 100 }).map(rowText);
  const at = text.findIndex((l) => l.startsWith('SPLIT BRAINS  2'));
  assert.ok(at > 0, text.join('\n'));
  assert.match(text[at + 2], /10\.99\.0\.1 and 10\.99\.0\.2 +00:00:00\.500 +00:00:20\.000 +19\.500 s/);
  assert.match(text[at + 3], /10\.99\.0\.1 and 10\.99\.0\.2 +00:00:40\.500 +00:01:00\.500 +20\.000 s/);
});
