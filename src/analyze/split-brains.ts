/**
 * The election's split brains: two master periods that overlapped while both kept advertising.
 * Each is kept once (found again by its two periods: no key built per advert), listed under both
 * routers while it goes on, with each side's first advert after the other's last one (what makes
 * a router yield), until one of the two periods ends.
 */
import { HISTORY_HEAD, HISTORY_TAIL, type FrameRef } from '../report/types.js';
import { HeadTail } from '../util/head-tail.js';
import type { GroupState, Period, RouterState } from './model.js';
import type { OverlapEvent } from './rule.js';

/** A confirmed split brain between a and b (a the lower address). */
export interface Overlap extends Omit<OverlapEvent, 'isNew' | 'frame'> {
  /** The two periods (of a and of b) the episode is between. */
  periods: [Period, Period];
  /** For each of the two: the other's first advert after its last one (what makes a router yield). */
  after: Map<RouterState, { time: number; frame: FrameRef }>;
  /** One of the two periods has ended: the episode is over (with a split-brain-end, or without). */
  done: boolean;
}

export class SplitBrains {
  /** Those going on by group, routers and start (the first time a pair of periods is met). */
  private readonly byKey = new Map<string, Overlap>();
  /** The same by the two periods (of the lower address first). */
  private readonly byPeriods = new WeakMap<Period, Map<Period, Overlap>>();
  /** Those still going on, listed under each of the two routers. */
  private readonly active = new Map<RouterState, Overlap[]>();

  /** The split brain of periods pa and pb (pa's router the lower address) that began at `since`, if any. */
  find(g: GroupState, pa: Period, pb: Period, since: number): Overlap | undefined {
    let o = this.byPeriods.get(pa)?.get(pb);
    if (!o) {
      o = this.byKey.get(key(g, pa.router, pb.router, since));
      if (o) this.remember(pa, pb, o);
    }
    return o;
  }

  /** A new split brain, going on from now (listed in its group's history too). */
  add(o: Overlap): void {
    (o.group.splitBrains ??= new HeadTail(HISTORY_HEAD, HISTORY_TAIL)).push(o);
    this.byKey.set(key(o.group, o.a, o.b, o.from), o);
    this.remember(o.periods[0], o.periods[1], o);
    for (const r of [o.a, o.b]) this.active.set(r, [...(this.active.get(r) ?? []), o]);
  }

  /** r advertises at t: in each split brain it is in, this may be what makes the other side yield. */
  advert(r: RouterState, t: number, frame: FrameRef): void {
    const mine = this.active.get(r);
    if (!mine) return;
    for (const o of mine) {
      const other = o.a === r ? o.b : o.a;
      // r's first advert since the other's latest one.
      if (other.lastAdvert > r.lastAdvert) {
        const after = o.after.get(other);
        if (after) {
          after.time = t;
          after.frame = frame;
        } else o.after.set(other, { time: t, frame });
      }
    }
  }

  /**
   * r's period p ended: the split brains it was one side of are over. `stayed` is told of each whose
   * other side goes on (r yielded to it); those whose other period has ended too had no winner.
   */
  ended(r: RouterState, p: Period, stayed: (o: Overlap, other: RouterState, otherPeriod: Period) => void): void {
    const mine = this.active.get(r);
    if (!mine) return;
    for (const o of mine) {
      if (o.done || (o.periods[0] !== p && o.periods[1] !== p)) continue;
      this.over(o);
      const other = o.a === r ? o.b : o.a;
      const otherPeriod = o.periods[0] === p ? o.periods[1] : o.periods[0];
      if (other.period === otherPeriod) stayed(o, other, otherPeriod);
    }
    this.prune(r);
  }

  /** A gap in the capture: every split brain ends without a verdict (nobody saw who yielded). */
  gap(): void {
    for (const list of this.active.values()) for (const o of list) this.over(o);
    this.active.clear();
  }

  /** o is over: kept from now on only in its group's history (a day of split brains is not held whole). */
  private over(o: Overlap): void {
    o.done = true;
    this.byKey.delete(key(o.group, o.a, o.b, o.from));
    // A master that stays (one period) would otherwise keep every rival period it ever met.
    this.byPeriods.get(o.periods[0])?.delete(o.periods[1]);
  }

  private remember(pa: Period, pb: Period, o: Overlap): void {
    let m = this.byPeriods.get(pa);
    if (!m) {
      m = new Map();
      this.byPeriods.set(pa, m);
    }
    m.set(pb, o);
  }

  /** Forgets the finished split brains listed under r (and under their other router). */
  private prune(r: RouterState): void {
    const mine = this.active.get(r);
    if (!mine) return;
    for (const o of mine) {
      if (!o.done) continue;
      const other = o.a === r ? o.b : o.a;
      const theirs = this.active.get(other)?.filter((x) => !x.done);
      if (theirs?.length) this.active.set(other, theirs);
      else this.active.delete(other);
    }
    const left = mine.filter((o) => !o.done);
    if (left.length) this.active.set(r, left);
    else this.active.delete(r);
  }
}

function key(g: GroupState, a: RouterState, b: RouterState, since: number): string {
  return `${g.key}|${a.address}|${b.address}|${since}`;
}
