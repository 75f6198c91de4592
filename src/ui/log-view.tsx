/**
 * The log of transitions and findings. In the analyze view it is the newest lines that fit (PgUp
 * scrolls back); live, every line is printed once through ink's <Static> above the live area, and
 * never changes afterwards (a finding that grows later keeps the line it was first printed with).
 */
import { Box, Static } from 'ink';
import { clock, fit, len } from './format.js';
import { RowLine, row, seg, type Row, type Seg } from './lines.js';
import { SEVERITY_COLOR } from './group-table.js';
import type { LogLine } from './view-model.js';

const TAG_WIDTH = 6;

function logTag(l: LogLine): Seg {
  if (l.kind === 'finding') {
    const sev = l.severity ?? 'info';
    const text = sev === 'error' ? 'ERROR' : sev === 'warning' ? 'WARN' : 'info';
    return seg(text.padEnd(TAG_WIDTH), { color: SEVERITY_COLOR[sev], bold: sev !== 'info' });
  }
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
  const t = log.filter((l) => l.kind === 'transition').length;
  const f = log.length - t;
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
  const more = s > 0 ? `  (${s} newer below: PgDn)` : start > 0 ? `  (${start} older: PgUp)` : '';
  const rows = [row('log-head', seg('LOG', { bold: true }), seg(`  ${logSummary(log)}`), seg(more, { dim: true }))];
  if (n > 0 && log.length === 0) rows.push(row('log-empty', seg('nothing yet', { dim: true })));
  for (let i = start; i < end; i++) rows.push(logRow(`log:${i}`, log[i], width));
  return { rows, maxScroll };
}

/** What identifies a log line that was already printed live. */
function logKey(l: LogLine): string {
  // A finding's sentence can change while it lasts (its duration); its rule and start do not.
  const what = l.kind === 'finding' ? l.text.slice(0, Math.max(0, l.text.indexOf(':'))) || l.text : l.text;
  return `${l.kind}|${l.group ?? ''}|${l.time}|${what}`;
}

export interface PrintedLog {
  keys: ReadonlySet<string>;
  /** Every line printed so far, in the order they were first seen: <Static> items (append-only). */
  lines: readonly LogLine[];
}

export const emptyPrintedLog: PrintedLog = { keys: new Set(), lines: [] };

/** Appends the lines of `log` not printed yet; returns `prev` itself when there are none. */
export function appendLog(prev: PrintedLog, log: readonly LogLine[]): PrintedLog {
  let keys: Set<string> | null = null;
  let lines: LogLine[] | null = null;
  for (const l of log) {
    const k = logKey(l);
    if ((keys ?? prev.keys).has(k)) continue;
    keys ??= new Set(prev.keys);
    lines ??= [...prev.lines];
    keys.add(k);
    lines.push(l);
  }
  return keys && lines ? { keys, lines } : prev;
}

/** Live: each line printed once, above the live area. */
export function StaticLog({ lines, width }: { lines: readonly LogLine[]; width: number }) {
  return (
    <Static items={lines as LogLine[]}>
      {(l, i) => (
        <Box key={`s${i}`} width={Math.max(1, width)}>
          <RowLine row={logRow(`s${i}`, l, width)} />
        </Box>
      )}
    </Static>
  );
}
