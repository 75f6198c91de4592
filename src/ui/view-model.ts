/**
 * What the terminal UI shows, derived from a Report (analyze) or a live snapshot of one (live).
 * Components render a ViewModel and nothing else; building one is pure and tested on its own.
 */
import { plural } from '../util/text.js';
import { RouterIdentity, type LegendEntry } from './identity.js';
import type { Episodes, Span } from './timeline.js';
import { findingTotal, HISTORY_KEPT, historyGap, historyGapSpans } from '../report/types.js';
import { noMasterSpans, splitBrainSpans } from '../report/episodes.js';
import { addTo } from '../util/multimap.js';
import type {
  AddressOwner,
  Finding,
  Family,
  GroupReport,
  GroupStatus,
  MasterPeriod,
  Report,
  RouterNow,
  RouterReport,
  Severity,
  SplitBrainReport,
  TransitionCause,
  TransitionReport,
} from '../report/types.js';
import { pushAll } from '../util/lists.js';

export type { GroupStatus };

export interface GroupRow {
  id: string;
  vrid: number;
  family: Family;
  vlan: number[];
  /** "vxlan 100 / erspan 3", when the group was seen through tunnels. */
  tunnel?: string;
  /** The first virtual addresses advertised (see ADDRESSES_LISTED); virtualAddressCount all of them. */
  virtualAddresses: string[];
  virtualAddressCount: number;
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
  /** The first and the latest master periods (see GroupReport.timeline); timelineCount all of them. */
  timeline: MasterPeriod[];
  timelineCount: number;
  /** What the report marks on the group's time line: split brains, no master, capture gaps (for the strip). */
  episodes: Episodes;
  /** The first and the latest transitions (see GroupReport.transitions); transitionCount all of them. */
  transitions: TransitionReport[];
  transitionCount: number;
  /** The split brains its adverts prove (see GroupReport.splitBrains); splitBrainCount all of them. */
  splitBrains: SplitBrainReport[];
  splitBrainCount: number;
  /** The routers the report lists (see ROUTERS_LISTED); routerCount all of them. */
  routers: RouterReport[];
  routerCount: number;
  /** Who answered ARP/ND for the virtual addresses, from when to when. */
  owners: AddressOwner[];
  /** Every address-MAC pair that answered (owners lists at most 1000). */
  ownerCount: number;
  findings: Finding[];
  /** Each router's letter (by address): the same router has the same letter in every group. */
  letters: ReadonlyMap<string, string>;
}

export interface LogLine {
  /** Stable identity (a finding keeps its id as it grows). */
  id: string;
  time: number;
  /** gap: where a long history's transitions are left out (see HISTORY_HEAD), `left` of them. */
  kind: 'transition' | 'finding' | 'gap';
  left?: number;
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
  /** Every router's letter, what it is (MAC or address) and the addresses it advertised from. */
  legend: readonly LegendEntry[];
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
 * Builds view models of successive reports (live snapshots), reusing what did not change: a
 * group's episodes and log lines are rebuilt only when its transitions or findings changed, and
 * router letters are assigned once for the whole run. Everything the UI shows about a group's
 * present (who is master, the status, the age of the last advert) comes from the report's `state`:
 * the UI decides nothing.
 */
export class ViewModelBuilder {
  private readonly identity = new RouterIdentity();
  private readonly cache = new Map<string, GroupCache>();
  private log: { key: string; lines: LogLine[] } | null = null;

  build(report: Report, o: { title: string; live?: boolean; now?: number | null; status?: string }): ViewModel {
    const now = o.now ?? report.span?.to ?? null;
    const byGroup = new Map<string, Finding[]>();
    for (const f of report.findings) if (f.group !== undefined) addTo(byGroup, f.group, f);
    const letters = this.identity.update(
      report.groups.map((g) => ({ id: g.id, routers: g.routers, masters: g.timeline.map((p) => p.master) })),
    );
    const seen = new Set<string>();
    const groups = report.groups.map((g) => {
      seen.add(g.id);
      const findings = byGroup.get(g.id) ?? [];
      const c = this.group(g, findings, report.gaps);
      return groupRow(g, findings, c, letters.get(g.id) ?? new Map<string, string>());
    });
    for (const id of this.cache.keys()) if (!seen.has(id)) this.cache.delete(id);
    return {
      title: o.title,
      live: o.live ?? false,
      now,
      span: report.span,
      groups,
      log: this.logLines(report),
      findings: report.findings,
      legend: this.identity.legend(),
      counts: report.counts,
      status:
        o.status ??
        `${report.counts.frames} frames, ${plural(report.groups.length, 'virtual router')}, ` +
          plural(findingTotal(report.findings), 'finding'),
    };
  }

  /**
   * The group's parts that change only with its transitions, split brains, findings and the
   * capture's gaps (a split brain or a finding going on reaches further with each advert: the sum
   * of their ends tells that one of them did).
   */
  private group(g: GroupReport, findings: Finding[], gaps: Span[]): GroupCache {
    const last = g.transitions.at(-1);
    let splitEnds = 0;
    for (const x of g.splitBrains) splitEnds += x.to;
    let findingEnds = 0;
    for (const f of findings) findingEnds += f.to;
    const key =
      `${g.transitionCount}|${last?.time}|${last?.to}|${last?.cause}|${gaps.length}|` +
      `${g.splitBrainCount}|${splitEnds}|${findings.length}|${findingEnds}|${findings.at(-1)?.message}`;
    const old = this.cache.get(g.id);
    if (old && old.key === key) return old;
    const label = groupLabel({ ...g, tunnel: tunnelText(g) });
    const c: GroupCache = {
      key,
      episodes: episodes(g, findings, gaps),
      lines: transitionLines(g, label),
    };
    this.cache.set(g.id, c);
    return c;
  }

  /** Transitions and findings in time order; rebuilt only when one of them changed. */
  private logLines(report: Report): LogLine[] {
    const parts = report.groups.map((g) => this.cache.get(g.id)?.key ?? '');
    const lastF = report.findings.at(-1);
    const key = `${parts.join(';')}#${report.findings.length}|${lastF?.to}|${lastF?.message}`;
    if (this.log && this.log.key === key) return this.log.lines;
    const lines: LogLine[] = [];
    for (const g of report.groups) pushAll(lines, this.cache.get(g.id)?.lines ?? []);
    for (const f of report.findings) lines.push(findingLine(f));
    lines.sort((a, b) => a.time - b.time);
    this.log = { key, lines };
    return lines;
  }
}

interface GroupCache {
  key: string;
  episodes: Episodes;
  lines: LogLine[];
}

/** A group's transitions as log lines, with a line where a long history leaves some out. */
function transitionLines(g: GroupReport, label: string): LogLine[] {
  const lines = g.transitions.map((t) => transitionLine(g.id, label, t));
  const gap = historyGap(g.transitions.length, g.transitionCount);
  if (gap)
    lines.splice(gap.at, 0, {
      id: `g|${g.id}`,
      time: g.transitions[gap.at - 1].time,
      kind: 'gap',
      left: gap.left,
      group: g.id,
      text: `${label}: ${gap.left} more transitions, not kept (the report keeps ${HISTORY_KEPT})`,
    });
  return lines;
}

function transitionLine(group: string, label: string, t: TransitionReport): LogLine {
  const delay =
    t.delay === null
      ? ''
      : ` after ${t.delay.toFixed(3)} s${t.expectedDelay === null ? '' : ` (RFC ${t.expectedDelay.toFixed(3)} s)`}`;
  return {
    id: `t|${group}|${t.time}|${t.to}`,
    time: t.time,
    kind: 'transition',
    cause: t.cause,
    group,
    text: `${label}: ${t.from ?? '-'} -> ${t.to} (${t.cause})${delay}`,
  };
}

function findingLine(f: Finding): LogLine {
  return {
    id: `f|${f.rule}|${f.group ?? ''}|${f.from}|${f.routers.join(',')}`,
    time: f.from,
    kind: 'finding',
    severity: f.severity,
    group: f.group,
    text: `${f.rule}: ${f.message}`,
  };
}

/** The view of one report (a file: built once). */
export function viewModel(
  report: Report,
  o: { title: string; live?: boolean; now?: number | null; status?: string },
): ViewModel {
  return new ViewModelBuilder().build(report, o);
}

function tunnelText(g: GroupReport): string | undefined {
  return g.tunnel ? g.tunnel.map((t) => `${t.type} ${t.id}`).join(' / ') : undefined;
}

/**
 * The report's episodes of a group (report/episodes.ts, which the HTML page draws too): its split
 * brains, where it had no master, and the capture's gaps with the stretches of a long history the
 * report leaves out.
 */
function episodes(g: GroupReport, mine: Finding[], gaps: Span[]): Episodes {
  const notKept = historyGapSpans(g);
  return {
    split: splitBrainSpans(g, mine),
    noMaster: noMasterSpans(mine),
    gaps: notKept.length ? [...gaps, ...notKept.map(({ from, to }) => ({ from, to }))] : gaps,
  };
}

function groupRow(g: GroupReport, findings: Finding[], c: GroupCache, letters: ReadonlyMap<string, string>): GroupRow {
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
    virtualAddressCount: g.virtualAddressCount,
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
    timelineCount: g.timelineCount,
    episodes: c.episodes,
    transitions: g.transitions,
    transitionCount: g.transitionCount,
    splitBrains: g.splitBrains,
    splitBrainCount: g.splitBrainCount,
    routers: g.routers,
    routerCount: g.routerCount,
    owners: g.owners,
    ownerCount: g.ownerCount ?? g.owners.length,
    findings,
    letters,
  };
}
