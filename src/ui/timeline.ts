/**
 * The timeline strip: who was master when, as one character cell per column across the span.
 * Pure (no ink): the cells are computed here and drawn by timeline-view.tsx.
 *
 * A cell covers [from, to] of packet time. Master periods run from their first to their last advert
 * (an open period, still going at the end, runs to the end of the span). In a cell:
 *  - two routers whose periods overlap each other inside the cell: 'split' ("!", split brain);
 *  - otherwise the router covering most of it: 'master' (its letter), unless more of the cell has
 *    no master at all (after the first master was heard) than has one: 'gap' ("-", no master). A
 *    period shorter than the cell and inside it (a single advert) always shows, so blips are seen;
 *  - before the first master: 'none' (" ").
 */
import type { MasterPeriod } from '../report/types.js';

export type CellKind = 'none' | 'master' | 'split' | 'gap';

export interface StripCell {
  kind: CellKind;
  /** The router shown (master), null otherwise. */
  master: string | null;
  /** Every router acting as master somewhere in the cell. */
  masters: string[];
  /** What to print: the router's letter, "!" split brain, "-" no master, " " nothing known yet. */
  char: string;
  from: number;
  to: number;
}

export const SPLIT_CHAR = '!';
export const GAP_CHAR = '-';
const NONE_CHAR = ' ';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Colors per router, by letter index; red is kept for split brain and no master. */
export const ROUTER_COLORS = ['cyan', 'magenta', 'blue', 'yellow', 'green', 'whiteBright'] as const;

/**
 * Letters for routers, in the order given (a group's routers as reported), then any other master
 * of the periods: "A", "B", ... "Z", "a" ... "z", then "*".
 */
export function routerLetters(routers: readonly string[], periods: readonly MasterPeriod[] = []): Map<string, string> {
  const m = new Map<string, string>();
  const add = (a: string) => {
    if (!m.has(a)) m.set(a, LETTERS[m.size] ?? '*');
  };
  routers.forEach(add);
  [...periods].sort((a, b) => a.from - b.from).forEach((p) => add(p.master));
  return m;
}

export function routerColor(letter: string): (typeof ROUTER_COLORS)[number] {
  const i = LETTERS.indexOf(letter);
  return ROUTER_COLORS[(i < 0 ? 0 : i) % ROUTER_COLORS.length];
}

/**
 * The strip of `width` cells for `periods` over `span`. `letters` names routers (default: by first
 * appearance in the periods).
 */
export function timelineStrip(
  periods: readonly MasterPeriod[],
  span: { from: number; to: number } | null,
  width: number,
  letters: ReadonlyMap<string, string> = routerLetters([], periods),
  /** Whether two routers compete for the same addresses (two clusters sharing a VRID do not). */
  competes: (a: string, b: string) => boolean = () => true,
): StripCell[] {
  const w = Math.max(0, Math.floor(width));
  if (w === 0) return [];
  if (span === null || !(span.to >= span.from)) {
    return Array.from({ length: w }, () => ({
      kind: 'none' as const,
      master: null,
      masters: [],
      char: NONE_CHAR,
      from: NaN,
      to: NaN,
    }));
  }
  const ps = periods.map((p) => ({ master: p.master, from: p.from, to: p.open ? Math.max(p.to, span.to) : p.to }));
  const firstFrom = ps.reduce((m, p) => Math.min(m, p.from), Infinity);
  const dt = (span.to - span.from) / w;
  const cells: StripCell[] = [];
  for (let i = 0; i < w; i++) {
    const c0 = span.from + i * dt;
    const c1 = i === w - 1 ? span.to : span.from + (i + 1) * dt;
    // Cells are half-open [c0, c1), the last one closed: a period starting on a boundary is not in
    // the cell before it.
    const closed = i === w - 1 || dt === 0;
    const before = (t: number) => t < c1 || (closed && t <= c1);
    const touching = ps.filter((p) => before(p.from) && p.to >= c0);
    const masters = [...new Set(touching.map((p) => p.master))];
    const base = { from: c0, to: c1, masters };

    // Split brain: two different masters advertising at the same time within this cell. Periods
    // that merely meet (one's last advert at the other's first) do not overlap; a single advert
    // inside another's period does.
    let split = false;
    for (let a = 0; a < touching.length && !split; a++) {
      for (let b = a + 1; b < touching.length && !split; b++) {
        const x = touching[a];
        const y = touching[b];
        if (x.master === y.master || !competes(x.master, y.master)) continue;
        const lo = Math.max(x.from, y.from);
        const hi = Math.min(x.to, y.to);
        const inside = (p: typeof x, q: typeof x) => p.from === p.to && q.from < p.from && p.from < q.to;
        const overlap = lo < hi || (lo === hi && (inside(x, y) || inside(y, x)));
        if (overlap && Math.max(lo, c0) <= Math.min(hi, c1) && before(Math.max(lo, c0))) split = true;
      }
    }
    if (split) {
      cells.push({ ...base, kind: 'split', master: null, char: SPLIT_CHAR });
      continue;
    }
    if (touching.length === 0) {
      const gap = firstFrom < c0;
      cells.push({ ...base, kind: gap ? 'gap' : 'none', master: null, char: gap ? GAP_CHAR : NONE_CHAR });
      continue;
    }

    // Sequential masters in one cell: the longest wins, unless "no master" covers more of it.
    let best = touching[0];
    let bestLen = -1;
    let covered = 0;
    let blip = false;
    for (const p of touching) {
      const l = Math.min(p.to, c1) - Math.max(p.from, c0);
      covered += Math.max(0, l);
      if (p.from >= c0 && p.to <= c1) blip = true;
      if (l >= bestLen) [best, bestLen] = [p, l];
    }
    const known = c1 - Math.max(c0, firstFrom);
    const uncovered = Math.max(0, known - covered);
    if (!blip && uncovered > covered && firstFrom < c0) {
      cells.push({ ...base, kind: 'gap', master: null, char: GAP_CHAR });
      continue;
    }
    cells.push({ ...base, kind: 'master', master: best.master, char: letters.get(best.master) ?? '*' });
  }
  return cells;
}

/** The strip as a plain string (tests, logs). */
export function stripText(cells: readonly StripCell[]): string {
  return cells.map((c) => c.char).join('');
}

/** Runs of equal cells, for drawing with few <Text> nodes. */
export function stripRuns(cells: readonly StripCell[]): { kind: CellKind; char: string; text: string }[] {
  const runs: { kind: CellKind; char: string; text: string }[] = [];
  for (const c of cells) {
    const last = runs[runs.length - 1];
    if (last && last.kind === c.kind && last.char === c.char) last.text += c.char;
    else runs.push({ kind: c.kind, char: c.char, text: c.char });
  }
  return runs;
}
