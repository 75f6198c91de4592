/**
 * `analyze -o FILE`: every file format written to FILE through a temporary file beside it and
 * renamed into place once complete; a failure is one line, exit 2, and leaves nothing behind.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CAPTURES, CLI } from '../support/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-output-'));
const pcap = join(CAPTURES, 'real', 'master-crash-preempt.pcap');
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });

test('-o: text, json and html go to the file, the same as on standard output, and nothing else is left', () => {
  for (const format of ['text', 'json', 'html']) {
    const out = join(dir, `report.${format}`);
    writeFileSync(out, 'an older report');
    const r = cli('analyze', '--format', format, '-o', out, pcap);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '', `${format}: nothing on standard output`);
    assert.equal(readFileSync(out, 'utf8'), cli('analyze', '--format', format, pcap).stdout, format);
  }
  assert.deepEqual(readdirSync(dir).sort(), ['report.html', 'report.json', 'report.text']);
  // Without --format, -o writes text (never the terminal UI), without colours.
  const plain = join(dir, 'plain.txt');
  assert.equal(cli('analyze', '-o', plain, pcap).status, 0);
  // eslint-disable-next-line no-control-regex -- no escape sequence in a file
  assert.doesNotMatch(readFileSync(plain, 'utf8'), /\u001b/);
});

test('-o: a directory that does not exist, or a directory as the file: one line, exit 2, nothing left', () => {
  const missing = cli('analyze', '--format', 'json', '-o', join(dir, 'no', 'such', 'r.json'), pcap);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^vrrpscope: error: cannot write .*r\.json: no such directory \(ENOENT\)\n$/);
  const target = join(dir, 'a-directory');
  mkdirSync(target);
  writeFileSync(join(target, 'keep'), 'x');
  const before = readdirSync(dir).sort();
  const isDir = cli('analyze', '--format', 'html', '-o', target, pcap);
  assert.equal(isDir.status, 2);
  assert.equal(isDir.stderr.split('\n').length, 2, isDir.stderr);
  assert.match(isDir.stderr, /^vrrpscope: error: cannot write .*a-directory: /);
  assert.deepEqual(readdirSync(dir).sort(), before, 'no temporary file left');
  assert.deepEqual(readdirSync(target), ['keep']);
});

test('-o with the terminal UI is refused', () => {
  const r = cli('analyze', '--format', 'tui', '-o', join(dir, 'x'), pcap);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--output needs a file format/);
});
