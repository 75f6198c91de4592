/**
 * plainTable: the text report's tables laid out without `table`'s cost per cell, and exactly as
 * `table` lays them out (the package itself is the oracle).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getBorderCharacters, table } from 'table';
import { plainTable } from '../../src/render/report-text.js';
import { mulberry32 } from '../support/random.js';

/** The configuration the text report used with `table`. */
const PLAIN = {
  border: getBorderCharacters('void'),
  columnDefault: { paddingLeft: 0, paddingRight: 2 },
  drawHorizontalLine: () => false,
};

const same = (rows: string[][]) => assert.equal(plainTable(rows), table(rows, PLAIN), JSON.stringify(rows));

test('plainTable is table(rows, PLAIN) for printable ASCII: widths, empty cells and columns, spaces', () => {
  same([['a']]);
  same([['', '']]);
  same([
    ['a', ''],
    ['', 'd'],
  ]);
  same([
    ['router', 'mac', 'priority'],
    ['10.99.0.1 (unicast)', '02:99:00:00:00:01', '150 > 100'],
    ['fe80::40:ff:fe00:6e3a', '-', ''],
  ]);
  same([[' leading', 'trailing  ', ' both ']]);
  const rnd = mulberry32(9);
  const ascii = (n: number) =>
    Array.from({ length: n }, () => String.fromCharCode(32 + Math.floor(rnd() * 95))).join('');
  for (let k = 0; k < 200; k++) {
    const columns = 1 + Math.floor(rnd() * 7);
    const rows = Array.from({ length: 1 + Math.floor(rnd() * 12) }, () =>
      Array.from({ length: columns }, () => ascii(Math.floor(rnd() * 24))),
    );
    same(rows);
  }
});

test('plainTable leaves any other table to table: wide, combining, accented, emoji, a line break', () => {
  for (const cell of ['日本語', 'e\u0301', '\u00e9', '\u{1f600}', 'line\nbreak']) {
    same([
      ['name', 'value'],
      [cell, 'x'],
    ]);
  }
});
