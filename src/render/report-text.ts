/**
 * The analysis report as plain text: per group the routers, the master timeline and the
 * transitions, then the findings by severity. For pipes, files and `--format text`.
 */
import { getBorderCharacters, table } from 'table';
import {
  ADDRESSES_SHOWN,
  FINDINGS_LISTED,
  findingTotal,
  HISTORY_KEPT,
  historyGap,
  ROUTERS_CHOSEN,
  SEVERITIES,
  type Finding,
  type GroupReport,
  type Report,
  type Severity,
} from '../report/types.js';
import { firstOf, plural, safeText } from '../util/text.js';
import { isoTime, outOfRange } from '../util/time.js';

const PLAIN = {
  border: getBorderCharacters('void'),
  columnDefault: { paddingLeft: 0, paddingRight: 2 },
  drawHorizontalLine: () => false,
};

/** Printable ASCII: text whose width on a terminal is its length. */
const ASCII = /^[ -~]*$/;

/**
 * `table(rows, PLAIN)`: each cell left-aligned to its column's width and followed by two spaces, a
 * line per row. Tables of printable ASCII (every table of a report: addresses, times, causes,
 * counts) are laid out here; `table` slices every cell for colour codes and hyperlinks, about 30 µs
 * a cell: seconds for a report of 16,000 groups or 20,000 transitions. Any other cell leaves the
 * table to `table`, which measures it.
 */
export function plainTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      if (!ASCII.test(row[i])) return table(rows, PLAIN);
      if (!(row[i].length <= widths[i])) widths[i] = row[i].length;
    }
  }
  let out = '';
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) out += row[i].padEnd(widths[i] + 2);
    out += '\n';
  }
  return out;
}

export interface TextOptions {
  /** Local wall-clock formatting is ambiguous across sites; UTC unless asked otherwise. */
  time: 'utc' | 'epoch';
  color: boolean;
}

/** Most severe first. */
const SEVERITY_ORDER: readonly Severity[] = [...SEVERITIES].reverse();
const COLORS: Record<Severity, string> = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m' };

function clock(t: number, mode: TextOptions['time']): string {
  if (mode === 'epoch') return t.toFixed(6);
  return isoTime(t)?.slice(11, 23) ?? outOfRange(t);
}

function day(t: number): string {
  return isoTime(t)?.slice(0, 10) ?? outOfRange(t);
}

function dur(s: number | null): string {
  return s === null ? '-' : `${s.toFixed(3)} s`;
}

function indent(s: string, n = 2): string {
  const pad = ' '.repeat(n);
  return s
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => pad + l.trimEnd())
    .join('\n');
}

function groupTitle(g: GroupReport): string {
  const where = [
    g.family === 'ipv6' ? 'IPv6' : 'IPv4',
    `VRRPv${g.version}`,
    g.vlan.length ? `VLAN ${g.vlan.join('.')}` : '',
    g.tunnel ? g.tunnel.map((t) => `${t.type} ${t.id}`).join(' / ') : '',
    g.segment ? `interface ${g.segment}` : '',
  ].filter(Boolean);
  const virtual = firstOf(g.virtualAddresses, ADDRESSES_SHOWN, ', ', g.virtualAddressCount);
  return `VRID ${g.vrid} (${where.join(', ')}) virtual ${virtual || '-'}`;
}

export function renderText(report: Report, opt: TextOptions): string {
  const out: string[] = [];
  const inputs = report.inputs.map((i) => safeText(i.name)).join(', ');
  if (report.span) {
    // Epoch times stand alone: no calendar date and no "UTC" beside them.
    const when =
      opt.time === 'epoch'
        ? `epoch ${report.span.from.toFixed(6)} to ${report.span.to.toFixed(6)}`
        : `${day(report.span.from)} ${clock(report.span.from, opt.time)} to ${clock(report.span.to, opt.time)} UTC`;
    out.push(
      `${inputs}: ${report.counts.frames} frames, ${when} (${(report.span.to - report.span.from).toFixed(1)} s)`,
    );
  } else if (report.counts.frames > 0) {
    out.push(`${inputs}: ${report.counts.frames} frames, none of them VRRP, ARP or neighbor discovery`);
  } else {
    out.push(`${inputs}: no frames`);
  }
  const relevant = report.counts.vrrp + report.counts.arp + report.counts.nd + report.counts.carp;
  if (report.counts.frames > 0 && relevant === 0)
    out.push(
      'Likely: a capture filter that left them out (capture with `vrrp or arp`), the wrong interface, ' +
        'or VRRP sent unicast between the routers (keepalived unicast_peer) where this capture cannot see it.',
    );
  out.push(
    `${report.counts.vrrp} VRRP, ${report.counts.arp} ARP, ${report.counts.nd} ND frames; ` +
      plural(report.groups.length, 'virtual router'),
  );
  if (report.groups.length === 0) out.push('No VRRP advertisements found.');
  for (const x of report.gaps ?? []) {
    out.push(
      `capture gap: nothing captured from ${clock(x.from, opt.time)} to ${clock(x.to, opt.time)} ` +
        `(${(x.to - x.from).toFixed(1)} s): the history resumes after it, nothing is judged across it`,
    );
  }

  for (const g of report.groups) {
    out.push('', groupTitle(g));
    if (g.routers.length < g.routerCount)
      out.push(`  ${g.routers.length} of ${g.routerCount} routers listed: ${ROUTERS_CHOSEN}`);
    out.push(
      indent(
        plainTable([
          ['router', 'mac', 'priority', 'adverts', 'interval', 'version', 'seen'],
          ...g.routers.map((r) => [
            r.address + (r.unicast ? ' (unicast)' : ''),
            r.mac,
            r.priorities.join(' > '),
            String(r.adverts),
            r.intervals.map((i) => `${Number((i / 100).toFixed(2))} s`).join(', '),
            `v${r.version}`,
            `${clock(r.firstSeen, opt.time)} - ${clock(r.lastSeen, opt.time)}`,
          ]),
        ]),
      ),
    );
    const periodGap = historyGap(g.timeline.length, g.timelineCount);
    out.push(periodGap ? `  master timeline (${g.timelineCount} periods: ${HISTORY_KEPT})` : '  master timeline');
    const periods = g.timeline.map((p) => [
      p.master,
      clock(p.from, opt.time),
      clock(p.to, opt.time) + (p.open ? ' (end of capture)' : ''),
      dur(p.to - p.from),
      String(p.priority),
    ]);
    if (periodGap) periods.splice(periodGap.at, 0, ['...', `${periodGap.left} more`, '', '', '']);
    out.push(indent(plainTable([['master', 'from', 'to', 'for', 'priority'], ...periods]), 4));
    if (g.transitions.length) {
      const gap = historyGap(g.transitions.length, g.transitionCount);
      out.push(gap ? `  transitions (${g.transitionCount}: ${HISTORY_KEPT})` : '  transitions');
      const rows = g.transitions.map((t) => [
        clock(t.time, opt.time),
        t.from ?? '-',
        t.to,
        t.cause,
        dur(t.delay),
        dur(t.expectedDelay),
      ]);
      if (gap) rows.splice(gap.at, 0, ['...', `${gap.left} more`, '', '', '', '']);
      out.push(indent(plainTable([['time', 'from', 'to', 'cause', 'delay', 'RFC timer'], ...rows]), 4));
    }
    if (g.splitBrains.length) {
      const gap = historyGap(g.splitBrains.length, g.splitBrainCount);
      out.push(gap ? `  split brains (${g.splitBrainCount}: ${HISTORY_KEPT})` : '  split brains');
      const rows = g.splitBrains.map((x) => [
        `${x.a} and ${x.b}`,
        clock(x.from, opt.time),
        clock(x.to, opt.time) + (x.open ? ' (end of capture)' : ''),
        dur(x.to - x.from),
      ]);
      if (gap) rows.splice(gap.at, 0, ['...', `${gap.left} more`, '', '']);
      out.push(indent(plainTable([['both master', 'from', 'to', 'for'], ...rows]), 4));
    }
    if (g.owners.length) {
      const count = g.ownerCount ?? g.owners.length;
      out.push(
        count > g.owners.length
          ? `  who answered for the virtual addresses (the first ${g.owners.length} of ${count} address-MAC pairs)`
          : '  who answered for the virtual addresses',
      );
      out.push(
        indent(
          plainTable([
            ['address', 'mac', 'from', 'to', 'gratuitous', 'replies'],
            ...g.owners.map((o) => [
              o.address,
              o.mac,
              clock(o.from, opt.time),
              clock(o.to, opt.time),
              String(o.gratuitous),
              String(o.replies),
            ]),
          ]),
          4,
        ),
      );
    }
  }

  out.push('');
  if (report.findings.length === 0) {
    out.push('No findings.');
  } else {
    const counts = SEVERITY_ORDER.map((s) => {
      const n = findingTotal(report.findings.filter((f) => f.severity === s));
      return `${n} ${s}${n === 1 || s === 'info' ? '' : 's'}`;
    });
    const folded = findingTotal(report.findings) > report.findings.length;
    out.push(
      `Findings: ${counts.join(', ')}${folded ? ` (past ${FINDINGS_LISTED} alike in a group, one line counts the rest)` : ''}`,
    );
    for (const sev of SEVERITY_ORDER) {
      for (const f of report.findings.filter((x) => x.severity === sev)) out.push(findingLine(f, opt));
    }
  }
  for (const i of report.inputs) {
    for (const w of i.warnings) out.push(`warning: ${safeText(i.name)}: ${w}`);
    if (i.error) out.push(`error: ${safeText(i.error)}`);
  }
  return out.join('\n') + '\n';
}

function findingLine(f: Finding, opt: TextOptions): string {
  const sev = opt.color ? `${COLORS[f.severity]}${f.severity}\x1b[0m` : f.severity;
  const span = f.to > f.from ? `${clock(f.from, opt.time)}-${clock(f.to, opt.time)}` : clock(f.from, opt.time);
  const more = f.frameCount > 8 ? `, ... ${f.frameCount} in all` : '';
  const frames = f.frames.length
    ? ` [frame${f.frameCount === 1 ? '' : 's'} ${f.frames.slice(0, 8).join(', ')}${more}]`
    : '';
  return `  ${sev} ${f.rule} ${span} ${f.group ?? ''}${f.group ? ': ' : ''}${f.message}${frames}`;
}
