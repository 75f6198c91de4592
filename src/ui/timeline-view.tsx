/**
 * Timeline strips drawn: one line per group, "label |strip|" across the terminal, plus an axis line
 * with the span's start, length and end. The cells come from timelineStrip (timeline.ts).
 */
import { clock, len, span as spanText } from './format.js';
import { row, seg, type Row, type Seg } from './lines.js';
import { GAP_CHAR, SPLIT_CHAR, routerColor, stripRuns, timelineStrip, type StripCell } from './timeline.js';
import type { GroupRow, ViewModel } from './view-model.js';
import { maxOf } from '../util/lists.js';

/** The span the strips cover: the capture's, stretched to the live clock. */
export function stripSpan(model: Pick<ViewModel, 'span' | 'now'>): { from: number; to: number } | null {
  if (!model.span) return null;
  const to = model.now !== null && model.now > model.span.to ? model.now : model.span.to;
  return { from: model.span.from, to };
}

export function stripSegs(cells: readonly StripCell[]): Seg[] {
  return stripRuns(cells).map((r) => {
    if (r.kind === 'split') return seg(r.text, { color: 'red', bold: true, inverse: true });
    if (r.kind === 'gap') return seg(r.text, { color: 'red', bold: true });
    if (r.kind === 'master') return seg(r.text, { color: routerColor(r.char), bold: true });
    return seg(r.text);
  });
}

/** Short group label for the strips: "51 v4", "51 v6 vlan 10". */
function shortLabel(g: Pick<GroupRow, 'vrid' | 'family' | 'vlan'>): string {
  return `${g.vrid} ${g.family === 'ipv6' ? 'v6' : 'v4'}${g.vlan.length ? ` vlan ${g.vlan.join('.')}` : ''}`;
}

/** The strip of one group, `width` cells wide. */
export function groupStrip(g: GroupRow, sp: { from: number; to: number } | null, width: number): StripCell[] {
  return timelineStrip(g.timeline, sp, width, g.letters, g.episodes);
}

/** The axis: start time at the left of the strip, end time at its right, the length between. */
export function axisRow(key: string, sp: { from: number; to: number } | null, indent: number, width: number): Row {
  const w = Math.max(0, width - indent);
  if (!sp) return row(key, seg(' '.repeat(indent)), seg('no packets', { dim: true }));
  const a = clock(sp.from);
  const b = clock(sp.to);
  const mid = spanText(sp.to - sp.from);
  let text: string;
  if (w >= len(a) + len(b) + len(mid) + 4) {
    const free = w - len(a) - len(b) - len(mid);
    const l = Math.floor(free / 2);
    text = a + ' '.repeat(l) + mid + ' '.repeat(free - l) + b;
  } else if (w >= len(a) + len(b) + 1) {
    text = a + ' '.repeat(w - len(a) - len(b)) + b;
  } else {
    text = mid;
  }
  return row(key, seg(' '.repeat(indent)), seg(text, { dim: true }));
}

/**
 * Header, axis and the strips of the groups shown: `count` from `first` (default all). The labels'
 * column fits every group's, so it stays put while the window scrolls; strips are drawn only for the
 * window (a segment of 16,000 groups has a screenful of them shown).
 */
export function timelineRows(
  groups: readonly GroupRow[],
  selected: number,
  sp: { from: number; to: number } | null,
  width: number,
  first = 0,
  count = groups.length,
): { header: Row[]; strips: Row[] } {
  const labels = groups.map((g, i) => `${i === selected ? '>' : ' '} ${shortLabel(g)}`);
  const lw = maxOf(labels, len, 0) + 1;
  const sw = Math.max(1, width - lw);
  const header = [
    row(
      'tl-head',
      seg('TIMELINE', { bold: true }),
      seg('  letters: routers (legend)  '),
      seg(SPLIT_CHAR, { color: 'red', bold: true, inverse: true }),
      seg(' split brain  '),
      seg(GAP_CHAR, { color: 'red', bold: true }),
      seg(' no master'),
    ),
    axisRow('tl-axis', sp, lw, width),
  ];
  const strips: Row[] = [];
  for (let i = first; i < Math.min(groups.length, first + count); i++) {
    const g = groups[i];
    strips.push(
      row(
        `tl:${g.id}`,
        seg(labels[i].padEnd(lw), i === selected ? { bold: true } : {}),
        ...stripSegs(groupStrip(g, sp, sw)),
      ),
    );
  }
  return { header, strips };
}
