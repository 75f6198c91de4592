/**
 * The timeline strip draws what the report says, on every real recording: a "!" only where the
 * report has a split brain (one of its splitBrains, or a duplicate-master finding on a silent
 * master's announcement), a "-" only where it has no master (a no-master finding), at any width.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { groupStrip } from '../../src/ui/timeline-view.js';
import { CAPTURES } from '../support/paths.js';
import { realModel } from './helpers.js';

const recordings = readdirSync(join(CAPTURES, 'real'))
  .filter((f) => f.endsWith('.pcap'))
  .map((f) => f.slice(0, -'.pcap'.length))
  .sort();

test('strips of every recording: no "-" or "!" where the report has neither', async () => {
  assert.ok(recordings.length >= 20);
  let splits = 0;
  let gaps = 0;
  for (const name of recordings) {
    const model = await realModel(name);
    for (const g of model.groups) {
      // What the report itself says, read from its split brains and findings.
      const split = g.splitBrains.map((x) => [x.from, x.to]);
      for (const f of g.findings)
        if (f.rule === 'duplicate-master' && f.messageId === 'silentMaster') split.push([f.from, f.to]);
      const noMaster = g.findings.filter((f) => f.rule === 'no-master').map((f) => [f.from, f.to]);
      const hits = (spans: number[][], a: number, b: number) => spans.some(([x, y]) => x <= b && y >= a);
      for (const width of [40, 80, 200]) {
        for (const c of groupStrip(g, model.span, width)) {
          const where = `${name} ${g.id} width ${width}, cell ${c.from.toFixed(3)}-${c.to.toFixed(3)}`;
          if (c.char === '!') {
            assert.ok(hits(split, c.from, c.to), `${where}: "!" but the report has no split brain there`);
            splits++;
          }
          if (c.char === '-') {
            assert.ok(hits(noMaster, c.from, c.to), `${where}: "-" but the report has no no-master there`);
            gaps++;
          }
        }
      }
    }
  }
  assert.ok(splits > 0, 'the split-brain recordings draw their split brains');
  // No recording has a no-master finding: a timely takeover is never drawn as "no master".
  assert.equal(gaps, 0);
});
