/**
 * The log of transitions and findings, inside the screen (live too: nothing is printed above it to
 * scroll away): the newest lines at the bottom, following new lines unless scrolled back (PgUp, or
 * k in the full-screen log).
 */
import { clock, fit, len } from './format.js';
import { row, seg, type Row, type Seg } from './lines.js';
import { SEVERITY_COLOR } from './group-table.js';
import type { LogLine } from './view-model.js';

const TAG_WIDTH = 6;

function logTag(l: LogLine): Seg {
  if (l.kind === 'finding') {
    const sev = l.severity ?? 'info';
    const text = sev === 'error' ? 'ERROR' : sev === 'warning' ? 'WARN' : 'info';
    return seg(text.padEnd(TAG_WIDTH), { color: SEVERITY_COLOR[sev], bold: sev !== 'info' });
  }
  if (l.kind === 'gap') return seg('...'.padEnd(TAG_WIDTH), { dim: true });
  const split = l.text.includes('(split-brain)');
  return seg('master'.padEnd(TAG_WIDTH), split ? { color: 'red', bold: true } : { color: 'cyan' });
}

/** One log line: "00:30:17.867 ERROR  duplicate-master: ...", cut to `width`. */
function logRow(key: string, l: LogLine, width: number): Row {
  const t = clock(l.time);
  const text = fit(l.text, Math.max(0, width - len(t) - 1 - TAG_WIDTH - 1));
  return row(key, seg(t, { dim: true }), seg(' '), logTag(l), seg(' '), seg(text));
}

function logSummary(log: readonly LogLine[]): string {
  // Transitions left out of a long history (gap lines) are counted too.
  let t = 0;
  let f = 0;
  for (const l of log) {
    if (l.kind === 'finding') f++;
    else t += l.kind === 'gap' ? (l.left ?? 0) : 1;
  }
  return `${t} transition${t === 1 ? '' : 's'}, ${f} finding${f === 1 ? '' : 's'}`;
}

/**
 * The rows of the analyze-view log: a header and the `height - 1` lines ending `scroll` lines
 * before the newest. `maxScroll` is how far back it can go.
 */
export function logRows(
  log: readonly LogLine[],
  width: number,
  height: number,
  scroll: number,
): { rows: Row[]; maxScroll: number } {
  const n = Math.max(0, height - 1);
  const maxScroll = Math.max(0, log.length - n);
  const s = Math.min(Math.max(0, scroll), maxScroll);
  const end = log.length - s;
  const start = Math.max(0, end - n);
  const more =
    s > 0 ? `  (${s} newer below: PgDn; not following)` : start > 0 ? `  (${start} older: PgUp; following)` : '';
  const rows = [row('log-head', seg('LOG', { bold: true }), seg(`  ${logSummary(log)}`), seg(more, { dim: true }))];
  if (n > 0 && log.length === 0) rows.push(row('log-empty', seg('nothing yet', { dim: true })));
  for (let i = start; i < end; i++) rows.push(logRow(`log:${i}`, log[i], width));
  return { rows, maxScroll };
}
