/**
 * Terminal and log injection: names and values from outside (file names, unknown commands and
 * options, option values) reach neither standard output nor standard error with a raw control
 * character, C1 control or bidi override, in text, JSON and NDJSON alike.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CAPTURES, CLI } from '../support/paths.js';

// eslint-disable-next-line no-control-regex -- finding raw control characters is the point
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const EVIL = 'e\u001b[2J\u001b]0;pwned\u0007\u009b31m\u202evil\u2066';

const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-inject-'));
const file = join(dir, `${EVIL}.pcap`);
copyFileSync(join(CAPTURES, 'real', 'flapping.pcap'), file);
const other = join(CAPTURES, 'real', 'healthy-pair.pcap');

test('nothing from outside reaches a terminal raw: file names, commands, options, values', () => {
  const cases = [
    ['analyze', '--format', 'text', file],
    ['analyze', '--format', 'json', file],
    ['analyze', '--format', 'html', file],
    ['packets', file, other],
    ['packets', '--format', 'ndjson', file, other],
    ['packets', join(dir, `missing${EVIL}.pcap`)],
    [`nope${EVIL}`],
    ['analyze', `--${EVIL}`, file],
    ['analyze', '--format', EVIL, file],
    ['packets', '--limit', EVIL, file],
    ['packets', '--only', EVIL, file],
    ['analyze', '--set', `flapping.${EVIL}=1`, file],
    ['analyze', '--rule', `${EVIL}=off`, file],
  ];
  for (const args of cases) {
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    const where = JSON.stringify(args);
    assert.doesNotMatch(r.stdout, RAW, `${where}: standard output`);
    assert.doesNotMatch(r.stderr, RAW, `${where}: standard error`);
    assert.ok(r.status === 0 || r.status === 1 || r.status === 2, `${where}: exit ${r.status}`);
  }
});
