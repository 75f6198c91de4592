import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ageLevel, ageText, cell, clean, clock, fit, secs, span, wrap } from '../../src/ui/format.js';
import { bytesText, progressFraction, progressText } from '../../src/ui/progress-text.js';

test('fit, cell and wrap keep to the width', () => {
  assert.equal(fit('10.99.0.100', 20), '10.99.0.100');
  assert.equal(fit('10.99.0.100', 6), '10.99…');
  assert.equal(fit('abc', 1), '…');
  assert.equal(fit('abc', 0), '');
  assert.equal(cell('ab', 4), 'ab  ');
  assert.equal(cell('ab', 4, true), '  ab');
  assert.deepEqual(wrap('one two three four', 9), ['one two', 'three', 'four']);
  assert.deepEqual(wrap('abcdefghij', 4), ['abcd', 'efgh', 'ij']);
  assert.deepEqual(wrap('', 4), ['']);
});

test('clean: control characters never reach the terminal (and clean text is unchanged)', () => {
  assert.equal(clean('evil\u001b[2Jname\u0007'), 'evil\\x1b[2Jname\\x07');
  assert.equal(clean(clean('a\u009bb')), clean('a\u009bb'));
  assert.equal(clean('10.99.0.1'), '10.99.0.1');
});

test('times and durations', () => {
  assert.equal(clock(1795566612.254652), '00:30:12.255');
  assert.equal(secs(3.6094), '3.609 s');
  assert.equal(secs(null), '-');
  assert.equal(span(21.62), '21.6 s');
  assert.equal(span(245), '4 min 05 s');
  assert.equal(span(7380), '2 h 03 min');
});

test('advert age against the master-down interval: late from half, over past it, said in text', () => {
  assert.equal(ageLevel(0.4, 3.6), 'ok');
  assert.equal(ageLevel(1.9, 3.6), 'late');
  assert.equal(ageLevel(3.6, 3.6), 'over');
  assert.equal(ageLevel(null, 3.6), 'ok');
  assert.equal(ageText(0.4, 3.6), '0.4/3.6 s');
  assert.equal(ageText(2.5, 3.6), '2.5/3.6 s !');
  assert.equal(ageText(12, 3.6), '12.0/3.6 s !!');
  assert.equal(ageText(0.4, null), '0.4 s');
  assert.equal(ageText(null, 3.6), '-');
});

test('progress text: bar, percentage and sizes within the width; unknown total', () => {
  const t = progressText(12.3 * 1024 * 1024, 27.3 * 1024 * 1024, 60);
  assert.equal(t.length, 60);
  assert.match(t, /^\[=+> +\] {2}45% {2}12\.3 MiB of 27\.3 MiB$/);
  assert.equal(progressText(0, 1000, 40), '[>                 ]   0%  0 B of 1000 B');
  assert.match(progressText(5000, 5000, 40), /^\[=+\] 100%/);
  assert.match(progressText(9999, 5000, 40), /^\[=+\] 100%/, 'clamped');
  assert.equal(progressText(1536, null, 40), '1.5 KiB read');
  assert.equal(progressText(1536, 0, 40, 'stdin'), 'stdin 1.5 KiB read');
  assert.equal(progressText(1, 2, 8), '50%', 'too narrow for a bar');
  assert.equal(progressText(1, 2, 60, 'a\u001bb').startsWith('a\\x1bb ['), true, 'the label is escaped');
  for (const w of [10, 20, 33, 80, 200]) assert.ok(progressText(123456, 987654, w).length <= w);
  assert.equal(progressFraction(5, 0), null);
  assert.equal(progressFraction(5, 10), 0.5);
  assert.equal(bytesText(512), '512 B');
  assert.equal(bytesText(3 * 1024 ** 3), '3.0 GiB');
});
