/**
 * End-to-end live test in Linux network namespaces (needs root and keepalived; .ci/run provides
 * both): two keepalived routers on a bridge, `vrrpscope live br0` watching it, the master killed.
 * The new master, the takeover and its delay must be printed within one second of the takeover,
 * and the --write capture must analyze to the same timeline.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeCaptures } from '../../src/commands/analyze.js';
import { CLI, ROOT } from '../support/paths.js';
import { topologySkip } from './netns.js';

const skip = topologySkip();

test(
  'live: keepalived master killed; the takeover is printed within 1 s and --write analyzes the same',
  { skip: skip ?? false, timeout: 60_000 },
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-e2e-'));
    execFileSync(join(ROOT, 'test', 'e2e', 'live-failover.sh'), [dir, CLI], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 50_000,
    });

    const lines = readFileSync(join(dir, 'events.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => {
        const sp = l.indexOf(' ');
        return { printed: Number(l.slice(0, sp)), event: JSON.parse(l.slice(sp + 1)) as Record<string, unknown> };
      });
    const transitions = lines.filter((l) => l.event.event === 'transition');
    assert.deepEqual(
      transitions.map((l) => [l.event.from, l.event.to, l.event.cause]),
      [
        [null, '10.99.0.1', 'startup'],
        ['10.99.0.1', '10.99.0.2', 'master-down'],
      ],
    );
    const takeover = transitions[1];
    const at = takeover.event.time as number;
    assert.ok(takeover.printed - at < 1, `printed ${(takeover.printed - at).toFixed(3)} s after the takeover`);
    t.diagnostic(`takeover printed ${(takeover.printed - at).toFixed(3)} s after the new master's first advert`);
    assert.ok(Math.abs((takeover.event.delay as number) - 3.61) < 0.1, `delay ${String(takeover.event.delay)}`);
    assert.equal(Math.round((takeover.event.expectedDelay as number) * 1000) / 1000, 3.609);

    // keepalived's own notify log agrees.
    const notified = readFileSync(join(dir, 'transitions'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+/));
    const r2master = notified.find((f) => f[1] === 'r2' && f[3] === 'MASTER');
    assert.ok(r2master, 'keepalived logged r2 MASTER');
    assert.ok(Math.abs(Number(r2master[0]) - at) < 0.1, `keepalived says ${r2master[0]}, vrrpscope ${at}`);

    // State events were streamed, and the final report closes the stream.
    assert.ok(lines.some((l) => l.event.event === 'state'));
    const last = lines[lines.length - 1].event;
    assert.equal(last.event, 'report');

    // The --write file is a capture that analyzes to the same history.
    const { report } = await analyzeCaptures([join(dir, 'live.pcap')], { rules: {}, showSecrets: false });
    const live = last.report as typeof report;
    const history = (r: typeof report) =>
      r.groups.flatMap((g) => g.transitions.map((t) => `${t.from} ${t.to} ${t.cause}`));
    assert.deepEqual(history(report), history(live));
  },
);
