/**
 * The monitoring verdict: a report, judged as a Nagios/Checkmk check judges a service. OK, WARNING,
 * CRITICAL per virtual router and for the segment, from the groups' present state (split brain, no
 * master), the findings of the window, and what the operator expects (a master, a VRID, a number of
 * groups: silence is a problem too). Pure: the renderers (render/nagios.ts, render/checkmk.ts) only
 * format what this decides.
 */
import type { Finding, GroupReport, Report, Severity } from '../report/types.js';
import { findingCount, severityRank } from '../report/types.js';
import { andMore } from '../util/text.js';
import { addTo } from '../util/multimap.js';

/**
 * Routers named in one line of a check's output: a flood of 2,000 masters is still a line an
 * operator (and Nagios, NRPE and Checkmk, each with its own output limits) can take.
 */
export const MAX_NAMED = 8;

/** Nagios plugin states, in order of severity (UNKNOWN ranks between WARNING and CRITICAL). */
export const STATE = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 } as const;
export type State = (typeof STATE)[keyof typeof STATE];
export const STATE_NAMES = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'] as const;

/** CRITICAL > UNKNOWN > WARNING > OK: the plugin guidelines' order of severity. */
export const rank = (s: State): number => [0, 1, 3, 2][s];

/** The worse of two states. */
export function worse(a: State, b: State): State {
  return rank(a) >= rank(b) ? a : b;
}

export interface Expectations {
  /** --expect-master VRID=ADDRESS: that router must be the one master of every group with that VRID. */
  masters: { vrid: number; address: string }[];
  /** --expect-groups N: exactly this many virtual routers heard (fewer is CRITICAL, more WARNING). */
  groups?: number;
  /** --expect-vrid VRID: a group with this VRID must be heard. */
  vrids: number[];
}

export interface VerdictOptions {
  /** Findings at or above this severity change the state (error: CRITICAL, below: WARNING). */
  failOn: Severity | 'none';
  expect: Expectations;
}

/** One reason for a state: a short text for the summary line (a finding's message is in `finding`). */
export interface Problem {
  state: State;
  text: string;
  /** What and where ("split brain|<group id>"): the summary says each once. */
  key: string;
  finding?: Finding;
}

/** What each rule's finding is called in a summary line. */
export const FINDING_TITLES: Record<string, string> = {
  'duplicate-master': 'split brain',
  'no-master': 'no master',
  'priority-conflict': 'priority conflict',
  'missing-gratuitous-arp': 'no gratuitous ARP after a takeover',
  'vrid-collision': 'VRID collision',
  'config-mismatch': 'configuration mismatch',
  'arp-conflict': 'ARP conflict',
  flapping: 'flapping',
  'slow-failover': 'slow failover',
  'ineffective-tracking': 'ineffective tracking',
  'stale-arp-risk': 'stale ARP risk',
  'master-release': 'master released',
  'invalid-ttl': 'invalid TTL',
  'invalid-checksum': 'invalid checksum',
  'mixed-checksum': 'mixed checksum styles',
  'plaintext-auth': 'plain-text password',
  'unicast-vrrp': 'unicast VRRP',
  'malformed-packet': 'malformed packets',
};

export interface GroupVerdict {
  group: GroupReport;
  /** "VRID 51 ipv4 vlan 10": the service name's stem and the perfdata labels' source. */
  name: string;
  state: State;
  problems: Problem[];
  findings: Finding[];
}

export interface Verdict {
  state: State;
  /** Every problem, most severe first: groups', segment findings', expectations'. */
  problems: Problem[];
  groups: GroupVerdict[];
  /** Findings with no group (an ARP conflict between plain hosts, say), and what they make the state. */
  segment: { state: State; problems: Problem[]; findings: Finding[] };
  /** Findings by severity, counted over the window. */
  findingCounts: Record<Severity, number>;
}

/** "VRID 51 ipv4", "VRID 51 ipv6 vlan 10.20", "VRID 3 ipv4 vxlan 100 segment 2": unique per group. */
function groupName(g: GroupReport): string {
  return [
    `VRID ${g.vrid}`,
    g.family,
    g.vlan.length ? `vlan ${g.vlan.join('.')}` : '',
    g.tunnel ? g.tunnel.map((t) => `${t.type} ${t.id}`).join(' ') : '',
    g.segment ? `segment ${g.segment}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function routerWithPriority(g: GroupReport, address: string): string {
  const r = g.state.routers.find((x) => x.address === address);
  return r ? `${address} (${r.priority})` : address;
}

/** The first MAX_NAMED of `items` written by `text` (only those are written), and how many more. */
function named<T>(items: readonly T[], text: (x: T) => string = String, total = items.length): string {
  return andMore(items.slice(0, MAX_NAMED).map(text).join(', '), total - Math.min(MAX_NAMED, items.length));
}

/** The state a finding gives under --fail-on: error CRITICAL, anything else at or above it WARNING. */
function findingState(f: Finding, failOn: Severity | 'none'): State {
  if (failOn === 'none' || severityRank(f.severity) < severityRank(failOn)) return STATE.OK;
  return f.severity === 'error' ? STATE.CRITICAL : STATE.WARNING;
}

function findingProblem(f: Finding, failOn: Severity | 'none', where: string): Problem {
  const title = FINDING_TITLES[f.rule] ?? f.rule;
  const who = f.routers.length ? ` (${f.routers.slice(0, 3).join(', ')}${f.routers.length > 3 ? ', ...' : ''})` : '';
  return {
    state: findingState(f, failOn),
    text: `${title} on ${where}${who}`,
    key: `${title}|${f.group ?? where}`,
    finding: f,
  };
}

function statusProblems(g: GroupReport, name: string): Problem[] {
  const s = g.state;
  switch (s.status) {
    case 'split-brain':
      return [
        {
          state: STATE.CRITICAL,
          text: `split brain on ${name} (${named(s.masters, String, s.masterCount)})`,
          key: `split brain|${g.id}`,
        },
      ];
    case 'no-master': {
      const last = s.routers.reduce((a, b) => (b.lastHeard > a.lastHeard ? b : a), s.routers[0]);
      const since = last ? `, last heard ${last.address} ${last.silentFor.toFixed(1)} s ago` : '';
      return [{ state: STATE.CRITICAL, text: `no master on ${name}${since}`, key: `no master|${g.id}` }];
    }
    case 'contested':
      return [
        {
          state: STATE.WARNING,
          text: `${name} contested (${named(s.masters, String, s.masterCount)} advertise as master)`,
          key: `contested|${g.id}`,
        },
      ];
    case 'unknown':
      return [{ state: STATE.WARNING, text: `${name}: no master heard`, key: `unknown|${g.id}` }];
    case 'master':
      return [];
  }
}

/** Most severe first; a stable sort keeps the order of equals. */
const bySeverity = (a: Problem, b: Problem): number => rank(b.state) - rank(a.state);

export function verdict(report: Report, opts: VerdictOptions): Verdict {
  const { expect, failOn } = opts;
  const byGroup = new Map<string, Finding[]>();
  const segmentFindings: Finding[] = [];
  const findingCounts: Record<Severity, number> = { info: 0, warning: 0, error: 0 };
  for (const f of report.findings) {
    findingCounts[f.severity] += findingCount(f);
    if (f.group === undefined) segmentFindings.push(f);
    else addTo(byGroup, f.group, f);
  }

  const groups: GroupVerdict[] = report.groups.map((g) => {
    const name = groupName(g);
    const findings = byGroup.get(g.id) ?? [];
    const problems = [...statusProblems(g, name), ...findings.map((f) => findingProblem(f, failOn, name))];
    for (const e of expect.masters) {
      if (e.vrid !== g.vrid || (e.address.includes(':') ? 'ipv6' : 'ipv4') !== g.family) continue;
      const masters = g.state.masters;
      if (masters.length === 1 && masters[0] === e.address) continue;
      const now = masters.length ? `master is ${named(masters, (m) => routerWithPriority(g, m))}` : 'no master';
      problems.push({ state: STATE.CRITICAL, text: `${name}: ${now}, expected ${e.address}`, key: `expect|${g.id}` });
    }
    const kept = problems.filter((p) => p.state !== STATE.OK).sort(bySeverity);
    return {
      group: g,
      name,
      state: kept.reduce<State>((s, p) => worse(s, p.state), STATE.OK),
      problems: kept,
      findings,
    };
  });

  // The segment: findings outside any group, and what was expected but never heard.
  const segment: Problem[] = segmentFindings.map((f) =>
    findingProblem(f, failOn, [...f.addresses, ...f.routers].slice(0, 3).join(', ') || 'the segment'),
  );
  const heard = (vrid: number, family?: string) =>
    report.groups.some((g) => g.vrid === vrid && (family === undefined || g.family === family));
  const missing = new Set<string>();
  for (const v of expect.vrids) if (!heard(v)) missing.add(`VRID ${v}`);
  for (const e of expect.masters) {
    const family = e.address.includes(':') ? 'ipv6' : 'ipv4';
    if (!heard(e.vrid, family)) missing.add(`VRID ${e.vrid} ${family}`);
  }
  for (const m of missing) segment.push({ state: STATE.CRITICAL, text: `${m} not heard`, key: `missing|${m}` });
  const n = report.groups.length;
  if (expect.groups !== undefined && n !== expect.groups) {
    segment.push({
      state: n < expect.groups ? STATE.CRITICAL : STATE.WARNING,
      text: `${n} virtual router${n === 1 ? '' : 's'} heard, expected ${expect.groups}`,
      key: 'groups',
    });
  } else if (expect.groups === undefined && n === 0 && expect.vrids.length === 0 && expect.masters.length === 0) {
    // Nothing expected, nothing heard: not OK either (a wrong interface, a capture filter, unicast VRRP).
    segment.push({ state: STATE.WARNING, text: 'no VRRP advertisement heard', key: 'silence' });
  }
  const segmentKept = segment.filter((p) => p.state !== STATE.OK).sort(bySeverity);
  const segmentState = segmentKept.reduce<State>((s, p) => worse(s, p.state), STATE.OK);

  const problems = [...groups.flatMap((g) => g.problems), ...segmentKept].sort(bySeverity);
  const state = problems.reduce<State>((s, p) => worse(s, p.state), STATE.OK);
  return {
    state,
    problems,
    groups,
    segment: { state: segmentState, problems: segmentKept, findings: segmentFindings },
    findingCounts,
  };
}

/** "master 10.0.0.1 (150), backups 10.0.0.2 (100); last advert 0.4 s ago (...)": a group now, in one line. */
export function groupLine(g: GroupReport): string {
  const s = g.state;
  const masters = s.masters;
  const parts = [
    masters.length === 0
      ? 'no master'
      : `${masters.length === 1 ? 'master' : 'masters'} ${named(masters, (m) => routerWithPriority(g, m), s.masterCount)}`,
  ];
  const isMaster = new Set(masters);
  const others = s.routers.filter((r) => !isMaster.has(r.address));
  const backups = others.filter((r) => r.role === 'backup');
  const released = others.filter((r) => r.role === 'released');
  const silent = others.filter((r) => r.role === 'silent' || r.role === 'master');
  if (backups.length) parts.push(`backups ${named(backups, (r) => `${r.address} (${r.priority})`)}`);
  if (released.length) parts.push(`released ${named(released, (r) => r.address)}`);
  if (silent.length)
    parts.push(`silent ${named(silent, (r) => `${r.address} (${r.priority}, ${r.silentFor.toFixed(1)} s)`)}`);
  // A flood of routers: the report lists some (see ROUTERS_LISTED); the rest are counted.
  if (s.routers.length < g.routerCount) parts.push(`${g.routerCount - s.routers.length} more routers heard`);
  const age =
    s.lastAdvertAge !== null && s.masterDown !== null
      ? `, last advert ${s.lastAdvertAge.toFixed(1)} s ago (master down after ${s.masterDown.toFixed(1)} s)`
      : '';
  return parts.join(', ') + age;
}
