/**
 * The analysis report: the only thing renderers (text, JSON, the terminal UI) see. Plain data,
 * JSON-serializable, versioned by schemaVersion. README "analyze JSON schema" documents it.
 */
import type { TunnelInfo } from '../dissect/types.js';

/**
 * 3: what a picture of the history needs, bounded: routers' `priorityChanges`, `silences` and
 * `activity` (advert counts in buckets; `advertTimes` when few), groups' `announcements`
 * (gratuitous ARP / unsolicited NA). Every field of 2 is unchanged.
 * 2: transition causes priority-drop and split-brain-end, groups' `state`, `gaps`, findings'
 * `messageId`, `data` and `open` (1: the first release).
 */
export const SCHEMA_VERSION = 3;

/**
 * A group's transitions and its timeline (master periods) list all their entries up to
 * HISTORY_HEAD + HISTORY_TAIL; past that, the first HISTORY_HEAD and the latest HISTORY_TAIL, in
 * time order, with transitionCount and timelineCount the totals: a cluster flapping for a week is
 * a bounded report, whose first entries say how it began and whose last say how it stands.
 */
export const HISTORY_HEAD = 500;
export const HISTORY_TAIL = 500;
/** What a history cut to its two ends keeps, as the renderers say it. */
export const HISTORY_KEPT = `the first ${HISTORY_HEAD} and the latest ${HISTORY_TAIL}`;

/**
 * A group's `routers` and `state.routers` list at most this many (the same ones; routerCount the
 * total): the masters at the end, the router heard last, then those that sent the most adverts (a
 * flood of 20,000 spoofed routers is counted, while the real ones, which advertise all along, stay
 * listed).
 */
export const ROUTERS_LISTED = 1000;
/** Which routers a group lists past ROUTERS_LISTED, as the renderers say it. */
export const ROUTERS_CHOSEN = 'the masters, the last heard, the busiest';

/** The most virtual addresses one advert can carry (its Count IPvX Addr field is 8 bits): what a renderer writes out before "and N more". */
export const ADDRESSES_SHOWN = 255;

/** A group's `virtualAddresses` lists at most this many, the first advertised (virtualAddressCount the total). */
export const ADDRESSES_LISTED = 1000;

/**
 * Where a list kept as its first HISTORY_HEAD and latest HISTORY_TAIL entries leaves some out: the
 * index of the first entry after the gap and how many are left out, or null when it lists them all.
 */
export function historyGap(listed: number, count: number): { at: number; left: number } | null {
  return count > listed ? { at: Math.min(HISTORY_HEAD, listed), left: count - listed } : null;
}

/**
 * The stretches of a group's history its report leaves out (see HISTORY_HEAD): from the last master
 * period (or transition) of the first ones kept to the first of the latest; none for a short history.
 */
export function historyGapSpans(g: GroupReport): (Span & { what: 'periods' | 'transitions'; left: number })[] {
  const out: (Span & { what: 'periods' | 'transitions'; left: number })[] = [];
  const p = historyGap(g.timeline.length, g.timelineCount);
  if (p) out.push({ from: g.timeline[p.at - 1].to, to: g.timeline[p.at].from, what: 'periods', left: p.left });
  const t = historyGap(g.transitions.length, g.transitionCount);
  if (t)
    out.push({ from: g.transitions[t.at - 1].time, to: g.transitions[t.at].time, what: 'transitions', left: t.left });
  return out;
}

export type Severity = 'info' | 'warning' | 'error';
/** Every severity, least severe first: the one ordering (see severityRank). */
export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'error'];

/** 0 for info, 1 warning, 2 error: compare severities with this, nowhere else. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** Most severe first (error, warning, info): how findings are listed. */
export function bySeverityDesc(a: Severity, b: Severity): number {
  return severityRank(b) - severityRank(a);
}

export type Family = 'ipv4' | 'ipv6';

/**
 * Why the master changed (README "How the history is reconstructed" says what on the wire proves each):
 * `startup`, `master-down` (the master fell silent), `release` (it sent priority 0), `priority-drop`
 * (its advertised priority fell below a backup's), `preemption` (a higher-priority router appeared or
 * came back), `split-brain` (a second master while the first kept advertising), `split-brain-end`
 * (one of two masters yielded: `from` yielded, `to` stayed master).
 */
export type TransitionCause =
  'startup' | 'master-down' | 'release' | 'priority-drop' | 'preemption' | 'split-brain' | 'split-brain-end';
/** Every cause, in the order transitionCauses and the metrics list them. */
export const TRANSITION_CAUSES: readonly TransitionCause[] = [
  'startup',
  'master-down',
  'release',
  'priority-drop',
  'preemption',
  'split-brain',
  'split-brain-end',
];

/** A frame reference: the frame number, or "file#frame" when several inputs were read. */
export type FrameRef = number | string;

/** A span of time, epoch seconds. */
export interface Span {
  from: number;
  to: number;
}

/** A router's advertised priority from `time` on (its first advert, then every change; 0 is a release). */
export interface PriorityChange {
  time: number;
  priority: number;
  frame: FrameRef;
}

/**
 * Adverts counted in equal buckets: bucket i covers [from + i*width, from + (i+1)*width). At most
 * 256 buckets; the width doubles as the capture gets longer (0.05 s, 0.1 s, ...: an hour is 141
 * buckets of 25.6 s).
 */
export interface ActivityBuckets {
  from: number;
  width: number;
  /** Empty when the router's advertTimes lists every advert (they say more than the counts). */
  counts: number[];
}

/** A gratuitous ARP (IPv4) or unsolicited neighbor advertisement (IPv6) for a virtual address. */
export interface Announcement {
  time: number;
  address: string;
  mac: string;
  frame: FrameRef;
}

export interface RouterReport {
  /** Source address of its adverts: how a router is named everywhere in the report. */
  address: string;
  /** Ethernet source of its adverts (the virtual MAC for FRR/Cisco, the physical one for keepalived). */
  mac: string;
  /** Priorities advertised, in order of first appearance. */
  priorities: number[];
  adverts: number;
  /** Advertisement interval in centiseconds (the last one seen; see intervals for all). */
  intervalCs: number;
  intervals: number[];
  version: number;
  /** Virtual addresses it advertised (the last list). */
  addresses: string[];
  authType?: number;
  /** VRRPv3 over IPv4: checksum styles seen (valid = RFC 5798 pseudo-header, valid-rfc9568 = message only). */
  checksums: string[];
  /** Adverts sent to a unicast address (keepalived unicast_peer). */
  unicast: boolean;
  firstSeen: number;
  lastSeen: number;
  /** Schema 3: its first advertised priority and every change, in time order (at most 1000; priorityChangeCount the total). */
  priorityChanges: PriorityChange[];
  priorityChangeCount: number;
  /**
   * Schema 3: silences between its adverts longer than the Master_Down_Interval a default
   * (priority 100) backup waits under it, not after a priority-0 advert; the last one `open` when it
   * was still silent at the end (at most 1000; silenceCount the total).
   */
  silences: (Span & { open?: boolean })[];
  silenceCount: number;
  /** Schema 3: its adverts over time (every advert counted). */
  activity: ActivityBuckets;
  /** Schema 3: the time of every advert, when it sent at most 600 (otherwise absent: see activity). */
  advertTimes?: number[];
}

export interface MasterPeriod {
  master: string;
  /** First and last advert of the period. */
  from: number;
  to: number;
  /** Priority advertised during the period (the last one). */
  priority: number;
  /** The period was still going when the capture ended. */
  open?: boolean;
}

export interface TransitionReport {
  time: number;
  /** Previous master (null when none had been seen). */
  from: string | null;
  to: string;
  cause: TransitionCause;
  /** Last advert of the old master (or its priority-0 advert) to first advert of the new, seconds. */
  delay: number | null;
  /** What the RFC timers predict for this cause (Master_Down_Interval, Skew_Time), seconds. */
  expectedDelay: number | null;
  frame: FrameRef;
}

/** Which MACs answered for a virtual address, and when (ARP for IPv4, neighbor advertisements for IPv6). */
export interface AddressOwner {
  address: string;
  mac: string;
  from: number;
  to: number;
  /** How many gratuitous ARPs / unsolicited NAs, and how many other replies. */
  gratuitous: number;
  replies: number;
}

/**
 * What a group is at the report's time: `master` (one), `contested` (a second router advertises
 * without having outranked the master, not yet long enough to call it a split brain), `split-brain`,
 * `no-master`, or `unknown` (no master ever heard).
 */
export type GroupStatus = 'master' | 'contested' | 'split-brain' | 'no-master' | 'unknown';

/**
 * A router at the report's time: `master` (acting as master), `backup` (it yielded to a better
 * master: preempted, its priority dropped, or it ended a split brain), `released` (it sent priority
 * 0: a graceful stop), `silent` (it stopped advertising without yielding: crashed, lost its link,
 * or is no longer heard). A backup that never was master is never heard, so it is not listed.
 */
export interface RouterNow {
  address: string;
  role: 'master' | 'backup' | 'released' | 'silent';
  /** Its last advertised priority above 0. */
  priority: number;
  /** Time of its last advert (any priority). */
  lastHeard: number;
  /** Seconds from lastHeard to the report's time. */
  silentFor: number;
}

/** A group as it stands at the report's time: the end of the capture, or now (live). */
export interface GroupNow {
  status: GroupStatus;
  /**
   * Routers acting as master at that time, the latest to take over first (two or more: split
   * brain); at most ROUTERS_LISTED (the latest to take over), `masterCount` the total when it is more.
   */
  masters: string[];
  /** How many routers were acting as master, present only when `masters` lists fewer (a flood). */
  masterCount?: number;
  /** Seconds since the last advert of the current master (with none: of the last master heard). */
  lastAdvertAge: number | null;
  /**
   * Master_Down_Interval a backup of the default priority (100) waits under that master (its
   * interval and version): what lastAdvertAge is measured against.
   */
  masterDown: number | null;
  /** The routers listed (see ROUTERS_LISTED), by address: what each is now and when it was last heard. */
  routers: RouterNow[];
}

export interface GroupReport {
  /** Stable key: segment, tunnels, VLANs, family and VRID. */
  id: string;
  vrid: number;
  family: Family;
  vlan: number[];
  tunnel?: TunnelInfo[];
  /** Capture interface (pcapng interface id, or the cooked capture's ifindex); 0 for classic pcap. */
  segment: number;
  version: number;
  /** In the order first advertised: all of them, or the first ADDRESSES_LISTED. */
  virtualAddresses: string[];
  /** Schema 3 (since 2026-11-30; absent in earlier reports): every virtual address advertised. */
  virtualAddressCount: number;
  /** The routers heard, by address: all of them, or past ROUTERS_LISTED those it says. */
  routers: RouterReport[];
  /** Schema 3 (since 2026-11-30; absent in earlier reports): every router heard, listed or not. */
  routerCount: number;
  /**
   * Master periods in time order: all of them, or (past 1000) the first 500 and the latest 500.
   * timelineCount (schema 3, since 2026-11-30; absent in earlier reports) is how many there were.
   */
  timeline: MasterPeriod[];
  timelineCount: number;
  /** Transitions in time order: all of them, or (past 1000) the first 500 and the latest 500. */
  transitions: TransitionReport[];
  /** Schema 3 (since 2026-11-30; absent in earlier reports): every transition, kept or not. */
  transitionCount: number;
  /** The same per cause (the causes it had, in TRANSITION_CAUSES order). */
  transitionCauses: Partial<Record<TransitionCause, number>>;
  /**
   * Schema 3 (since 2026-11-30; absent in earlier reports): its split brains as the adverts prove
   * them, by start: all of them, or (past 1000) the first 500 found and the latest 500.
   * splitBrainCount is how many there were.
   */
  splitBrains: SplitBrainReport[];
  splitBrainCount: number;
  /** At most 1000: the routers' MACs and the virtual MAC always, other MACs while there is room. */
  owners: AddressOwner[];
  /** Schema 3 (since 2026-11-30; absent in earlier reports): every address-MAC pair that answered, listed or not. */
  ownerCount: number;
  /** Schema 3: gratuitous ARPs / unsolicited NAs for its virtual addresses (at most 1000; announcementCount the total). */
  announcements: Announcement[];
  announcementCount: number;
  /** The group at the report's time (see GroupNow). */
  state: GroupNow;
}

/**
 * Two routers of a group acting as master at once (a split brain), proven by their adverts: both
 * kept advertising through the overlap of their master periods for longer than a handover lasts.
 */
export interface SplitBrainReport {
  /** The two routers, the lower address first. */
  a: string;
  b: string;
  /** From the start of the later of the two master periods to the last time both were heard advertising. */
  from: number;
  to: number;
  /** Both were still master at the report's time (the end of the capture, or now when live). */
  open?: boolean;
}

export interface Finding {
  rule: string;
  severity: Severity;
  /** The group's id, when the finding concerns one group (absent for e.g. an ARP conflict on a plain host). */
  group?: string;
  vrid?: number;
  family?: Family;
  vlan?: number[];
  from: number;
  to: number;
  routers: string[];
  addresses: string[];
  /** Frames that prove it (at most 100; frameCount holds the total). */
  frames: FrameRef[];
  frameCount: number;
  /** Still going on when the capture ended (e.g. a split brain nobody had resolved): `to` is its last evidence. */
  open?: boolean;
  message: string;
  /**
   * Set on the one finding of a rule, group and message that stands for its findings past the
   * first FINDINGS_LISTED (messageId MORE_FINDINGS): how many it stands for. Its span, routers (the first
   * 16), addresses and frames are theirs together, and its message quotes the latest of them.
   */
  count?: number;
  /** Which of the rule's messages (stable: match on it, not on the wording). */
  messageId: string;
  /** The values shown in the message, by placeholder name (numbers as numbers, lists as shown). */
  data: Record<string, string | number>;
}

/**
 * Findings listed per rule, group (or none) and messageId. A rule's further findings there (a
 * cluster that failed over slowly all week) are one finding, with messageId MORE_FINDINGS and
 * `count`, that stands for them all.
 */
export const FINDINGS_LISTED = 100;
/** The messageId of the finding that stands for a rule's findings past FINDINGS_LISTED. */
export const MORE_FINDINGS = 'moreFindings';

/** How many findings `f` stands for: 1, or its `count` past FINDINGS_LISTED. */
export function findingCount(f: Pick<Finding, 'count'>): number {
  return f.count ?? 1;
}

/** How many findings `list` stands for (its length, with each overflow finding's count). */
export function findingTotal(list: readonly Pick<Finding, 'count'>[]): number {
  let n = 0;
  for (const f of list) n += f.count ?? 1;
  return n;
}

export interface InputReport {
  name: string;
  format: string | null;
  packets: number;
  warnings: string[];
  error?: string;
}

export interface Report {
  schemaVersion: typeof SCHEMA_VERSION;
  generator: { name: 'vrrpscope'; version: string };
  inputs: InputReport[];
  /** First and last packet time (null for an empty capture). */
  span: { from: number; to: number } | null;
  /** Frames decoded as VRRP / ARP / ND, and undecodable ones. */
  counts: { frames: number; vrrp: number; arp: number; nd: number; carp: number; malformed: number };
  /**
   * Gaps in the capture: nothing at all was captured from `from` to `to` (far longer than any advert
   * interval; between rotated files, or a paused capture). The history stops and resumes across
   * them; nothing is judged inside them.
   */
  gaps: { from: number; to: number }[];
  groups: GroupReport[];
  findings: Finding[];
}
