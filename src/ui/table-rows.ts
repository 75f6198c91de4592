/** A plain table of styled cells fitted to a width, for the detail view's sections. */
import { len } from './format.js';
import { fitSegs } from './group-table.js';
import { row, seg, type Row, type Seg } from './lines.js';
import { maxOf } from '../util/lists.js';

export interface ColumnSpec {
  header: string;
  /** Dropped when the table does not fit, lowest first; never when absent. */
  drop?: number;
  /** Shrinks (down to 8) before anything is dropped. */
  shrink?: boolean;
}

/**
 * A plain table at natural column widths. When too wide: shrinkable columns give way first, then
 * columns are dropped (lowest `drop` first), then the widest column shrinks (down to 4).
 */
export function tableRows(key: string, spec: ColumnSpec[], body: Seg[][][], width: number, indent = 2): Row[] {
  const segLen = (c: Seg[] | undefined) => (c ?? []).reduce((a, s) => a + len(s.text), 0);
  const gap = 2;
  let cols = spec.map((c, i) => ({ ...c, i, w: maxOf(body, (r) => segLen(r[i]), len(c.header)) }));
  const total = () => indent + cols.reduce((a, c) => a + c.w, 0) + gap * Math.max(0, cols.length - 1);
  for (;;) {
    if (total() <= width) break;
    const shrink = cols.filter((c) => c.shrink && c.w > 8);
    if (shrink.length) {
      shrink.reduce((a, b) => (b.w > a.w ? b : a)).w--;
      continue;
    }
    const droppable = cols.filter((c) => c.drop !== undefined);
    if (droppable.length) {
      const d = droppable.reduce((a, b) => ((b.drop ?? 0) < (a.drop ?? 0) ? b : a));
      cols = cols.filter((c) => c !== d);
      continue;
    }
    const widest = cols.reduce((a, b) => (b.w > a.w ? b : a));
    if (widest.w <= 4) break;
    widest.w--;
  }
  const line = (k: string, cells: Seg[][], style: Omit<Seg, 'text'> = {}) => {
    const segs: Seg[] = [seg(' '.repeat(indent))];
    cols.forEach((c, j) => {
      if (j) segs.push(seg(' '.repeat(gap)));
      segs.push(...fitSegs(cells[c.i] ?? [], c.w).map((x) => ({ ...style, ...x })));
    });
    while (segs.length > 1 && segs[segs.length - 1].text.trim() === '') segs.pop();
    return row(k, ...segs);
  };
  return [
    line(
      `${key}-h`,
      spec.map((c) => [seg(c.header)]),
      { dim: true },
    ),
    ...body.map((r, i) => line(`${key}-${i}`, r)),
  ];
}
