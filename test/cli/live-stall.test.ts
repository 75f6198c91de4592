/**
 * `live -` on a stream that stalls ends on time: --duration and SIGTERM end the run while no byte
 * arrives, with the report printed; a duration beyond what a timer can hold (1000h) is no warning.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CAPTURES, CLI } from '../support/paths.js';

/** Starts `live -` with a standard input that stays open and silent; resolves with how it ended. */
function stalled(args: string[], signalAfterMs?: number): Promise<{ code: number | null; ms: number; out: string }> {
  return new Promise((resolve) => {
    const start = Date.now();
    const child = spawn(process.execPath, [CLI, 'live', '-', '--format', 'json', '--fail-on', 'none', ...args], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    if (signalAfterMs !== undefined) setTimeout(() => child.kill('SIGTERM'), signalAfterMs);
    const guard = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('close', (code) => {
      clearTimeout(guard);
      child.stdin.destroy();
      resolve({ code, ms: Date.now() - start, out });
    });
  });
}

test('a stalled stream: --duration 1s ends the run after about a second, with the report', async () => {
  const r = await stalled(['--duration', '1s']);
  assert.equal(r.code, 0);
  assert.ok(r.ms < 5000, `ended after ${r.ms} ms`);
  assert.equal((JSON.parse(r.out) as { schemaVersion: number }).schemaVersion, 3);
});

test('a stalled stream: SIGTERM ends the run at once, with the report', async () => {
  const r = await stalled([], 800);
  assert.equal(r.code, 0);
  assert.ok(r.ms < 5000, `ended after ${r.ms} ms`);
  assert.equal((JSON.parse(r.out) as { schemaVersion: number }).schemaVersion, 3);
});

test('--duration 1000h: no timer overflow warning', () => {
  const input = readFileSync(join(CAPTURES, 'real', 'flapping.pcap'));
  const r = spawnSync(process.execPath, [CLI, 'live', '-', '--duration', '1000h', '--format', 'json'], {
    input,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
});
