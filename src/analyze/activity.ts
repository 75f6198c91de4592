/**
 * What a picture of the history needs beyond master periods and transitions (schema 3): each
 * router's advertised priority over time, its silences longer than Master_Down_Interval, its
 * advert activity, and each group's announcements (gratuitous ARP, unsolicited NA).
 *
 * Bounded whatever the capture's length: every list is capped (with the true total beside it) and
 * advert activity is kept as a fixed number of buckets whose width doubles when time runs past
 * them, so each packet costs O(1) amortized. The engine calls advert() and announcement(); the
 * report builder reads routerActivity() and groupActivity().
 */
import type { ActivityBuckets, Announcement, FrameRef, PriorityChange, Span } from '../report/types.js';
import type { GroupState, RouterState } from './model.js';
import { DEFAULT_BACKUP_PRIORITY, TIMING } from './timers.js';
import { withItem } from '../util/lists.js';

/** Priority changes, silences and announcements kept per router / group (the totals are counted). */
export const ACTIVITY_LIMIT = 1000;
/** Exact advert times are kept up to this many per router; beyond it only the buckets. */
export const ADVERT_TIMES_KEPT = 600;
/** Buckets of advert activity per router. */
export const BUCKETS = 256;
/** The first bucket width, seconds (doubled as often as the span needs). */
const FIRST_WIDTH = 0.05;

/**
 * Counts of events in BUCKETS equal buckets from `from`; when an event falls past the last bucket
 * the width doubles (neighbouring buckets merge), so memory is fixed and each add is O(1) amortized.
 *
 * A Buckets made with `counting` false follows only the span (from and width) until count() is
 * called with the events so far: a router whose every advert time is kept costs no buckets. The
 * counts are then what counting all along would have given: a merged bucket covers exactly the
 * two it replaces, so counting at the final width is the same as counting and merging.
 */
export class Buckets {
  from = NaN;
  width = FIRST_WIDTH;
  counts: Uint32Array | null;

  constructor(counting = true) {
    this.counts = counting ? new Uint32Array(BUCKETS) : null;
  }

  private index(t: number): number {
    const i = Math.floor((t - this.from) / this.width);
    return i < 0 ? 0 : i; // merged inputs are in time order; never before the first
  }

  add(t: number): void {
    if (Number.isNaN(this.from)) this.from = Math.floor(t / FIRST_WIDTH) * FIRST_WIDTH;
    let i = this.index(t);
    const c = this.counts;
    while (i >= BUCKETS) {
      if (c) {
        for (let k = 0; k < BUCKETS / 2; k++) c[k] = c[2 * k] + c[2 * k + 1];
        c.fill(0, BUCKETS / 2);
      }
      this.width *= 2;
      i = this.index(t);
    }
    if (c) c[i]++;
  }

  /** Starts counting: `times`, every event added so far, counted at once. */
  count(times: readonly number[]): void {
    const c = new Uint32Array(BUCKETS);
    for (const t of times) c[this.index(t)]++;
    this.counts = c;
  }

  /** The used buckets (trailing empty ones left out); `counts: false` leaves the counts out. */
  report(round: (t: number) => number, counts = true): ActivityBuckets {
    const c = counts ? this.counts : null;
    let n = 0;
    if (c) {
      n = BUCKETS;
      while (n > 0 && c[n - 1] === 0) n--;
    }
    const list = new Array<number>(n);
    for (let i = 0; i < n; i++) list[i] = c![i];
    return { from: Number.isNaN(this.from) ? 0 : round(this.from), width: this.width, counts: list };
  }
}

interface RouterActivity {
  changes: PriorityChange[];
  changeCount: number;
  /** The last priority advertised (any), and when. */
  priority: number;
  last: number;
  silences: Span[];
  silenceCount: number;
  times: number[] | null;
  buckets: Buckets;
}

interface GroupActivity {
  announcements: Announcement[];
  count: number;
}

/**
 * From its advert at `last` (at `priority`) to `until`, router `r` was silent for longer than a
 * default backup waits under it, without having stepped down: not after a priority-0 advert, and
 * not after it yielded to another master (preempted, its priority dropped, the end of a split
 * brain): a backup is quiet by design. A master that falls silent (crash, lost link) is.
 */
export function isSilence(g: GroupState, r: RouterState, priority: number, last: number, until: number): boolean {
  if (priority <= 0 || until - last <= g.masterDownInterval(DEFAULT_BACKUP_PRIORITY, r)) return false;
  const away = r.replacedBy;
  return !(away && away.cause !== 'master-down' && away.time >= last - TIMING.live(r.interval));
}

/** `list` with `item` added while under the cap (as withItem: the field is set to what it returns). */
function capped<T>(list: T[], item: T): T[] {
  return list.length < ACTIVITY_LIMIT ? withItem(list, item) : list;
}

export class Activity {
  private readonly routers = new Map<RouterState, RouterActivity>();
  private readonly groups = new Map<GroupState, GroupActivity>();

  /** An advert of `r` in `g` at `t` (after the engine recorded its facts on `r`). */
  advert(g: GroupState, r: RouterState, priority: number, t: number, frame: FrameRef): void {
    let a = this.routers.get(r);
    if (!a) {
      a = {
        changes: [],
        changeCount: 0,
        priority: -1,
        last: t,
        silences: [],
        silenceCount: 0,
        times: [],
        // Counted only once the advert times are no longer all kept.
        buckets: new Buckets(false),
      };
      this.routers.set(r, a);
    }
    if (isSilence(g, r, a.priority, a.last, t)) {
      a.silences = capped(a.silences, { from: a.last, to: t });
      a.silenceCount++;
    }
    if (priority !== a.priority) {
      a.changes = capped(a.changes, { time: t, priority, frame });
      a.changeCount++;
    }
    a.priority = priority;
    a.last = t;
    if (a.times) {
      if (a.times.length < ADVERT_TIMES_KEPT) a.times.push(t);
      else {
        a.buckets.count(a.times);
        a.times = null;
      }
    }
    a.buckets.add(t);
  }

  /** A gratuitous ARP / unsolicited NA for one of `g`'s virtual addresses. */
  announcement(g: GroupState, address: string, mac: string, t: number, frame: FrameRef): void {
    let a = this.groups.get(g);
    if (!a) {
      a = { announcements: [], count: 0 };
      this.groups.set(g, a);
    }
    a.announcements = capped(a.announcements, { time: t, address, mac, frame });
    a.count++;
  }

  routerActivity(r: RouterState): RouterActivity | undefined {
    return this.routers.get(r);
  }

  groupActivity(g: GroupState): GroupActivity | undefined {
    return this.groups.get(g);
  }
}
