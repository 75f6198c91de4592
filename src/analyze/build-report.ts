/** Engine state -> the serializable Report (src/report/types.ts). */
import type {
  Finding,
  GroupNow,
  RouterNow,
  GroupReport,
  InputReport,
  Report,
  RouterReport,
  SplitBrainReport,
  TransitionReport,
} from '../report/types.js';
import {
  ADDRESSES_LISTED,
  bySeverityDesc,
  HISTORY_HEAD,
  HISTORY_TAIL,
  ROUTERS_LISTED,
  SCHEMA_VERSION,
} from '../report/types.js';
import { VERSION } from '../version.js';
import { type GroupState, type RouterState, type Transition } from './model.js';
import { compareAddresses } from './addresses.js';
import { headAndTail } from '../util/head-tail.js';
import { DEFAULT_BACKUP_PRIORITY } from './timers.js';
import type { Overlap } from './split-brains.js';
import { ACTIVITY_LIMIT, isSilence, type Activity } from './activity.js';

export interface ReportInputs {
  inputs: InputReport[];
  counts: Report['counts'];
}

/** What the engine knows beyond its groups and findings. */
export interface ReportTimes {
  first: number | null;
  last: number | null;
  gaps: readonly { from: number; to: number }[];
  /**
   * Priority changes, silences, advert activity and announcements (schema 3); null for a lean
   * snapshot (the live views and the metrics, which do not draw them): those lists are left empty.
   */
  activity: Activity | null;
}

/** Times to the microsecond: no float noise in JSON, and stable across runs. */
export const round6 = (t: number): number => Math.round(t * 1e6) / 1e6;

/**
 * Text in code-point order. What is sorted here (VLAN lists, families, group ids, rule ids) is
 * lower-case ASCII letters, digits and `.` `/` `-`, which a locale's collation orders the same
 * way; and no collator is made, whose ICU data would cost every run 3 MiB of memory.
 */
const text = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function buildReport(
  groups: GroupState[],
  findings: Finding[],
  { first, last, gaps, activity }: ReportTimes,
  extra: ReportInputs,
): Report {
  // The VLAN text of each group built once, not twice per comparison.
  const vlans = new Map(groups.map((g) => [g, g.vlan.join('.')]));
  const sorted = [...groups].sort(
    (a, b) =>
      a.segment - b.segment ||
      text(vlans.get(a)!, vlans.get(b)!) ||
      text(a.family, b.family) ||
      a.vrid - b.vrid ||
      text(a.id, b.id),
  );
  return {
    schemaVersion: SCHEMA_VERSION,
    generator: { name: 'vrrpscope', version: VERSION },
    inputs: extra.inputs,
    span: first !== null && last !== null ? { from: round6(first), to: round6(last) } : null,
    counts: extra.counts,
    gaps: gaps.map((x) => ({ from: round6(x.from), to: round6(x.to) })),
    groups: sorted.map((g) => groupReport(g, last, activity)),
    findings: findings
      .map((f) => ({ ...f, from: round6(f.from), to: round6(f.to), frames: sortFrames(f.frames) }))
      .sort((a, b) => a.from - b.from || bySeverityDesc(a.severity, b.severity) || text(a.rule, b.rule)),
  };
}

/**
 * A group at `now`: who is acting as master (an open master period that no later master has
 * superseded), and how long ago that master (or, with none, the last master heard) advertised.
 */
function groupNow(g: GroupState, now: number | null): { state: GroupNow; listed: RouterState[] } {
  const superseded = g.supersession();
  const masters = [...g.routers.values()]
    .filter((r) => r.period !== null && !superseded(r))
    .sort((a, b) => b.period!.from - a.period!.from || compareAddresses(a.address, b.address));
  const isMaster = new Set(masters);
  let ref: RouterState | undefined = masters[0];
  if (!ref) {
    for (const r of g.routers.values()) if (r.periods.count > 0 && (!ref || r.lastAdvert > ref.lastAdvert)) ref = r;
  }
  const listed = listedRouters(g, masters);
  const routers = listed.map((r): RouterNow => {
    let role: RouterNow['role'] = 'silent';
    if (isMaster.has(r)) role = 'master';
    else if (r.releasedAt !== null && r.releasedAt >= r.lastAdvert) role = 'released';
    else if (r.periods.count === 0 || r.periods.last()!.contested) role = 'backup';
    else {
      // How its last master period ended: yielding to a better router, or simply falling silent.
      const last = r.replacedBy;
      if (last && last.cause !== 'master-down') role = 'backup';
    }
    const at = now ?? r.lastSeen;
    return {
      address: r.address,
      role,
      priority: r.periods.last()?.priority ?? r.priorities.filter((p) => p > 0).at(-1) ?? 0,
      lastHeard: round6(r.lastSeen),
      silentFor: round6(Math.max(0, at - r.lastSeen)),
    };
  });
  // Two masters are a split brain when they compete (two clusters sharing a VRID each have their
  // own); contested while the second one has not yet proved it (it started without outranking a
  // live master, and the overlap is not yet long enough to call).
  // (Looked for among each master's competitors, not over every pair: thousands of masters at once
  // are thousands of looks, not millions of pairs.)
  let paired = false;
  let split = false;
  for (const a of masters) {
    if (split) break;
    g.forEachCompetitor(a, (b) => {
      if (b === a || !isMaster.has(b)) return;
      paired = true;
      if (!a.period?.contested && !b.period?.contested) split = true;
    });
  }
  const status: GroupNow['status'] = split
    ? 'split-brain'
    : paired
      ? 'contested'
      : masters.length > 0
        ? 'master'
        : ref
          ? 'no-master'
          : 'unknown';
  const state: GroupNow = {
    status,
    masters: masters.slice(0, ROUTERS_LISTED).map((r) => r.address),
    ...(masters.length > ROUTERS_LISTED ? { masterCount: masters.length } : {}),
    lastAdvertAge: ref && now !== null ? round6(Math.max(0, now - ref.lastAdvert)) : null,
    masterDown: ref ? round6(g.masterDownInterval(DEFAULT_BACKUP_PRIORITY, ref)) : null,
    routers,
  };
  return { state, listed };
}

/**
 * The routers a group's report lists, by address: all of them, or (past ROUTERS_LISTED) the masters
 * at the end, the router heard last, then those that sent the most adverts (the latest heard first
 * among equals): a flood of spoofed routers, each heard a few times, is counted, and the real
 * routers, which advertise all along, stay listed.
 */
function listedRouters(g: GroupState, masters: readonly RouterState[]): RouterState[] {
  const all = [...g.routers.values()];
  if (all.length <= ROUTERS_LISTED) return all.sort((a, b) => compareAddresses(a.address, b.address));
  const chosen = new Set<RouterState>(masters.slice(0, ROUTERS_LISTED));
  let last = all[0];
  for (const r of all) if (r.lastSeen > last.lastSeen) last = r;
  if (chosen.size < ROUTERS_LISTED) chosen.add(last);
  all.sort((a, b) => b.adverts - a.adverts || b.lastSeen - a.lastSeen || a.ordinal - b.ordinal);
  for (const r of all) {
    if (chosen.size >= ROUTERS_LISTED) break;
    chosen.add(r);
  }
  return [...chosen].sort((a, b) => compareAddresses(a.address, b.address));
}

function groupReport(g: GroupState, now: number | null, activity: Activity | null): GroupReport {
  const { state, listed: routers } = groupNow(g, now);
  // The timeline is every router's (not only the listed ones'), by address then time. Each router's
  // first and latest periods hold the group's first and latest (a period among the group's first
  // HISTORY_HEAD is among its router's first, and the same for the latest).
  const everyRouter =
    routers.length === g.routers.size
      ? routers
      : [...g.routers.values()].sort((a, b) => compareAddresses(a.address, b.address));
  const periods = headAndTail(
    everyRouter.flatMap((r) => r.periods.kept()).sort((a, b) => a.from - b.from),
    HISTORY_HEAD,
    HISTORY_TAIL,
  );
  let periodCount = 0;
  for (const r of everyRouter) periodCount += r.periods.count;
  const report: GroupReport = {
    id: g.id,
    vrid: g.vrid,
    family: g.family,
    vlan: g.vlan,
    segment: g.segment,
    version: g.version,
    virtualAddresses: g.virtualAddresses.slice(0, ADDRESSES_LISTED),
    virtualAddressCount: g.virtualAddresses.length,
    routers: routers.map((r) => routerReport(g, r, now, activity)),
    routerCount: g.routers.size,
    timeline: periods.map((p) => ({
      master: p.router.address,
      from: round6(p.from),
      to: round6(p.to),
      priority: p.priority,
      ...(p.open ? { open: true } : {}),
    })),
    timelineCount: periodCount,
    transitions: g.transitions.kept().map(transitionReport),
    transitionCount: g.transitions.count,
    transitionCauses: g.transitions.causes(),
    splitBrains: (g.splitBrains?.kept() ?? []).sort((a, b) => a.from - b.from).map(splitBrainReport),
    splitBrainCount: g.splitBrains?.count ?? 0,
    owners: [...g.owners.list()]
      .sort((a, b) => a.from - b.from)
      .map((o) => ({ ...o, from: round6(o.from), to: round6(o.to) })),
    ownerCount: g.owners.count,
    announcements: (activity?.groupActivity(g)?.announcements ?? []).map((a) => ({ ...a, time: round6(a.time) })),
    announcementCount: activity?.groupActivity(g)?.count ?? 0,
    state,
  };
  if (g.tunnel) report.tunnel = g.tunnel;
  return report;
}

export function transitionReport(t: Transition): TransitionReport {
  return {
    time: round6(t.time),
    from: t.from ? t.from.address : null,
    to: t.to.address,
    cause: t.cause,
    delay: t.delay === null ? null : round6(t.delay),
    expectedDelay: t.expectedDelay === null ? null : round6(t.expectedDelay),
    frame: t.frame,
  };
}

function splitBrainReport(o: Overlap): SplitBrainReport {
  const open = !o.done && o.periods[0].open && o.periods[1].open;
  return { a: o.a.address, b: o.b.address, from: round6(o.from), to: round6(o.to), ...(open ? { open } : {}) };
}

function routerReport(g: GroupState, r: RouterState, now: number | null, activity: Activity | null): RouterReport {
  const a = activity?.routerActivity(r);
  const silences: RouterReport['silences'] = (a?.silences ?? []).map((s) => ({
    from: round6(s.from),
    to: round6(s.to),
  }));
  let silenceCount = a?.silenceCount ?? 0;
  // Still silent at the end (and not released): an open silence up to the report's time.
  if (a && now !== null && isSilence(g, r, a.priority, a.last, now)) {
    if (silences.length < ACTIVITY_LIMIT) silences.push({ from: round6(a.last), to: round6(now), open: true });
    silenceCount++;
  }
  const out: RouterReport = {
    address: r.address,
    mac: r.mac,
    priorities: [...r.priorities],
    adverts: r.adverts,
    intervalCs: r.intervalCs,
    intervals: [...r.intervals],
    version: r.version,
    addresses: [...r.addresses],
    checksums: [...r.checksums].sort(),
    unicast: r.unicast,
    firstSeen: round6(r.firstSeen),
    lastSeen: round6(r.lastSeen),
    priorityChanges: (a?.changes ?? []).map((c) => ({ ...c, time: round6(c.time) })),
    priorityChangeCount: a?.changeCount ?? 0,
    silences,
    silenceCount,
    // With every advert's time listed (advertTimes), the buckets would only repeat them: left empty,
    // which keeps a report of thousands of routers small (16,376 groups: 89 MB otherwise).
    activity: a ? a.buckets.report(round6, a.times === null) : { from: round6(r.firstSeen), width: 0, counts: [] },
  };
  if (a?.times) out.advertTimes = a.times.map(round6);
  if (r.authType !== undefined) out.authType = r.authType;
  return out;
}

/** Frame numbers ascending (references "file#frame" keep their order). */
function sortFrames(frames: Finding['frames']): Finding['frames'] {
  return frames.every((f) => typeof f === 'number') ? [...frames].sort((a, b) => a - b) : frames;
}
