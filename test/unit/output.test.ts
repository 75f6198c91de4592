/**
 * LineOutput: lines of any length go out whole and exact through one fixed buffer (a whole JSON
 * report is one line), multi-byte characters and surrogate pairs included at every piece boundary.
 */
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LineOutput } from '../../src/util/output.js';

test('long lines with multi-byte characters and surrogate pairs are written exactly', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'vrrpscope-output-')), 'out.txt');
  const fd = openSync(path, 'w');
  // 3.5 million UTF-16 units: several pieces of the 1 MiB buffer, each boundary landing somewhere
  // in a run of 1-, 2-, 3- and 4-byte characters.
  const unit = 'a\u00e9\u20ac\u{1f600}b';
  const long = unit.repeat(Math.ceil(3_500_000 / unit.length));
  const lines = ['short', long, '', 'x\u{1f600}'.repeat(400_000), 'end'];
  const out = new LineOutput(fd, 'out.txt');
  for (const l of lines) out.line(l);
  out.flush();
  closeSync(fd);
  assert.equal(readFileSync(path, 'utf8'), lines.join('\n') + '\n');
});
