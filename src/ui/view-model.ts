/**
 * What the terminal UI shows, derived from a Report (analyze) or a live snapshot of one (live).
 * Components render a ViewModel and nothing else; building one is pure and tested on its own.
 */
import { plural } from '../util/text.js';
import type { Episodes, Span } from './timeline.js';
import type {
  Finding,
  Family,
  GroupReport,
  GroupStatus,
  MasterPeriod,
  Report,
  RouterNow,
  RouterReport,
  Severity,
  TransitionCause,
  TransitionReport,
} from '../report/types.js';

export type { GroupStatus };

export interface GroupRow {
  id: string;
  vrid: number;
  family: Family;
  vlan: number[];
  /** "vxlan 100 / erspan 3", when the group was seen through tunnels. */
  tunnel?: string;
  virtualAddresses: string[];
  /** VRRP version most adverts used. */
  version: number;
  /** Capture interface (0 for classic pcap). */
  segment: number;
  /** The master now (live) or at the end of the capture; null when none. */
  master: string | null;
  masterPriority: number | null;
  /** Everyone acting as master right now (more than one: split brain). */
  masters: string[];
  /** Every router heard: what it is now, when last heard (the report's state). */
  liveness: RouterNow[];
  /** Routers heard that are not master now: their last priority, what they are now, how long silent. */
  backups: { address: string; priority: number; role: RouterNow['role']; silentFor: number }[];
  /** Seconds since the master's last advert (live; at the end of the capture for a file): GroupNow. */
  lastAdvertAge: number | null;
  /** The Master_Down_Interval lastAdvertAge is measured against (GroupNow). */
  masterDown: number | null;
  status: GroupStatus;
  timeline: MasterPeriod[];
  /** What the report marks on the group's time line: split brains, no master, capture gaps (for the strip). */
  episodes: Episodes;
  transitions: TransitionReport[];
  routers: RouterReport[];
  findings: Finding[];
}

export interface LogLine {
  /** Stable identity (a finding keeps its id as it grows). */
  id: string;
  time: number;
  kind: 'transition' | 'finding';
  cause?: TransitionCause;
  severity?: Severity;
  group?: string;
  text: string;
}

export interface ViewModel {
  /** e.g. "live eth0" or "analyze outage.pcap". */
  title: string;
  live: boolean;
  /** Packet-time clock: the last packet or tick (live), the end of the capture (file). */
  now: number | null;
  span: { from: number; to: number } | null;
  groups: GroupRow[];
  /** Transitions and findings in time order (oldest first). */
  log: LogLine[];
  findings: Finding[];
  counts: Report['counts'];
  /** One status line, e.g. "capturing on eth0: 1234 packets, 0 dropped". */
  status: string;
}

export function groupLabel(g: Pick<GroupRow, 'vrid' | 'family' | 'vlan' | 'tunnel'>): string {
  return [
    `VRID ${g.vrid}`,
    g.family === 'ipv6' ? 'IPv6' : 'IPv4',
    g.vlan.length ? `VLAN ${g.vlan.join('.')}` : '',
    g.tunnel ?? '',
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * Builds the view of a report. Everything the UI shows about a group's present (who is master,
 * the status, the age of the last advert) comes from the report's `state`: the UI decides nothing.
 * `live` marks a live view (the report is a snapshot at `now`).
 */
export function viewModel(
  report: Report,
  o: { title: string; live?: boolean; now?: number | null; status?: string },
): ViewModel {
  const now = o.now ?? report.span?.to ?? null;
  const groups = report.groups.map((g) => groupRow(g, report.findings, report.gaps, report.span?.to ?? 0));
  const log: LogLine[] = [];
  for (const g of report.groups) {
    const label = groupLabel({ ...g, tunnel: tunnelText(g) });
    for (const t of g.transitions) {
      const delay =
        t.delay === null
          ? ''
          : ` after ${t.delay.toFixed(3)} s${t.expectedDelay === null ? '' : ` (RFC ${t.expectedDelay.toFixed(3)} s)`}`;
      log.push({
        id: `t|${g.id}|${t.time}|${t.to}`,
        time: t.time,
        kind: 'transition',
        cause: t.cause,
        group: g.id,
        text: `${label}: ${t.from ?? '-'} -> ${t.to} (${t.cause})${delay}`,
      });
    }
  }
  for (const f of report.findings)
    log.push({
      id: `f|${f.rule}|${f.group ?? ''}|${f.from}|${f.routers.join(',')}`,
      time: f.from,
      kind: 'finding',
      severity: f.severity,
      group: f.group,
      text: `${f.rule}: ${f.message}`,
    });
  log.sort((a, b) => a.time - b.time);
  return {
    title: o.title,
    live: o.live ?? false,
    now,
    span: report.span,
    groups,
    log,
    findings: report.findings,
    counts: report.counts,
    status:
      o.status ??
      `${report.counts.frames} frames, ${plural(report.groups.length, 'virtual router')}, ` +
        plural(report.findings.length, 'finding'),
  };
}

function tunnelText(g: GroupReport): string | undefined {
  return g.tunnel ? g.tunnel.map((t) => `${t.type} ${t.id}`).join(' / ') : undefined;
}

/**
 * The report's episodes of a group: a split brain from its split-brain transition to the
 * split-brain-end that involves one of the two (or the end), and every duplicate-master finding;
 * no master where a no-master finding says so; the capture's gaps.
 */
function episodes(g: GroupReport, findings: Finding[], gaps: Span[], end: number): Episodes {
  const mine = findings.filter((f) => f.group === g.id);
  const split: Span[] = mine.filter((f) => f.rule === 'duplicate-master').map(({ from, to }) => ({ from, to }));
  g.transitions.forEach((t, i) => {
    if (t.cause !== 'split-brain') return;
    const pair = [t.from, t.to];
    const over = g.transitions
      .slice(i + 1)
      .find((x) => x.cause === 'split-brain-end' && pair.includes(x.from) && pair.includes(x.to));
    split.push({ from: t.time, to: over ? over.time : end });
  });
  const noMaster = mine.filter((f) => f.rule === 'no-master').map(({ from, to }) => ({ from, to }));
  return { split, noMaster, gaps };
}

function groupRow(g: GroupReport, findings: Finding[], gaps: Span[], end: number): GroupRow {
  const { masters, status, lastAdvertAge, masterDown } = g.state;
  const master = masters[0] ?? null;
  // The priority of the master's latest period (a router's priorities list keeps first appearances only).
  let masterPriority: number | null = null;
  let latest = -Infinity;
  for (const p of g.timeline) if (p.master === master && p.to >= latest) [masterPriority, latest] = [p.priority, p.to];
  const tunnel = tunnelText(g);
  return {
    id: g.id,
    vrid: g.vrid,
    family: g.family,
    vlan: g.vlan,
    ...(tunnel ? { tunnel } : {}),
    virtualAddresses: g.virtualAddresses,
    version: g.version,
    segment: g.segment,
    master,
    masterPriority,
    masters,
    liveness: g.state.routers,
    backups: g.state.routers
      .filter((r) => r.role !== 'master')
      .map(({ address, priority, role, silentFor }) => ({ address, priority, role, silentFor })),
    lastAdvertAge,
    masterDown,
    status,
    timeline: g.timeline,
    episodes: episodes(g, findings, gaps, end),
    transitions: g.transitions,
    routers: g.routers,
    findings: findings.filter((f) => f.group === g.id),
  };
}
