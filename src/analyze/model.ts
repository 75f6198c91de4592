/**
 * Mutable analysis state: virtual router groups, the routers heard in each, their master periods
 * and the transitions between them. Owned by the engine; rules read it.
 */
import type { TunnelInfo, VrrpInfo } from '../dissect/types.js';
import { HISTORY_HEAD, HISTORY_TAIL, type Family, type FrameRef, type TransitionCause } from '../report/types.js';
import { AddressIndex } from './address-index.js';
import { AddressOwners } from './owners.js';
import { masterDownInterval, skewTime, TIMING } from './timers.js';
import { withItem } from '../util/lists.js';
import { HeadTail } from '../util/head-tail.js';
import { ByEvidence } from './by-evidence.js';
import { TransitionHistory } from './history.js';
import type { Overlap } from './split-brains.js';

export interface Period {
  router: RouterState;
  from: number;
  to: number;
  priority: number;
  firstFrame: FrameRef;
  /** Ended by a priority-0 advert (graceful release). */
  released: boolean;
  /** Still running (no expiry or release yet). */
  open: boolean;
  /**
   * Started while another master was live without outranking it: a transition only if the overlap
   * turns into a split brain, or the other master falls silent and this one carries on.
   */
  contested?: { prev: RouterState; frame: FrameRef };
  /** Resumes an ongoing split brain with the same rival (no transition of its own: not a takeover). */
  resumesSplit?: boolean;
  /**
   * The master lowered its advertised priority during this period (a tracked script or interface
   * failed): from `from` to `to`, first advertised at `at`; `lastAt` is its last advert at `from`.
   * Cleared when the priority rises again.
   */
  drop?: PriorityDrop;
}

export interface PriorityDrop {
  from: number;
  to: number;
  at: number;
  lastAt: number;
  frame: FrameRef;
}

export interface Transition {
  time: number;
  from: RouterState | null;
  to: RouterState;
  cause: TransitionCause;
  delay: number | null;
  expectedDelay: number | null;
  frame: FrameRef;
  /** The new master's period. */
  period: Period;
  /** priority-drop: the old master's drop that let the new one in. */
  drop?: PriorityDrop;
  /**
   * Announced (to rules and live listeners): the cause can no longer change. A takeover of a master
   * that is still advertising (preemption, priority drop) may yet turn out to be a split brain: it
   * is announced once the old master's period ends or the overlap proves a split brain.
   */
  announced?: boolean;
}

export class RouterState {
  mac = '';
  priorities: number[] = [];
  priority = 0;
  adverts = 0;
  intervalCs = 100;
  intervals: number[] = [];
  version = 0;
  addresses: string[] = [];
  /** The address list was cut short in some advert (capture snaplen): do not compare lists. */
  partialAddresses = false;
  authType: number | undefined;
  /** Authentication data as sent (never rendered unless asked; compared only). */
  authData: string | undefined;
  /** The checksum statuses of its adverts, each once (a list: nearly always one). */
  checksums: string[] = [];
  /** The checksum status of the last advert added to `checksums` (most adverts repeat it). */
  lastChecksum = '';
  /**
   * The VRRP layer of its last advert: the dissector's cache of whole adverts hands out the same
   * object for every repeat, so an advert with this one says nothing new about the router.
   */
  lastVrrp: VrrpInfo | null = null;
  unicast = false;
  firstSeen = 0;
  lastSeen = 0;
  /** Time of the last advert with priority > 0 (acting as master). */
  lastAdvert = -Infinity;
  /** Frame of the last advert (any priority). */
  lastFrame: FrameRef | null = null;
  /** Time of a priority-0 advert that followed lastAdvert, if any. */
  releasedAt: number | null = null;
  /**
   * Set when this router became a second master (split brain) beside the rival's period: while
   * that rival period goes on, a new period of this router continues the same episode.
   */
  splitWith: Period | null = null;
  /** The latest transition away from this router (null: none yet). */
  replacedBy: Transition | null = null;
  /** When the election looks at this router's period next (its expiry), Infinity when not scheduled. */
  expiryAt = Infinity;
  /** Neighbours in the group's list of routers by latest evidence (see ByEvidence). */
  newer: RouterState | null = null;
  older: RouterState | null = null;
  /** The current (open) period, if the router is acting as master. */
  period: Period | null = null;
  /** Its master periods, in time order (the first and the latest: see HISTORY_HEAD in report/types.ts). */
  readonly periods = new HeadTail<Period>(HISTORY_HEAD, HISTORY_TAIL);

  /** `ordinal`: the router's place in its group's `routers`, in the order they were first heard. */
  constructor(
    readonly address: string,
    readonly ordinal = 0,
  ) {}

  /** Its latest evidence of mastership: its last advert at priority > 0, or a release after it. */
  get lastEvidence(): number {
    return this.releasedAt === null ? this.lastAdvert : Math.max(this.lastAdvert, this.releasedAt);
  }

  /** Advertisement interval in seconds (a zero interval, which is invalid, counts as 1 cs). */
  get interval(): number {
    return Math.max(this.intervalCs, 1) / 100;
  }

  /** Advertised within the last 1.5 intervals: still acting as master right now. */
  isLive(now: number): boolean {
    return this.period !== null && now - this.lastAdvert <= TIMING.live(this.interval);
  }
}

/** No routers: one shared empty list (not frozen: see NO_GROUPS in segments.ts). */
const NO_ROUTERS: readonly RouterState[] = [];

/** Groups of up to this many routers (nearly all) are looked at whole: no address index is made for them. */
const SMALL_GROUP = 8;

export class GroupState {
  readonly routers = new Map<string, RouterState>();
  /** Its transitions in time order (the first and the latest: see TransitionHistory). */
  readonly transitions = new TransitionHistory();
  /** Union of the virtual addresses advertised, in first-seen order (and as a set, for lookups). */
  virtualAddresses: string[] = [];
  readonly virtualAddressSet = new Set<string>();
  /**
   * Adverts per version, in the order first heard; the latest run of one version is counted in
   * runVersion and run until another version comes or the counts are read (most adverts repeat it).
   */
  private versions: Map<number, number> | null = null;
  private runVersion = -1;
  private run = 0;
  /** Time the group was first seen. */
  firstSeen = 0;
  /** Who answered for each virtual address (see AddressOwners). */
  readonly owners: AddressOwners = new AddressOwners(this);
  /**
   * Its split brains as the election proved them (two routers advertising as master at once), in
   * the order found: the first and the latest (see HeadTail); null until the first.
   */
  splitBrains: HeadTail<Overlap> | null = null;

  /** The L2 segment's key (see segmentKey()): the group key without family and VRID. */
  readonly segmentKey: string;
  /** RFC 5798 7.3 virtual MAC: 00:00:5e:00:01:{VRID} (IPv4), 00:00:5e:00:02:{VRID} (IPv6). */
  readonly virtualMac: string;

  constructor(
    readonly key: string,
    readonly id: string,
    readonly segment: number,
    readonly tunnel: TunnelInfo[] | undefined,
    readonly vlan: number[],
    readonly family: Family,
    readonly vrid: number,
  ) {
    this.segmentKey = key.split('|').slice(0, 3).join('|');
    this.virtualMac = `00:00:5e:00:0${family === 'ipv6' ? 2 : 1}:${vrid.toString(16).padStart(2, '0')}`;
  }

  /** An advert of version `v`. */
  countVersion(v: number): void {
    if (v === this.runVersion) {
      this.run++;
      return;
    }
    this.settleVersions();
    this.runVersion = v;
    this.run = 1;
  }

  private settleVersions(): void {
    if (this.run === 0) return;
    const versions = (this.versions ??= new Map());
    versions.set(this.runVersion, (versions.get(this.runVersion) ?? 0) + this.run);
    this.run = 0;
  }

  /** The version most adverts used (the first heard of those used most). */
  get version(): number {
    this.settleVersions();
    let best = 0;
    let n = -1;
    for (const [v, c] of this.versions ?? []) if (c > n) [best, n] = [v, c];
    return best;
  }

  /**
   * Routers whose master period is open (see setPeriod), in the order first heard: what the
   * election's loops go over. Changed in place, so a loop that opens or ends periods as it goes
   * walks a copy. A router taking over is usually the newest heard (a push) and the one it replaces
   * the oldest open (a shift, which V8 does without moving the rest): thousands of masters in turn
   * are not a copy of the list each.
   */
  private openList: RouterState[] = [];

  /** Opens (or, with null, ends) r's master period: the one way r.period changes. */
  setPeriod(r: RouterState, p: Period | null): void {
    r.period = p;
    const list = this.openList;
    const n = list.length;
    // Its place by ordinal: the end, the start, or a binary search.
    let lo: number;
    if (n === 0 || list[n - 1].ordinal < r.ordinal) lo = n;
    else if (list[0].ordinal >= r.ordinal) lo = 0;
    else {
      lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid].ordinal < r.ordinal) lo = mid + 1;
        else hi = mid;
      }
    }
    const present = list[lo] === r;
    if (p && !present) {
      if (lo === n) this.openList = withItem(list, r);
      else list.splice(lo, 0, r);
    } else if (!p && present) {
      if (lo === 0) list.shift();
      else if (lo === n - 1) list.pop();
      else list.splice(lo, 1);
    }
  }

  /**
   * The routers whose master period is open, in the order first heard (as a walk over `routers`
   * meets them): usually one, two in a split brain, however many routers the group has heard.
   * The list changes as periods open and end (see openList).
   */
  openRouters(): readonly RouterState[] {
    return this.openList;
  }

  /** Routers by MAC (see setMac), each list in the order first heard. */
  private byMac: Map<string, RouterState[]> | null = null;

  /** r's adverts now come from `mac`: the one way r.mac changes. */
  setMac(r: RouterState, mac: string): void {
    const byMac = (this.byMac ??= new Map<string, RouterState[]>());
    const old = byMac.get(r.mac);
    if (old) {
      old.splice(old.indexOf(r), 1);
      if (old.length === 0) byMac.delete(r.mac);
    }
    r.mac = mac;
    const list = byMac.get(mac);
    if (!list) {
      byMac.set(mac, [r]);
      return;
    }
    let i = list.length;
    while (i > 0 && list[i - 1].ordinal > r.ordinal) i--;
    list.splice(i, 0, r);
  }

  /** Routers by the virtual addresses they list (made on first use). */
  private addressIndex: AddressIndex | null = null;

  /** r's adverts now list `addresses`: the one way r.addresses changes. */
  setAddresses(r: RouterState, addresses: string[]): void {
    this.addressIndex?.remove(r);
    r.addresses = addresses;
    this.addressIndex?.add(r);
  }

  /** At most how many routers r competes with (see AddressIndex.bound); a small group, all of them. */
  competitorBound(r: RouterState): number {
    if (this.routers.size <= SMALL_GROUP) return this.routers.size;
    return (this.addressIndex ??= new AddressIndex(this.routers)).bound(r);
  }

  /** Whether every router of the group lists `address` (then none is disjoint from a list with it). */
  listedByAll(address: string): boolean {
    if (this.routers.size <= SMALL_GROUP) {
      for (const x of this.routers.values()) if (!x.addresses.includes(address)) return false;
      return true;
    }
    return (this.addressIndex ??= new AddressIndex(this.routers)).listing(address) >= this.routers.size;
  }

  /** Calls `fn` once for each router x with competes(r, x) (r included), in no particular order. */
  forEachCompetitor(r: RouterState, fn: (x: RouterState) => void): void {
    if (this.routers.size <= SMALL_GROUP) {
      for (const x of this.routers.values()) if (competes(x, r)) fn(x);
      return;
    }
    (this.addressIndex ??= new AddressIndex(this.routers)).forEach(r, fn);
  }

  /** The routers whose adverts come from `mac`, in the order first heard (a walk over `routers` finds the first). */
  withMac(mac: string): readonly RouterState[] {
    return this.byMac?.get(mac) ?? NO_ROUTERS;
  }

  /** The routers by latest evidence (see ByEvidence). */
  private readonly byEvidence = new ByEvidence();

  /** r's lastAdvert or releasedAt changed: it moves to its place by latest evidence (see ByEvidence). */
  touched(r: RouterState): void {
    this.byEvidence.touched(r);
  }

  /**
   * The router with the latest evidence of those `accept` takes, not before `since`; null if none;
   * undefined if that takes a walk over more than `steps` routers (see ByEvidence.latest).
   */
  latest(accept: (r: RouterState) => boolean = () => true, since = -Infinity, steps = Infinity): RouterState | null {
    return this.byEvidence.latest(accept, since, steps);
  }

  /**
   * latest(accept, since) where `accept` takes only routers r competes with (see competes()):
   * the walk by latest evidence, or, if that would be longer, a look at each of those routers.
   */
  latestCompeting(r: RouterState, accept: (x: RouterState) => boolean, since: number): RouterState | null {
    const walked = this.latest(accept, since, this.competitorBound(r));
    if (walked !== undefined) return walked;
    let best: RouterState | null = null;
    this.forEachCompetitor(r, (x) => {
      const last = x.lastEvidence;
      if (last < since || !accept(x)) return;
      if (!best || last > best.lastEvidence || (last === best.lastEvidence && x.ordinal < best.ordinal)) best = x;
    });
    return best;
  }

  router(address: string): RouterState {
    let r = this.routers.get(address);
    if (!r) {
      r = new RouterState(address, this.routers.size);
      this.routers.set(address, r);
      // Listing no address yet, it competes with every router.
      this.addressIndex?.add(r);
    }
    return r;
  }

  /**
   * Whether a router is superseded: its master period is open but it has not advertised since
   * another (competing) router's open period began: replaced (preempted, or gone), only not yet
   * expired, and not master any more. For many routers in turn (the end of input, a report of
   * thousands of masters at once): the open routers are sorted once by the start of their period,
   * latest first, so that each look goes over only those that started after r's last advert.
   * Periods that end in the meantime are passed over; none may start.
   */
  supersession(): (r: RouterState) => boolean {
    const open = [...this.openRouters()].sort((a, b) => b.period!.from - a.period!.from);
    return (r) => {
      if (!r.period) return false;
      for (const x of open) {
        const p = x.period;
        if (!p) continue;
        if (p.from <= r.lastAdvert) break;
        if (x !== r && competes(x, r)) return true;
      }
      return false;
    };
  }

  /** Some router is acting as master right now (no list built). */
  hasLiveMaster(now: number): boolean {
    for (const r of this.openRouters()) if (r.isLive(now)) return true;
    return false;
  }

  masterDownInterval(backupPriority: number, master: RouterState): number {
    return masterDownInterval(master.version || this.version, backupPriority, master.intervalCs);
  }

  skewTime(backupPriority: number, master: RouterState): number {
    return skewTime(master.version || this.version, backupPriority, master.intervalCs);
  }
}

/**
 * Two routers compete for mastership unless their virtual address sets are known and disjoint: then
 * they are two clusters sharing a VRID (vrid-collision), each with its own master.
 */
export function competes(a: RouterState, b: RouterState): boolean {
  const x = a.addresses;
  const y = b.addresses;
  if (x.length === 0 || y.length === 0) return true;
  for (let i = 0; i < x.length; i++) if (y.includes(x[i])) return true;
  return false;
}
