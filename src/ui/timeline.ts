/**
 * The timeline strip: who was master when, as one character cell per column across the span.
 * Pure (no ink): the cells are computed here and drawn by timeline-view.tsx.
 *
 * The strip draws what the report says; it judges nothing itself. A cell covers [from, to] of
 * packet time and shows:
 *  - "!" where the report has a split brain (Episodes.split: a split-brain transition until its
 *    end, or a duplicate-master finding);
 *  - "-" where the report has no master (Episodes.noMaster: no-master findings) for more of the cell
 *    than a master covers it;
 *  - " " before the first master, and in gaps of the capture (Episodes.gaps);
 *  - otherwise the letter of the master covering most of it. A master stays the one shown from its
 *    first advert until another master's period begins (after a crash the old master is the last
 *    one known until the takeover; the report says when that silence became an outage). A period
 *    shorter than the cell and inside it (a single advert) always shows, so blips are seen.
 */
import type { MasterPeriod } from '../report/types.js';

export { routerColor } from './identity.js';

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

/**
 * Letters for routers of one group (the UI uses RouterIdentity's, the same across groups; this is
 * the default for a strip drawn on its own), in the order given (a group's routers as reported), then any other master
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

/** Time spans the report marks on a group (see timelineStrip). */
export interface Episodes {
  split: readonly Span[];
  noMaster: readonly Span[];
  gaps: readonly Span[];
}

export interface Span {
  from: number;
  to: number;
}

const NO_EPISODES: Episodes = { split: [], noMaster: [], gaps: [] };

/** Whether something starting at `from` starts before the end of a cell ending at c1 (closed: at or before). */
function startsBy(from: number, c1: number, closed: boolean): boolean {
  return from < c1 || (closed && from <= c1);
}

/** Whether one of `spans` is in the cell [c0, c1) (closed: [c0, c1]), as a period is (see timelineStrip). */
function overlaps(spans: readonly Span[], c0: number, c1: number, closed: boolean): boolean {
  for (const x of spans) if (startsBy(x.from, c1, closed) && x.to >= c0) return true;
  return false;
}

/** How much of [a, b] the spans cover (spans may overlap one another: counted once is not needed here). */
function covered(spans: readonly Span[], a: number, b: number): number {
  let n = 0;
  for (const x of spans) n += Math.max(0, Math.min(x.to, b) - Math.max(x.from, a));
  return n;
}

/**
 * The strip of `width` cells for `periods` over `span`. `letters` names routers (default: by first
 * appearance in the periods); `episodes` are the report's split brains, no-master spans and gaps.
 */
export function timelineStrip(
  periods: readonly MasterPeriod[],
  span: Span | null,
  width: number,
  letters: ReadonlyMap<string, string> = routerLetters([], periods),
  episodes: Episodes = NO_EPISODES,
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
  const n = ps.length;
  let firstFrom = Infinity;
  let sorted = true;
  for (let j = 0; j < n; j++) {
    if (ps[j].from < firstFrom) firstFrom = ps[j].from;
    if (j > 0 && ps[j].from < ps[j - 1].from) sorted = false;
  }
  // The periods that ended, by end (then as listed): the last master known in a silence is found by
  // walking these as the cells move on, not by looking at every period for every cell.
  const byEnd = ps.map((p, j) => ({ p, j })).sort((a, b) => a.p.to - b.p.to || a.j - b.j);
  let ended = 0;
  let lastEnded: (typeof ps)[number] | null = null;
  /** The first period that may still touch a cell: those before it (in start order) have ended. */
  let lo = 0;
  const dt = (span.to - span.from) / w;
  const cells: StripCell[] = [];
  const touching: (typeof ps)[number][] = [];
  for (let i = 0; i < w; i++) {
    const c0 = span.from + i * dt;
    const c1 = i === w - 1 ? span.to : span.from + (i + 1) * dt;
    // Cells are half-open [c0, c1), the last one closed: a period starting on a boundary is not in
    // the cell before it.
    const closed = i === w - 1 || dt === 0;
    // The periods in the cell, in their order: periods listed by start are scanned from the first
    // not yet over to the first that starts after the cell.
    touching.length = 0;
    if (sorted) {
      while (lo < n && ps[lo].to < c0) lo++;
      for (let j = lo; j < n; j++) {
        const p = ps[j];
        if (!startsBy(p.from, c1, closed)) break;
        if (p.to >= c0) touching.push(p);
      }
    } else {
      for (const p of ps) if (startsBy(p.from, c1, closed) && p.to >= c0) touching.push(p);
    }
    const masters: string[] = [];
    for (const p of touching) if (!masters.includes(p.master)) masters.push(p.master);
    const len = Math.max(c1 - c0, 0);
    while (ended < n && byEnd[ended].p.to < c0) {
      const p = byEnd[ended++].p;
      if (!lastEnded || p.to > lastEnded.to) lastEnded = p;
    }

    if (dt > 0 && covered(episodes.gaps, c0, c1) > len / 2) {
      cells.push({ from: c0, to: c1, masters, kind: 'none', master: null, char: NONE_CHAR });
      continue;
    }
    if (overlaps(episodes.split, c0, c1, closed)) {
      cells.push({ from: c0, to: c1, masters, kind: 'split', master: null, char: SPLIT_CHAR });
      continue;
    }
    if (!startsBy(firstFrom, c1, closed)) {
      cells.push({ from: c0, to: c1, masters, kind: 'none', master: null, char: NONE_CHAR });
      continue;
    }
    // The master advertising for most of the cell; a period shorter than the cell inside it shows.
    let best: (typeof ps)[number] | null = null;
    let bestLen = -1;
    let blip = false;
    for (const p of touching) {
      const l = Math.min(p.to, c1) - Math.max(p.from, c0);
      if (p.from >= c0 && p.to <= c1 && p.to - p.from < len) blip = true;
      if (l >= bestLen) {
        best = p;
        bestLen = l;
      }
    }
    // "No master" where the report says so, over more of the cell than anyone advertised.
    if (!blip && covered(episodes.noMaster, c0, c1) > Math.max(bestLen, 0)) {
      cells.push({ from: c0, to: c1, masters, kind: 'gap', master: null, char: GAP_CHAR });
      continue;
    }
    // Silence between masters: the last one known (the report says when silence is an outage).
    best ??= lastEnded;
    if (!best) {
      cells.push({ from: c0, to: c1, masters, kind: 'none', master: null, char: NONE_CHAR });
      continue;
    }
    cells.push({
      from: c0,
      to: c1,
      masters,
      kind: 'master',
      master: best.master,
      char: letters.get(best.master) ?? '*',
    });
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
