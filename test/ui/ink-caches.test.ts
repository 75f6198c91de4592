/**
 * ink's frames drawn from caches (src/ui/ink-caches.ts): the installed ink is the shape the module
 * expects, a frame drawn row by row from the caches is byte for byte the frame ink draws itself
 * (with its own per-frame caches), whatever was written, and the caches stay bounded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { styledCharsFromTokens, tokenize } from '@alcalzone/ansi-tokenize';
import {
  ROWS_KEPT,
  STYLED_LINES_KEPT,
  plainStyledChars,
  shareInkCaches,
  type Shared,
} from '../../src/ui/ink-caches.js';

const ESC = '\u001b[';
const green = (s: string) => `${ESC}32m${s}${ESC}39m`;
const bold = (s: string) => `${ESC}1m${s}${ESC}22m`;
const inverse = (s: string) => `${ESC}7m${s}${ESC}27m`;
const grey256 = (s: string) => `${ESC}38;5;244m${s}${ESC}39m`;

/** Row y of frame k: most rows the same from frame to frame, some changing, a few wide or styled. */
function line(k: number, y: number): string {
  switch (y % 6) {
    case 0:
      return `VRID ${y} (ipv4, vlan ${100 + y})  ${green('MASTER')} 10.0.${y}.2  ${bold('prio 200')}`;
    case 1:
      return `${grey256('▁▂▃▅▇█')}${inverse(' split brain ')} ${k % 5} s ago`;
    case 2:
      return `wide 界界 emoji 🙂 combining e\u0301 ${green(bold('both'))} frame ${k}`;
    case 3:
      return `${'-'.repeat(20 + ((k + y) % 30))}|`;
    case 4:
      return y % 4 === 0 ? `${ESC}31mred left open at the end` : `zero\u200bwidth, trailing spaces   `;
    default:
      return [
        `plain row ${y}`,
        `inverse spaces at the end ${inverse('   ')}`,
        `${ESC}1;2;31mbold, dim and red${ESC}22m red ${ESC}m reset ${ESC}0m${green('x')}`,
        `not SGR: ${ESC}?25h and a cut ${ESC}`,
      ][Math.floor(y / 6) % 4];
  }
}

type Op = { x: number; y: number; text: string; upper?: boolean } | { clip: boolean };

/**
 * Frame k of a screen `rows` high: one line per row (what our screens write), at a column of its
 * own on some rows, with a transformer on some, several lines in one write, writes that start above
 * or below the screen or run off its bottom, text past the right edge; `extra` adds what ink must
 * draw itself: a row written twice (a popup over a table), clipping, a column that is not whole.
 */
function frameOps(k: number, rows: number, extra: 'none' | 'overlap' | 'clip' | 'fraction' = 'none'): Op[] {
  const ops: Op[] = [];
  for (let y = 0; y < rows - 3; y++)
    ops.push({ x: y % 7 === 3 ? (k % 2) * 4 : y % 11 === 6 ? 500 : 0, y, text: line(k, y), upper: y % 9 === 8 });
  ops.push(
    { x: 0, y: rows - 3, text: `two lines\nin one write ${k % 3}`, upper: true },
    { x: 0, y: -1, text: 'above the screen\nand on it' },
    { x: 0, y: rows + 1, text: 'below the screen' },
    { x: 2, y: rows - 1, text: `the last row\nand one below it ${'x'.repeat(300)}` },
  );
  if (extra === 'overlap') ops.push({ x: 10, y: 1, text: green('over') });
  if (extra === 'clip') ops.splice(2, 0, { clip: true }, { x: 0, y: 2, text: 'clipped' }, { clip: false });
  if (extra === 'fraction') ops.push({ x: 0.5, y: rows, text: 'half' });
  return ops;
}

type TestOutput = {
  write(x: number, y: number, text: string, options: { transformers: ((s: string, i: number) => string)[] }): void;
  clip(c: { x1: number; x2: number; y1: number; y2: number }): void;
  unclip(): void;
  get(): { output: string; height: number };
};

function draw(shared: Shared, ops: Op[], width: number, height: number, own: boolean) {
  const o = new shared.Output({ width, height }) as unknown as TestOutput;
  for (const op of ops) {
    if ('clip' in op) {
      if (op.clip) o.clip({ x1: 1, x2: 6, y1: 0, y2: height });
      else o.unclip();
    } else o.write(op.x, op.y, op.text, { transformers: op.upper ? [(s, i) => `${i}:${s.toUpperCase()}`] : [] });
  }
  return own ? shared.ownGet.call(o as never) : o.get();
}

test('ink-caches: the installed ink is the shape the live UI relies on', async () => {
  const shared = await shareInkCaches();
  assert.ok(shared, 'ink/build/output.js changed shape: the live UI would redraw without its line caches');
  assert.equal(await shareInkCaches(), shared, 'installed once');
});

test('ink-caches: frames drawn from the caches are the frames ink draws itself', async () => {
  const shared = (await shareInkCaches())!;
  for (const extra of ['none', 'overlap', 'clip', 'fraction'] as const) {
    for (const [width, height] of [
      [80, 24],
      [200, 60],
      [30, 10],
      [80, 24],
    ]) {
      for (let k = 0; k < 12; k++) {
        const ops = frameOps(k, height, extra);
        const mine = draw(shared, ops, width, height, false);
        const theirs = draw(shared, ops, width, height, true);
        assert.deepEqual(mine, theirs, `${width}x${height}, frame ${k}, ${extra}`);
      }
    }
  }
  // The caches did outlive a frame: a row every frame draws is known before the next one.
  assert.equal(shared.rows.get(line(0, 0))?.width, 80, 'drawn row by row, the last screen 80 wide');
});

test('ink-caches: the shared caches stay bounded', async () => {
  const shared = (await shareInkCaches())!;
  let most = 0;
  let rows = 0;
  for (let k = 0; k < ROWS_KEPT / 50 + 20; k++) {
    const ops = Array.from({ length: 60 }, (_, y) => ({ x: 0, y, text: `distinct ${k} ${y}` }));
    draw(shared, ops, 40, 61, false);
    most = Math.max(most, shared.caches.styledChars.size);
    rows = Math.max(rows, shared.rows.size);
  }
  assert.ok(most <= STYLED_LINES_KEPT + 61, `${most} lines kept`);
  assert.ok(rows <= ROWS_KEPT + 61 && rows > 60, `${rows} rows kept`);
  assert.ok(shared.caches.widths.size <= 4 * ROWS_KEPT + 61 * 40);
});

test("ink-caches: a line of ASCII and SGR codes gets the library's styled characters; any other line is ink's", () => {
  const plain = [line(0, 0), line(2, 3), line(0, 4), line(0, 5), line(0, 11), line(0, 17), `${ESC}m`, ''];
  for (const l of plain) {
    const mine = plainStyledChars(l);
    assert.ok(mine, JSON.stringify(l));
    const theirs = styledCharsFromTokens(tokenize(l));
    assert.deepEqual(
      mine.map((c) => ({ ...c, styles: [...c.styles] })),
      theirs,
      JSON.stringify(l),
    );
  }
  for (const l of [
    line(0, 1),
    line(0, 2),
    line(0, 10),
    line(0, 23),
    'tab\tcontrol',
    '\u00e9',
    `${ESC}]8;;https://x\u0007link`,
  ])
    assert.equal(plainStyledChars(l), null, JSON.stringify(l));
});
