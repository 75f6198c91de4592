/**
 * The live event stream never contradicts the report: every capture in captures/ (the synthesized
 * fixtures and the real recordings) replayed through `vrrpscope live - --format ndjson` announces
 * exactly the transitions of its final report (time, from, to, cause), each once. A consumer of the
 * events sees no cause that the report later changes.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createReadStream, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Report, TransitionReport } from '../../src/report/types.js';
import { CAPTURES, CLI } from '../support/paths.js';

const files = [
  ...readdirSync(CAPTURES)
    .filter((f) => /\.pcap(ng)?$/.test(f))
    .map((f) => join(CAPTURES, f)),
  ...readdirSync(join(CAPTURES, 'real'))
    .filter((f) => f.endsWith('.pcap'))
    .map((f) => join(CAPTURES, 'real', f)),
].sort();

interface Event {
  event: string;
  group?: string;
  report?: Report;
}

/** Runs `live - --format ndjson` with the capture on standard input; the parsed events. */
function replay(file: string): Promise<Event[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'live', '-', '--format', 'ndjson', '--fail-on', 'none'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`live - exited ${code}: ${err}`));
      else resolve(out.split('\n').flatMap((l) => (l ? [JSON.parse(l) as Event] : [])));
    });
    createReadStream(file).pipe(child.stdin);
  });
}

const key = (group: string, t: Pick<TransitionReport, 'time' | 'from' | 'to' | 'cause'>) =>
  `${group} ${t.time.toFixed(6)} ${t.from ?? '-'} -> ${t.to} ${t.cause}`;

test('live - announces exactly the transitions of its final report, for every capture in captures/', async () => {
  assert.ok(files.length >= 20, `captures found: ${files.length}`);
  // Two replays at a time: the machine has two cores.
  const queue = [...files];
  const worker = async () => {
    for (let f = queue.shift(); f; f = queue.shift()) {
      const events = await replay(f);
      const report = events.find((e) => e.event === 'report')?.report;
      assert.ok(report, `${f}: no report event`);
      const announced = events
        .filter((e) => e.event === 'transition')
        .map((e) => key(e.group!, e as unknown as TransitionReport))
        .sort();
      const reported = report.groups.flatMap((g) => g.transitions.map((t) => key(g.id, t))).sort();
      assert.deepEqual(announced, reported, `${f}: transition events vs the report`);
    }
  };
  await Promise.all([worker(), worker()]);
});
