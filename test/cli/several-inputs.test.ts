/**
 * One bad input does not lose the good ones: with several inputs, one whose first record is broken
 * is reported (exit 2) and left out, and every other input is read and analyzed in full.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Report } from '../../src/report/types.js';
import { CAPTURES, CLI } from '../support/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-inputs-'));
const good = join(CAPTURES, 'real', 'flapping.pcap');
const bad = join(dir, 'bad.pcap');
// A valid pcap header (taken from a real file), then a record claiming 2 GB.
const header = readFileSync(good).subarray(0, 24);
const record = Buffer.alloc(16);
record.writeUInt32LE(1795561300, 0);
record.writeUInt32LE(0x7ffffff0, 8);
record.writeUInt32LE(0x7ffffff0, 12);
writeFileSync(bad, Buffer.concat([header, record, Buffer.alloc(64)]));

const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

test('packets good.pcap bad.pcap: every frame of good.pcap is listed; bad.pcap is reported, exit 2', () => {
  const alone = run(['packets', good]);
  const both = run(['packets', good, bad]);
  assert.equal(both.status, 2, both.stderr);
  const frames = (s: string) => s.split('\n').filter((l) => /^\s*\d+ /.test(l)).length;
  assert.equal(frames(both.stdout), frames(alone.stdout));
  assert.ok(frames(alone.stdout) > 100);
  assert.match(both.stderr, /^vrrpscope: error: .*bad\.pcap: .*; the 0 frames before it were read\n$/);
});

test('analyze good.pcap bad.pcap: the good one analyzed in full, the bad one reported, exit 2', () => {
  const alone = JSON.parse(run(['analyze', '--format', 'json', '--fail-on', 'none', good]).stdout) as Report;
  const r = run(['analyze', '--format', 'json', '--fail-on', 'none', good, bad]);
  assert.equal(r.status, 2, r.stderr);
  const both = JSON.parse(r.stdout) as Report;
  const causes = (x: Report) => x.groups.flatMap((g) => g.transitions.map((t) => `${t.from} ${t.to} ${t.cause}`));
  assert.deepEqual(causes(both), causes(alone));
  assert.ok(both.inputs[1].error, 'the broken input carries its error in the report');
});
