import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MasterPeriod } from '../../src/report/types.js';
import { routerLetters, stripText, timelineStrip, type Episodes, type StripCell } from '../../src/ui/timeline.js';
import { period } from './helpers.js';

const span = { from: 1000, to: 1100 };
const p = (m: string, a: number, b: number, open = false) => period(m, 1000 + a, 1000 + b, 100, open);
const letters = routerLetters(['10.0.0.1', '10.0.0.2']);
const none = { split: [], noMaster: [], gaps: [] };
const strip = (ps: ReturnType<typeof p>[], w: number, episodes: Episodes = none) =>
  stripText(timelineStrip(ps, span, w, letters, episodes));
const count = (s: string, c: string) => [...s].filter((x) => x === c).length;
const at = (a: number, b: number) => ({ from: 1000 + a, to: 1000 + b });

test('strip: a timely failover, A until B takes over: no "-" where the report has no no-master', () => {
  const s = strip([p('10.0.0.1', 0, 40), p('10.0.0.2', 44, 100, true)], 20);
  assert.equal(s, 'AAAAAAAABBBBBBBBBBBB');
});

test('strip: "!" exactly where the report has a split brain, never for an overlap it does not call one', () => {
  const ps = [p('10.0.0.1', 0, 100, true), p('10.0.0.2', 30, 60)];
  assert.equal(strip(ps, 20, { ...none, split: [at(30, 60)] }), 'AAAAAA!!!!!!!AAAAAAA');
  const cells = timelineStrip(ps, span, 20, letters, { ...none, split: [at(30, 60)] });
  assert.equal(cells[8].kind, 'split');
  assert.deepEqual(cells[8].masters, ['10.0.0.1', '10.0.0.2']);
  assert.equal(cells[0].master, '10.0.0.1');
  // Two clusters sharing a VRID overlap all the time: no split brain in the report, none drawn.
  assert.doesNotMatch(strip(ps, 20), /!/);
});

test('strip: "-" where the report has no master, and after the last master when it says so', () => {
  const ps = [p('10.0.0.1', 0, 30), p('10.0.0.2', 70, 100, true)];
  assert.equal(strip(ps, 20, { ...none, noMaster: [at(30, 70)] }), 'AAAAAA--------BBBBBB');
  assert.equal(strip(ps, 20), 'AAAAAAAAAAAAAABBBBBB', 'without a no-master finding: A until B takes over');
  assert.equal(strip([p('10.0.0.1', 0, 50)], 10, { ...none, noMaster: [at(50, 100)] }), 'AAAAA-----');
});

test('strip: an open period runs to the end of the span; nothing known before the first advert', () => {
  assert.equal(strip([p('10.0.0.1', 20, 50, true)], 10), '  AAAAAAAA');
  const cells = timelineStrip([p('10.0.0.1', 20, 50, true)], span, 10, letters);
  assert.equal(cells[0].kind, 'none');
  assert.equal(cells[9].kind, 'master');
});

test('strip: a single advert inside a no-master span still shows', () => {
  const s = strip([p('10.0.0.1', 0, 10), p('10.0.0.2', 55, 55)], 20, { ...none, noMaster: [at(10, 100)] });
  assert.equal(s[11], 'B');
  assert.equal(count(s, 'B'), 1);
});

test('strip: a gap in the capture is blank', () => {
  const s = strip([p('10.0.0.1', 0, 20), p('10.0.0.1', 80, 100, true)], 10, { ...none, gaps: [at(20, 80)] });
  assert.equal(s, 'AA      AA');
});

test('strip: widths 20, 80 and 200 keep the proportions', () => {
  const ps = [
    p('10.0.0.1', 0, 30),
    p('10.0.0.2', 30, 50),
    p('10.0.0.1', 50, 60),
    p('10.0.0.2', 55, 70),
    p('10.0.0.1', 80, 100, true),
  ];
  const episodes = { split: [at(55, 60)], noMaster: [at(70, 80)], gaps: [] };
  for (const w of [20, 80, 200]) {
    const cells = timelineStrip(ps, span, w, letters, episodes);
    const s = stripText(cells);
    assert.equal(cells.length, w);
    assert.equal(s.length, w);
    const frac = (c: string) => count(s, c) / w;
    assert.ok(Math.abs(frac('A') - 0.5) <= 0.1, `${w}: A ${frac('A')}`);
    assert.ok(Math.abs(frac('B') - 0.25) <= 0.1, `${w}: B ${frac('B')}`);
    assert.ok(Math.abs(frac('!') - 0.05) <= 0.1 && count(s, '!') >= 1, `${w}: split ${s}`);
    assert.ok(Math.abs(frac('-') - 0.1) <= 0.1 && count(s, '-') >= 1, `${w}: gap ${s}`);
    // Cells tile the span.
    assert.equal(cells[0].from, span.from);
    assert.equal(cells[w - 1].to, span.to);
    for (let i = 1; i < w; i++) assert.ok(Math.abs(cells[i].from - cells[i - 1].to) < 1e-9);
  }
});

test('strip: degenerate inputs', () => {
  assert.deepEqual(timelineStrip([p('10.0.0.1', 0, 10)], span, 0), []);
  assert.equal(stripText(timelineStrip([p('10.0.0.1', 0, 10)], null, 5)), '     ', 'no span: nothing known');
  assert.equal(stripText(timelineStrip([], span, 4)), '    ', 'no periods');
  assert.equal(
    stripText(timelineStrip([period('10.0.0.1', 5, 5)], { from: 5, to: 5 }, 3)),
    'AAA',
    'a span of one instant',
  );
});

test('letters: routers in order, then other masters by first appearance; beyond 52, "*"', () => {
  const m = routerLetters(['r1', 'r2'], [period('x', 5, 6), period('r2', 1, 2), period('y', 3, 4)]);
  assert.deepEqual(
    [...m],
    [
      ['r1', 'A'],
      ['r2', 'B'],
      ['y', 'C'],
      ['x', 'D'],
    ],
  );
  const many = routerLetters(Array.from({ length: 60 }, (_, i) => `r${i}`));
  assert.equal(many.get('r26'), 'a');
  assert.equal(many.get('r59'), '*');
  // Without letters: by first appearance.
  assert.equal(stripText(timelineStrip([p('z', 0, 100, true)], span, 3)), 'AAA');
});

/**
 * The strip as first written, a cell at a time over every period and every span: the reference the
 * faster timelineStrip (periods scanned from the first not yet over) must agree with, cell for cell.
 */
function referenceStrip(
  periods: readonly MasterPeriod[],
  sp: { from: number; to: number },
  width: number,
  names: ReadonlyMap<string, string>,
  episodes: Episodes,
): StripCell[] {
  const w = Math.max(0, Math.floor(width));
  const ps = periods.map((x) => ({ master: x.master, from: x.from, to: x.open ? Math.max(x.to, sp.to) : x.to }));
  const firstFrom = ps.reduce((m, x) => Math.min(m, x.from), Infinity);
  const covered = (spans: readonly { from: number; to: number }[], a: number, b: number) =>
    spans.reduce((n, x) => n + Math.max(0, Math.min(x.to, b) - Math.max(x.from, a)), 0);
  const dt = (sp.to - sp.from) / w;
  const cells: StripCell[] = [];
  for (let i = 0; i < w; i++) {
    const c0 = sp.from + i * dt;
    const c1 = i === w - 1 ? sp.to : sp.from + (i + 1) * dt;
    const closed = i === w - 1 || dt === 0;
    const before = (t: number) => t < c1 || (closed && t <= c1);
    const within = (x: { from: number; to: number }) => before(x.from) && x.to >= c0;
    const touching = ps.filter(within);
    const base = { from: c0, to: c1, masters: [...new Set(touching.map((x) => x.master))] };
    const len = Math.max(c1 - c0, 0);
    if (dt > 0 && covered(episodes.gaps, c0, c1) > len / 2) {
      cells.push({ ...base, kind: 'none', master: null, char: ' ' });
      continue;
    }
    if (episodes.split.some(within)) {
      cells.push({ ...base, kind: 'split', master: null, char: '!' });
      continue;
    }
    if (!before(firstFrom)) {
      cells.push({ ...base, kind: 'none', master: null, char: ' ' });
      continue;
    }
    let best: (typeof ps)[number] | null = null;
    let bestLen = -1;
    let blip = false;
    for (const x of touching) {
      const l = Math.min(x.to, c1) - Math.max(x.from, c0);
      if (x.from >= c0 && x.to <= c1 && x.to - x.from < len) blip = true;
      if (l >= bestLen) [best, bestLen] = [x, l];
    }
    if (!blip && covered(episodes.noMaster, c0, c1) > Math.max(bestLen, 0)) {
      cells.push({ ...base, kind: 'gap', master: null, char: '-' });
      continue;
    }
    if (!best) for (const x of ps) if (x.to < c0 && (!best || x.to > best.to)) best = x;
    if (!best) {
      cells.push({ ...base, kind: 'none', master: null, char: ' ' });
      continue;
    }
    cells.push({ ...base, kind: 'master', master: best.master, char: names.get(best.master) ?? '*' });
  }
  return cells;
}

test('strip: the same cells as the reference on 2,000 random histories (sorted or not, open, blips, split brains, gaps)', () => {
  let seed = 12345;
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const spans = (k: number) =>
    Array.from({ length: Math.floor(rnd() * k) }, () => {
      const a = rnd() * 120 - 10;
      return at(a, a + rnd() * 30);
    });
  for (let round = 0; round < 2000; round++) {
    // Half the rounds on a coarse grid: periods that end together, starts on cell boundaries.
    const grid = round % 2 === 0;
    const q = (x: number) => (grid ? Math.round(x / 2.5) * 2.5 : x);
    const routers = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'];
    const ps: MasterPeriod[] = [];
    let t = rnd() * 20 - 5;
    for (let k = Math.floor(rnd() * 12); k > 0; k--) {
      // Periods by start, some overlapping (split brains), some a single advert, some open.
      const from = q(t);
      const to = rnd() < 0.2 ? from : q(from + rnd() * 25);
      ps.push(p(routers[Math.floor(rnd() * 4)], from, to, k === 1 && rnd() < 0.5));
      t += rnd() < 0.3 ? -rnd() * 5 : rnd() * 15;
    }
    if (rnd() < 0.2) ps.reverse();
    const episodes = { split: spans(3), noMaster: spans(3), gaps: spans(2) };
    const width = 1 + Math.floor(rnd() * 120);
    const sp = rnd() < 0.1 ? { from: 1050, to: 1050 } : span;
    assert.deepEqual(
      timelineStrip(ps, sp, width, letters, episodes),
      referenceStrip(ps, sp, width, letters, episodes),
      `round ${round}`,
    );
  }
});
