/**
 * A full disk is the user's problem, said in one line with exit 2, never a bug report: standard
 * output on /dev/full for `packets` and `analyze`, and `live --write` to /dev/full (said at once,
 * while the analysis goes on).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CAPTURES, CLI } from '../support/paths.js';

const FULL = '/dev/full';
const skip = existsSync(FULL) ? false : '/dev/full is Linux only';
const PCAP = join(CAPTURES, 'real', 'flapping.pcap');

function run(args: string[], o: { stdoutFull?: boolean; input?: Buffer } = {}) {
  const out = o.stdoutFull ? openSync(FULL, 'w') : 'pipe';
  try {
    return spawnSync(process.execPath, [CLI, ...args], {
      input: o.input,
      stdio: ['pipe', out, 'pipe'],
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
    });
  } finally {
    if (typeof out === 'number') closeSync(out);
  }
}

test('standard output on a full disk: one line naming it, exit 2', { skip }, () => {
  for (const args of [
    ['packets', PCAP],
    ['analyze', '--format', 'json', PCAP],
    ['analyze', '--format', 'text', PCAP],
  ]) {
    const r = run(args, { stdoutFull: true });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr, 'vrrpscope: error: cannot write standard output: no space left on device (ENOSPC)\n');
  }
});

test('live --write to a full disk: said at once, the analysis goes on, exit 2', { skip }, () => {
  const r = run(['live', '-', '--write', FULL, '--format', 'json', '--fail-on', 'none'], { input: readFileSync(PCAP) });
  assert.equal(r.status, 2, r.stderr);
  assert.match(
    r.stderr,
    /^vrrpscope: error: \/dev\/full: cannot write the capture file: .*no space left on device.*; the analysis goes on\n$/,
  );
  assert.equal((JSON.parse(r.stdout) as { groups: unknown[] }).groups.length, 1, 'the report is still printed');
});
