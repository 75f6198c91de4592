/**
 * Sections of the detail view: the RFC timers (for the backups actually heard), each router's
 * priorities over time, and who answered ARP/ND for the virtual addresses.
 */
import { DEFAULT_BACKUP_PRIORITY } from '../analyze/timers.js';
import { ageText, clock, interval, secs, span, takeoverTimers, wrap } from './format.js';
import { routerColor } from './identity.js';
import { row, seg, type Row, type Seg } from './lines.js';
import { tableRows } from './table-rows.js';
import type { GroupRow } from './view-model.js';
import { maxOf, pushAll } from '../util/lists.js';
import { addTo } from '../util/multimap.js';

/** Per list, its items by address (the first with an address, as find() gives). */
const byAddressCache = new WeakMap<readonly { address: string }[], Map<string, { address: string }>>();

/**
 * The item of `list` with this address, through an index built once per list: the detail view asks
 * for every router of a group, and a find() each is quadratic (a group of 20,000 routers: seconds).
 */
export function byAddress<T extends { address: string }>(list: readonly T[], address: string): T | undefined {
  let index = byAddressCache.get(list);
  if (!index) {
    index = new Map();
    for (const x of list) if (!index.has(x.address)) index.set(x.address, x);
    byAddressCache.set(list, index);
  }
  return index.get(address) as T | undefined;
}

const title = (key: string, text: string, extra = ''): Row =>
  row(key, seg(text, { bold: true }), ...(extra ? [seg(`  ${extra}`, { dim: true })] : []));

function letterSeg(g: Pick<GroupRow, 'letters'>, address: string): Seg {
  const l = g.letters.get(address) ?? '*';
  return seg(l, { color: routerColor(l), bold: true });
}

/** A router's last priority above 0 (what it competes with). */
function lastPriority(g: GroupRow, address: string): number | null {
  const now = byAddress(g.liveness, address);
  if (now) return now.priority;
  return (
    byAddress(g.routers, address)
      ?.priorities.filter((p) => p > 0)
      .at(-1) ?? null
  );
}

/**
 * TIMERS: the master's interval, and the Master_Down_Interval of the backup that would take over
 * first (the highest priority heard that is not master now), naming it; with no backup heard, what
 * is assumed. The age of the last advert is measured against the report's reference (a priority-100
 * backup), and says so.
 */
export function timerRows(g: GroupRow, live: boolean, width: number): Row[] {
  const rows: Row[] = [title('d-timers', 'TIMERS', 'RFC 3768 / 5798')];
  const src = g.routers.find((r) => r.address === g.master) ?? g.routers[0];
  if (!src) return [...rows, row('d-timer-none', seg('  no adverts', { dim: true }))];
  const masters = new Set(g.masters);
  // Backups that can take over: not master now, and neither silent nor released.
  const role = (a: string) => byAddress(g.liveness, a)?.role;
  const backups = g.routers
    .filter((r) => !masters.has(r.address) && role(r.address) !== 'silent' && role(r.address) !== 'released')
    .map((r) => ({ address: r.address, priority: lastPriority(g, r.address) ?? 0 }))
    .filter((b) => b.priority > 0)
    .sort((a, b) => b.priority - a.priority);
  const best = backups[0];
  const prio = best?.priority ?? DEFAULT_BACKUP_PRIORITY;
  const t = takeoverTimers(g, prio);
  const low = -maxOf(backups, (b) => -b.priority); // the lowest
  const high = maxOf(backups, (b) => b.priority);
  const range = backups.length ? (low === high ? `${low}` : `${low}-${high}`) : '';
  const who = best
    ? `for the first backup to take over, ${best.address} (priority ${best.priority}` +
      `${backups.length > 1 ? `; backups heard: ${backups.length}, priorities ${range}` : ''})`
    : `for a backup of priority ${DEFAULT_BACKUP_PRIORITY} (assumed: no backup heard; backups stay silent while a master advertises)`;
  const ref = takeoverTimers(g, DEFAULT_BACKUP_PRIORITY);
  const text =
    `advertisement interval ${interval(src.intervalCs)} (${src.address}, v${src.version}); ` +
    `Master_Down_Interval ${secs(t?.masterDown ?? null)} = 3 x ${interval(src.intervalCs)} ` +
    `+ Skew_Time ${secs(t?.skew ?? null)} ${who}; ` +
    `last advert ${ageText(g.lastAdvertAge, g.masterDown)}${live ? ' ago' : ''}` +
    (g.masterDown !== null && ref && best && best.priority !== DEFAULT_BACKUP_PRIORITY
      ? ` (measured against ${secs(g.masterDown)}, a priority-${DEFAULT_BACKUP_PRIORITY} backup's interval)`
      : '');
  wrap(text, width - 2).forEach((l, i) => rows.push(row(`d-timer${i}`, seg(`  ${l}`))));
  return rows;
}

/** Per timeline, its periods by master. */
const periodsCache = new WeakMap<GroupRow['timeline'], Map<string, GroupRow['timeline']>>();

/** The periods of `timeline` with this master, in its order (a new list), through an index built once per timeline. */
function periodsOf(timeline: GroupRow['timeline'], master: string): GroupRow['timeline'] {
  let index = periodsCache.get(timeline);
  if (!index) {
    index = new Map();
    for (const p of timeline) addTo(index, p.master, p);
    periodsCache.set(timeline, index);
  }
  return [...(index.get(master) ?? [])];
}

/** One step of a router's priority history: from `from` it advertised `priority`. */
interface PriorityPoint {
  from: number;
  to: number;
  priority: number;
  /** Where the value comes from: a master period, or the router's latest advert. */
  source: 'master' | 'latest';
}

/**
 * A router's priorities over time, from what the report has: its master periods (each with the
 * priority it advertised) and its latest priority. A report with a per-router time series replaces
 * this function and nothing else.
 */
function priorityHistory(g: GroupRow, address: string): PriorityPoint[] {
  const points: PriorityPoint[] = periodsOf(g.timeline, address)
    .sort((a, b) => a.from - b.from)
    .map((p) => ({ from: p.from, to: p.to, priority: p.priority, source: 'master' as const }));
  const now = byAddress(g.liveness, address);
  const last = points.at(-1);
  if (now && (!last || last.priority !== now.priority || last.to < now.lastHeard))
    points.push({ from: last ? last.to : now.lastHeard, to: now.lastHeard, priority: now.priority, source: 'latest' });
  return points;
}

/** PRIORITIES: per router, what it advertised (in order of first appearance) and when, as master. */
export function priorityRows(g: GroupRow, width: number): Row[] {
  const rows: Row[] = [title('d-prio', 'PRIORITIES', 'advertised, in order; as master: from-to')];
  g.routers.forEach((r, i) => {
    const hist = priorityHistory(g, r.address)
      .filter((p) => p.source === 'master')
      .map((p) => `${p.priority} ${clock(p.from).slice(0, 8)}-${clock(p.to).slice(0, 8)}`);
    const now = lastPriority(g, r.address);
    const text =
      `${r.address}: ${r.priorities.join(' > ')}${now === null ? '' : `; now ${now}`}` +
      (hist.length
        ? `; as master ${hist.slice(-6).join(', ')}${hist.length > 6 ? ` (${hist.length} periods)` : ''}`
        : '');
    wrap(text, Math.max(1, width - 4)).forEach((l, j) =>
      rows.push(row(`d-prio${i}-${j}`, seg('  '), j === 0 ? letterSeg(g, r.address) : seg(' '), seg(` ${l}`))),
    );
  });
  return rows;
}

/** ADDRESS OWNERS: which MAC answered ARP/ND for each virtual address, from when to when. */
export function ownerRows(g: GroupRow, width: number): Row[] {
  const rows: Row[] = [
    title(
      'd-own',
      'ADDRESS OWNERS',
      `${g.ownerCount > g.owners.length ? `${g.owners.length} of ${g.ownerCount}` : g.owners.length}; ` +
        'who answered ARP (IPv4) / neighbor discovery (IPv6)',
    ),
  ];
  if (g.owners.length === 0) {
    rows.push(
      row('d-own-none', seg('  none heard (no ARP/ND for the virtual addresses in the capture)', { dim: true })),
    );
    return rows;
  }
  const byMac = new Map(g.routers.map((r) => [r.mac.toLowerCase(), r.address]));
  pushAll(
    rows,
    tableRows(
      'd-o',
      [
        { header: 'address' },
        { header: 'mac' },
        { header: 'router', drop: 3 },
        { header: 'from', drop: 1 },
        { header: 'to' },
        { header: 'for', drop: 2 },
        { header: 'garp/na', drop: 4 },
        { header: 'replies', drop: 5 },
      ],
      g.owners.map((o) => {
        const router = byMac.get(o.mac.toLowerCase());
        const virtualMac = /^00:00:5e:00:0[12]:/i.test(o.mac);
        return [
          [seg(o.address)],
          [seg(o.mac)],
          router ? [letterSeg(g, router), seg(` ${router}`)] : [seg(virtualMac ? 'virtual MAC' : '-', { dim: true })],
          [seg(clock(o.from))],
          [seg(clock(o.to))],
          [seg(span(o.to - o.from))],
          [seg(String(o.gratuitous))],
          [seg(String(o.replies))],
        ];
      }),
      width,
    ),
  );
  return rows;
}
