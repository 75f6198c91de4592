/**
 * The output layer's last pass: nothing a terminal would act on leaves vrrpscope, whatever a
 * renderer forgot; tab, newline and colours (SGR) stay.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { safeJson, safeText, screenSafe, terminalSafe } from '../../src/util/text.js';

test('terminalSafe keeps text, tabs and newlines, and colours where asked (the text report on a terminal)', () => {
  const s = 'VRID 51\tmaster 10.0.0.1 \u001b[31m!! SPLIT BRAIN\u001b[0m\nnext line: Größe, 日本, fe80::1';
  assert.equal(terminalSafe(s, 'colour'), s);
  assert.equal(terminalSafe(s), s.replaceAll('\u001b', '\\x1b'));
});

test('terminalSafe escapes C0, ESC sequences other than colours, DEL, C1 and bidi controls', () => {
  const hostile = 'a\u001b]52;c;aGk=\u0007b\u001b[2Jc\rd\bE\u007fF\u009bG\u202eH\u2066I\u0000';
  const out = terminalSafe(hostile);
  assert.equal(terminalSafe(hostile, 'colour'), out.replace('\\x1b[2J', '\\x1b[2J'));
  assert.equal(out, 'a\\x1b]52;c;aGk=\\x07b\\x1b[2Jc\\x0dd\\x08E\\x7fF\\x9bG\\u{202e}H\\u{2066}I\\x00');
  // eslint-disable-next-line no-control-regex -- the point of the test
  assert.doesNotMatch(out, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  // What safeText already escaped is left as it is (no double escaping).
  assert.equal(terminalSafe(safeText(hostile)), safeText(hostile));
});

test('terminalSafe for JSON: \\u escapes, so the JSON stays valid and means the same', () => {
  const json = JSON.stringify({ name: 'x\u007f\u009b\u202ey' }).replace(/\\u007f/, '\u007f');
  const out = terminalSafe(json, 'json');
  assert.deepEqual(JSON.parse(out), { name: 'x\u007f\u009b\u202ey' });
  assert.equal(out, safeJson(json));
});

test('screenSafe (the UI): CSI drawing sequences and CR kept; OSC, DCS, lone ESC, BEL, BS, C1 and bidi escaped', () => {
  const drawing = '\u001b[2K\u001b[1A\u001b[G\u001b[?25l\u001b[38;5;208mSPLIT\u001b[39m\r\n\u001b[?1000h';
  assert.equal(screenSafe(drawing), drawing);
  assert.equal(
    screenSafe('a\u001b]0;pwned\u0007b\u001bPq\u001b\\c\u009b2Jd\u0008e\u202ef'),
    'a\\x1b]0;pwned\\x07b\\x1bPq\\x1b\\c\\x9b2Jd\\x08e\\u{202e}f',
  );
});
