/**
 * The group table: one row per virtual router with its master, backups, advert age and status.
 * Split brain and no master read "!! SPLIT BRAIN" / "!! NO MASTER" in red: visible with and without
 * color. Routers carry the letter and color the timeline strip uses for them.
 */
import { findingCount, type Severity } from '../report/types.js';
import { ageLevel, ageText, cell, fit, len, shortSpan } from './format.js';
import { Rows, row, seg, type Color, type Row, type Seg } from './lines.js';
import { routerColor } from './identity.js';
import type { GroupRow, GroupStatus } from './view-model.js';
import { maxOf } from '../util/lists.js';

export const STATUS_TEXT: Record<GroupStatus, string> = {
  master: 'master',
  contested: '? CONTESTED',
  'split-brain': '!! SPLIT BRAIN',
  'no-master': '!! NO MASTER',
  unknown: '? unknown',
};

export function statusSeg(s: GroupStatus): Seg {
  if (s === 'split-brain' || s === 'no-master') return seg(STATUS_TEXT[s], { color: 'red', bold: true, inverse: true });
  if (s === 'master') return seg(STATUS_TEXT[s], { color: 'green' });
  if (s === 'contested') return seg(STATUS_TEXT[s], { color: 'yellow', bold: true });
  return seg(STATUS_TEXT[s], { dim: true });
}

export const SEVERITY_COLOR: Record<Severity, Color> = { error: 'red', warning: 'yellow', info: 'cyan' };

/** "1 err 2 warn", worst first; "-" when none. */
function issuesText(g: Pick<GroupRow, 'findings'>): { text: string; worst: Severity | null } {
  const n = { error: 0, warning: 0, info: 0 };
  for (const f of g.findings) n[f.severity] += findingCount(f);
  const parts = [
    n.error ? `${n.error} err` : '',
    n.warning ? `${n.warning} warn` : '',
    n.info ? `${n.info} info` : '',
  ].filter(Boolean);
  const worst: Severity | null = n.error ? 'error' : n.warning ? 'warning' : n.info ? 'info' : null;
  return { text: parts.join(' ') || '-', worst };
}

/** A router as "A 10.99.0.1 (150)", its letter in its timeline color. */
function routerSegs(letters: ReadonlyMap<string, string>, address: string, priority: number | null): Seg[] {
  const letter = letters.get(address) ?? '*';
  return [
    seg(letter, { color: routerColor(letter), bold: true }),
    seg(` ${address}${priority === null ? '' : ` (${priority})`}`),
  ];
}

/**
 * The priority a router acting as master advertises now: its open period's (the view model's
 * masterPriority is the last *new* priority it advertised, which is stale after 150 > 50 > 150).
 */
function currentPriority(
  g: Pick<GroupRow, 'timeline' | 'master' | 'masterPriority' | 'routers'>,
  address: string,
): number | null {
  const open = g.timeline
    .filter((p) => p.master === address && p.open)
    .sort((a, b) => a.to - b.to)
    .at(-1);
  if (open) return open.priority;
  if (address === g.master) return g.masterPriority;
  return (
    g.routers
      .find((r) => r.address === address)
      ?.priorities.filter((p) => p > 0)
      .at(-1) ?? null
  );
}

/** Cuts segments to `width` columns as a whole (ellipsis on the last kept one) and pads to it. */
export function fitSegs(segs: readonly Seg[], width: number, right = false): Seg[] {
  const total = segs.reduce((n, s) => n + len(s.text), 0);
  if (total <= width) {
    const pad = seg(' '.repeat(width - total));
    return right ? [pad, ...segs] : [...segs, pad];
  }
  const out: Seg[] = [];
  let left = width;
  for (const s of segs) {
    if (left <= 0) break;
    const n = len(s.text);
    if (n < left || (n === left && s === segs[segs.length - 1])) {
      out.push(s);
      left -= n;
    } else {
      out.push({ ...s, text: fit(s.text + '…', left) });
      left = 0;
    }
  }
  return out;
}

/**
 * Column priority on a narrow terminal (highest kept longest), documented in the README:
 * selection marker 100, STATUS 95, VRID 90, VLAN 85 (when any group has one), MASTER (PRIO) 80 and
 * never cut (every router acting as master with its priority, IPv6 too), LAST ADVERT 60, VIRTUAL 55,
 * FINDINGS 50, BACKUPS 30, IP 1. Flexible columns (VIRTUAL, BACKUPS) shrink to their minimum before
 * any column is dropped; then the lowest priority goes first.
 */
interface Column {
  id: string;
  header: string;
  /** Lower is dropped first when the terminal is too narrow. */
  keep: number;
  /** Flexible columns shrink (down to min) before any is dropped. */
  flex: boolean;
  min: number;
  right?: boolean;
  cells: Seg[][];
}

function joinSegs(parts: Seg[][], sep: string): Seg[] {
  const out: Seg[] = [];
  parts.forEach((p, i) => {
    if (i) out.push(seg(sep));
    out.push(...p);
  });
  return out;
}

const segsLen = (s: readonly Seg[]) => s.reduce((n, x) => n + len(x.text), 0);

/**
 * The table as rows, fitted to `width`: its head and the rows of `count` groups from `first`
 * (default all). The columns fit every group, so they stay put while the window scrolls; rows are
 * laid out only for the window.
 */
export function groupTableRows(
  groups: readonly GroupRow[],
  selected: number,
  width: number,
  first = 0,
  count = groups.length,
): Row[] {
  if (groups.length === 0) return [row('empty', seg('No VRRP adverts seen yet.', { dim: true }))];
  const anyVlan = groups.some((g) => g.vlan.length > 0 || g.tunnel);
  const cols: Column[] = [];
  const add = (c: Omit<Column, 'cells'>, f: (g: GroupRow, i: number) => Seg[]) =>
    cols.push({ ...c, cells: groups.map(f) });

  add({ id: 'sel', header: '', keep: 100, flex: false, min: 1 }, (_, i) => [
    seg(i === selected ? '>' : ' ', { bold: true }),
  ]);
  if (anyVlan)
    add({ id: 'vlan', header: 'VLAN', keep: 85, flex: false, min: 4 }, (g) => [
      seg([g.vlan.join('.'), g.tunnel ?? ''].filter(Boolean).join(' ') || '-'),
    ]);
  add({ id: 'vrid', header: 'VRID', keep: 90, flex: false, min: 4, right: true }, (g) => [
    seg(String(g.vrid), { bold: true }),
  ]);
  add({ id: 'fam', header: 'IP', keep: 1, flex: false, min: 2 }, (g) => [seg(g.family === 'ipv6' ? 'v6' : 'v4')]);
  add({ id: 'virtual', header: 'VIRTUAL', keep: 55, flex: true, min: 12 }, (g) => {
    const v = g.virtualAddresses;
    const n = g.virtualAddressCount;
    return [seg(v.length ? v[0] : '-'), ...(n > 1 ? [seg(` +${n - 1}`, { dim: true })] : [])];
  });
  add({ id: 'master', header: 'MASTER (PRIO)', keep: 80, flex: true, min: 14 }, (g) => {
    const letters = g.letters;
    if (g.masters.length === 0) return [seg('none', { color: 'red', bold: true })];
    const prio = (a: string) => currentPriority(g, a);
    // The current master first, then the others acting as master (split brain).
    const order = g.master ? [g.master, ...g.masters.filter((m) => m !== g.master)] : g.masters;
    return joinSegs(
      order.map((a) => routerSegs(letters, a, prio(a))),
      ', ',
    );
  });
  add({ id: 'backups', header: 'BACKUPS', keep: 30, flex: true, min: 12 }, (g) => {
    const letters = g.letters;
    if (g.backups.length === 0) return [seg('-', { dim: true })];
    // A router that stopped advertising without yielding may be dead: say so, with how long.
    const liveness = (b: GroupRow['backups'][number]): Seg[] =>
      b.role === 'silent'
        ? [seg(` silent ${shortSpan(b.silentFor)}`, { color: 'yellow' })]
        : b.role === 'released'
          ? [seg(' released', { dim: true })]
          : [];
    return joinSegs(
      g.backups.map((b) => [...routerSegs(letters, b.address, b.priority), ...liveness(b)]),
      ', ',
    );
  });
  add({ id: 'advert', header: 'LAST ADVERT', keep: 60, flex: false, min: 9 }, (g) => {
    const down = g.masterDown;
    const level = ageLevel(g.lastAdvertAge, down);
    const style: Omit<Seg, 'text'> =
      level === 'over' ? { color: 'red', bold: true } : level === 'late' ? { color: 'yellow', bold: true } : {};
    return [seg(ageText(g.lastAdvertAge, down), style)];
  });
  add({ id: 'status', header: 'STATUS', keep: 95, flex: false, min: 6 }, (g) => [statusSeg(g.status)]);
  add({ id: 'issues', header: 'FINDINGS', keep: 50, flex: false, min: 3 }, (g) => {
    const { text, worst } = issuesText(g);
    return [seg(text, worst ? { color: SEVERITY_COLOR[worst], bold: worst === 'error' } : { dim: true })];
  });

  // Natural widths (each worked out once per column), then fit: shrink flexible columns, then drop
  // the least useful ones.
  const naturals = new Map<Column, number>();
  const natural = (c: Column) => {
    let w = naturals.get(c);
    if (w === undefined) naturals.set(c, (w = maxOf(c.cells, segsLen, len(c.header))));
    return w;
  };
  // The first entry of a list, and room for the ellipsis that says more follow.
  const firstEntry = (c: Column) =>
    maxOf(
      c.cells,
      (cs) => {
        const parts = cs
          .map((x) => x.text)
          .join('')
          .split(', ');
        return len(parts[0]) + (parts.length > 1 ? 1 : 0);
      },
      len(c.header),
    );
  let shown = cols.slice();
  // Two spaces between columns when everything fits at its natural width, else one.
  const gap = cols.reduce((n, c) => n + natural(c), 0) + 2 * (cols.length - 1) <= width ? 2 : 1;
  const gapOf = (n: number) => gap * Math.max(0, n - 1);
  // The master column is never cut: its minimum is its natural width (what the terminal allows).
  const minOf = (c: Column) => (c.id === 'master' ? natural(c) : c.flex ? Math.min(c.min, natural(c)) : natural(c));
  const minTotal = (cs: Column[]) => cs.reduce((n, c) => n + minOf(c), 0) + gapOf(cs.length);
  while (shown.length > 1 && minTotal(shown) > width) {
    const drop = shown.reduce((a, b) => (b.keep < a.keep ? b : a));
    shown = shown.filter((c) => c !== drop);
  }
  const widths = new Map<Column, number>();
  let flexAvail = width - gapOf(shown.length);
  for (const c of shown)
    if (!c.flex) {
      widths.set(c, natural(c));
      flexAvail -= natural(c);
    }
  // Flexible columns: each its minimum first, then the masters in full (every router acting as
  // master, with its priority: never cut for a less important column), then up to the first entry
  // of the others (one address, one router) in order of importance, then the rest of their lists.
  const flex = shown.filter((c) => c.flex).sort((a, b) => b.keep - a.keep);
  const grow = (c: Column, to: number) => {
    const extra = Math.max(0, Math.min(to - (widths.get(c) ?? 0), flexAvail));
    widths.set(c, (widths.get(c) ?? 0) + extra);
    flexAvail -= extra;
  };
  for (const c of flex) {
    widths.set(c, 0);
    grow(c, minOf(c));
  }
  for (const c of flex) grow(c, c.id === 'master' ? natural(c) : firstEntry(c));
  for (const c of flex) grow(c, natural(c));

  const build = (key: string, cellOf: (c: Column) => Seg[], style: Omit<Seg, 'text'> = {}): Row => {
    const segs: Seg[] = [];
    shown.forEach((c, i) => {
      if (i) segs.push(seg(' '.repeat(gap)));
      segs.push(...fitSegs(cellOf(c), widths.get(c) ?? 0, c.right).map((s) => ({ ...style, ...s })));
    });
    // Trailing padding is not needed on screen.
    while (segs.length && segs[segs.length - 1].text.trim() === '') segs.pop();
    return row(key, ...segs);
  };
  const rows: Row[] = [
    build('tbl-head', (c) => [seg(cell(c.header, widths.get(c) ?? 0, c.right))], { dim: true, bold: true }),
  ];
  for (let i = first; i < Math.min(groups.length, first + count); i++)
    rows.push(build(`g:${groups[i].id}`, (c) => c.cells[i], i === selected ? { bold: true } : {}));
  return rows;
}

/**
 * The visible window of `count` rows out of `total`, keeping `selected` in view (centered when it
 * can be). Returns the first index.
 */
export function windowStart(total: number, count: number, selected: number): number {
  if (count >= total) return 0;
  const start = Math.max(0, selected - Math.floor(count / 2));
  return Math.min(start, total - count);
}

export function GroupTable({
  groups,
  selected,
  width,
  height,
}: {
  groups: readonly GroupRow[];
  selected: number;
  width: number;
  height?: number;
}) {
  let rows = groupTableRows(groups, selected, width);
  if (height !== undefined && rows.length > height) {
    const count = Math.max(0, height - 1);
    const start = windowStart(groups.length, count, selected);
    rows = [rows[0], ...rows.slice(1 + start, 1 + start + count)];
  }
  return <Rows rows={rows} width={width} />;
}
