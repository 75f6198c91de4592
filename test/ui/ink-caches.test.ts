/**
 * ink's line caches shared between frames (src/ui/ink-caches.ts): the installed ink is the shape the
 * module expects, a frame drawn with the shared caches is byte for byte the frame ink draws with
 * its own per-frame ones, and the caches stay bounded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SHARED_LINES, shareInkCaches, type Shared } from '../../src/ui/ink-caches.js';

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
      return `${ESC}31mred left open at the end`;
    default:
      return `plain row ${y}`;
  }
}

interface Op {
  x: number;
  y: number;
  text: string;
  upper: boolean;
}

function frameOps(k: number, rows: number): Op[] {
  const ops: Op[] = [];
  for (let y = 0; y < rows; y++) ops.push({ x: y % 7 === 3 ? 4 : 0, y, text: line(k, y), upper: y % 9 === 8 });
  // Two rows written twice, the second over part of the first (as a popup over a table would be).
  ops.push({ x: 10, y: 1, text: green('over'), upper: false }, { x: 0, y: rows - 1, text: `a\nb ${k}`, upper: false });
  return ops;
}

function draw(shared: Shared, ops: Op[], width: number, height: number, own: boolean) {
  const o = new shared.Output({ width, height }) as unknown as {
    write(x: number, y: number, text: string, options: { transformers: ((s: string, i: number) => string)[] }): void;
    get(): { output: string; height: number };
  };
  for (const op of ops) o.write(op.x, op.y, op.text, { transformers: op.upper ? [(s) => s.toUpperCase()] : [] });
  return own ? shared.ownGet.call(o as never) : o.get();
}

test('ink-caches: the installed ink is the shape the live UI relies on', async () => {
  const shared = await shareInkCaches();
  assert.ok(shared, 'ink/build/output.js changed shape: the live UI would redraw without its line caches');
  assert.equal(await shareInkCaches(), shared, 'installed once');
});

test('ink-caches: frames drawn with the shared caches are the frames ink draws with its own', async () => {
  const shared = (await shareInkCaches())!;
  for (const [width, height] of [
    [80, 24],
    [200, 60],
    [30, 10],
  ]) {
    for (let k = 0; k < 40; k++) {
      const ops = frameOps(k, height - 1);
      const mine = draw(shared, ops, width, height, false);
      const theirs = draw(shared, ops, width, height, true);
      assert.deepEqual(mine, theirs, `${width}x${height}, frame ${k}`);
    }
  }
  // The caches did outlive a frame: a row every frame draws is known before the next one.
  assert.ok(shared.caches.styledChars.has(line(0, 0)));
});

test('ink-caches: the shared caches stay bounded', async () => {
  const shared = (await shareInkCaches())!;
  let most = 0;
  for (let k = 0; k < SHARED_LINES / 50 + 20; k++) {
    const ops = Array.from({ length: 60 }, (_, y) => ({ x: 0, y, text: `distinct ${k} ${y}`, upper: false }));
    draw(shared, ops, 40, 61, false);
    most = Math.max(most, shared.caches.styledChars.size);
  }
  assert.ok(most <= SHARED_LINES + 61, `${most} lines kept`);
  assert.ok(shared.caches.widths.size <= 4 * SHARED_LINES + 61 * 40);
});
