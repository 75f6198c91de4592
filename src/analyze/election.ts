/**
 * The election model: from the adverts and announcements the engine hands it, who acted as master
 * of each group when (master periods), and every change of master (transitions) with its cause and
 * delay against the RFC timers. Driven by packet time only (advert(), tick()); it reports through
 * the hooks it is given and never sees a rule.
 *
 * The model: only a master advertises, so a router advertising (priority > 0) is acting as master.
 * Its master period runs from its first to its last advert; it ends with a priority-0 advert
 * (release) or when it has been silent for longer than any backup would wait (4 intervals + 0.5 s,
 * which also bridges the ~3.7 s gaps a keepalived master shows during a split brain). Each new
 * period is a transition, whose cause comes from the previous master's state at that moment.
 */
import type { Family, FrameRef } from '../report/types.js';
import {
  competes,
  type GroupState,
  type Period,
  type PriorityDrop,
  type RouterState,
  type Transition,
} from './model.js';
import { firstOfPair, wins } from './addresses.js';
import { MAX_FRAMES, type OverlapEvent, type PriorityEvent } from './rule.js';
import { TIMING } from './timers.js';
import { Deadlines } from '../util/deadlines.js';
import { RecentAnnouncements, type Announcement } from './announcements.js';
import { UnsettledTakeovers } from './unsettled.js';
import { SplitBrains } from './split-brains.js';
import { addToSet } from '../util/multimap.js';

export interface ElectionHooks {
  transition(tr: Transition, g: GroupState): void;
  overlap(o: OverlapEvent): void;
  /** A master advertised a priority different from its previous advert's (a priority drop or recovery). */
  priority(e: PriorityEvent): void;
}

/** How many other masters of its group an advert is compared with at most (see checkOverlaps). */
const MAX_RIVALS = 8;

export class Election {
  /** Per period, the first transition into it in its group's list (what a search of the list would find). */
  private readonly firstTransition = new WeakMap<Period, Transition>();
  private readonly splitBrains = new SplitBrains();
  /** Takeovers whose cause is not settled yet, until the period they took over from ends. */
  private readonly unsettled = new UnsettledTakeovers();
  /** Per group, the routers whose open period is contested (a superset: each is checked when met). */
  private readonly contested = new Map<GroupState, Set<RouterState>>();
  /** The latest announcements (see announcement()). */
  private readonly announcements = new RecentAnnouncements();
  /** The end of the latest capture gap: evidence from before it names no previous master. */
  private resumedAt = -Infinity;
  /** When each master period may expire (an entry per advert; stale ones are skipped when due). */
  private readonly expiries = new Deadlines<{ g: GroupState; r: RouterState }>();
  /** The overlap event passed to the hooks, refilled per advert of a split brain (see OverlapEvent). */
  private readonly overlapEvent: OverlapEvent = {
    group: null as unknown as GroupState,
    a: null as unknown as RouterState,
    b: null as unknown as RouterState,
    from: 0,
    to: 0,
    frames: [],
    frame: 0,
    isNew: false,
  };

  constructor(
    private readonly groups: ReadonlyMap<string, GroupState>,
    private readonly hooks: ElectionHooks,
  ) {}

  private scheduleExpiry(g: GroupState, r: RouterState, at: number): void {
    r.expiryAt = at;
    this.expiries.push(at, { g, r });
  }

  /** Moves packet time to `now`: expires silent masters. */
  tick(now: number): void {
    // Exact, not throttled: live ticks and file packets must expire a master at the same moment.
    // Only the periods due are looked at (an advert since then makes the entry stale).
    if (this.expiries.peek() < now) this.expireDue(now);
    this.settle();
  }

  /** The expiries due before `now`. */
  private expireDue(now: number): void {
    this.expiries.popBefore(now, ({ g, r }) => {
      r.expiryAt = Infinity;
      if (!r.period) return;
      const at = r.lastAdvert + TIMING.expiry(r.interval);
      // Advertised since this was scheduled: look again at the true expiry (one entry per router).
      if (now <= at) return this.scheduleExpiry(g, r, at);
      this.expire(g, r, now);
      this.settleContested(g);
    });
  }

  /** An advert from `r` (its facts already recorded by the engine) at `t`. */
  advert(g: GroupState, r: RouterState, priority: number, t: number, frame: FrameRef): void {
    if (priority === 0) {
      // Graceful release: the master is leaving (RFC 3768 6.4.3 / RFC 5798 6.4.3). Only a master
      // sends it: it proves the sender was master up to this moment, however sparse its adverts.
      if (r.period) {
        r.period.to = t;
        this.checkOverlaps(g, r, t, frame, true);
        r.period.released = true;
        this.endPeriod(g, r, { time: t, frame });
      }
      r.releasedAt = t;
      g.touched(r);
      r.priority = 0;
    } else {
      this.splitBrains.advert(r, t, frame);
      // Another router took over after this one's last advert: that period is over, whatever its
      // expiry says. Advertising again is a new period, a transition of its own (a master that
      // only looked dead, e.g. keepalived re-arming its timer on discarded adverts, preempts back).
      if (r.period && !r.isLive(t) && this.takenOver(g, r)) this.endPeriod(g, r);
      const before = r.period ? r.period.priority : null;
      r.priority = priority;
      if (r.period && before !== null && priority !== before) {
        if (priority < before) {
          // Measured from the last advert at the higher priority: a backup that outranks the new
          // value discards the lowered adverts without restarting its timer.
          if (!r.period.drop) r.period.drop = { from: before, to: priority, at: t, lastAt: r.lastAdvert, frame };
          else r.period.drop.to = priority;
        } else if (r.period.drop && priority >= r.period.drop.from) r.period.drop = undefined;
        else if (r.period.drop) r.period.drop.to = priority;
        this.hooks.priority({ group: g, router: r, time: t, from: before, to: priority, frame });
      }
      if (!r.period) this.startPeriod(g, r, t, frame);
      r.lastAdvert = t;
      r.releasedAt = null;
      g.touched(r);
      r.period!.to = t;
      r.period!.priority = priority;
      if (r.expiryAt === Infinity) this.scheduleExpiry(g, r, t + TIMING.expiry(r.interval));
      this.checkOverlaps(g, r, t, frame);
      this.settleContested(g);
    }
    this.settle();
  }

  /**
   * An address was announced (gratuitous ARP, unsolicited NA) on a segment: kept a little while,
   * since a takeover may announce before it advertises (FRR sends its IPv6 NA the moment it
   * becomes master, its first IPv6 advert one interval later).
   */
  announcement(segment: string, family: Family, address: string, mac: string, t: number, frame: FrameRef): void {
    this.announcements.add(segment, family, address, mac, t, frame);
  }

  /**
   * A gap in the capture ending at `to`: every master period ends at its last advert, split brains
   * end without a verdict (nobody saw who yielded), and whoever advertises after it starts afresh.
   */
  gap(to: number): void {
    for (const g of this.groups.values()) {
      for (const r of [...g.openRouters()]) {
        r.period!.open = false;
        g.setPeriod(r, null);
      }
    }
    this.splitBrains.gap();
    this.settle(true);
    this.resumedAt = to;
    this.expiries.clear();
    for (const g of this.groups.values()) for (const r of g.routers.values()) r.expiryAt = Infinity;
  }

  /** End of input: a master replaced shortly before the end has not expired yet, but its period is over. */
  finish(): void {
    for (const g of this.groups.values()) {
      const superseded = g.supersession();
      for (const r of [...g.openRouters()]) {
        if (r.period && superseded(r)) this.endPeriod(g, r);
      }
    }
    this.settle(true);
  }

  private expire(g: GroupState, r: RouterState, now: number): void {
    const p = r.period;
    if (p && now - r.lastAdvert > TIMING.expiry(r.interval)) {
      this.endPeriod(g, r);
      // A contested period that ends unconfirmed stays without a transition (e.g. the lower address
      // of two equal-priority backups that timed out together yields at once), unless later ARP
      // evidence shows the router kept the address (see claim()).
    }
  }

  /**
   * Ends r's master period. If it was one side of a split brain whose other side goes on, the
   * split brain ends here: r yielded, at `release` (its priority-0 advert) or when the other's
   * first advert after r's last one reached it (a master hearing a higher priority steps down at once).
   */
  private endPeriod(g: GroupState, r: RouterState, release?: { time: number; frame: FrameRef }): void {
    const p = r.period;
    if (!p) return;
    p.open = false;
    g.setPeriod(r, null);
    this.unsettled.ended(p);
    this.splitBrains.ended(r, p, (o, other, otherPeriod) => {
      // r yielded: its split brain with that period is over, and a master period it starts later
      // while the other still holds on is a split brain of its own (not a resumption of this one).
      if (r.splitWith === otherPeriod) r.splitWith = null;
      const at = release ?? o.after.get(r) ?? { time: r.lastAdvert, frame: r.lastFrame ?? p.firstFrame };
      this.addTransition(g, {
        time: at.time,
        from: r,
        to: other,
        cause: 'split-brain-end',
        delay: null,
        expectedDelay: null,
        frame: at.frame,
        period: otherPeriod,
      });
    });
  }

  /** Another router's period, a takeover (not merely contested), began after r's last advert. */
  private takenOver(g: GroupState, r: RouterState): boolean {
    for (const x of g.openRouters()) {
      const p = x.period;
      if (x === r || !p || p.contested || p.resumesSplit || p.from <= r.lastAdvert || !competes(x, r)) continue;
      return true;
    }
    return false;
  }

  /**
   * A contested period whose rival has gone silent for good (its period expired) while this one
   * carried on: it did take over after all. Merely sparse adverts from the rival do not count: a
   * keepalived master that keeps receiving adverts it discards re-arms its timer and sends few.
   */
  private settleContested(g: GroupState): void {
    const contested = this.contested.get(g);
    if (!contested?.size) return;
    for (const r of [...contested].sort((a, b) => a.ordinal - b.ordinal)) {
      const p = r.period;
      if (!p?.contested) {
        contested.delete(r);
        continue;
      }
      const prev = p.contested.prev;
      if (prev.period) continue;
      if (r.lastAdvert - p.from < Math.max(2 * r.interval, 1)) continue;
      this.addTransition(g, {
        time: p.from,
        from: prev,
        to: r,
        cause: 'master-down',
        delay: Math.max(0, p.from - prev.lastAdvert),
        expectedDelay: null,
        frame: p.contested.frame,
        period: p,
      });
      p.contested = undefined;
      contested.delete(r);
    }
  }

  /** r's open period is contested (see settleContested, which looks at these only). */
  private contest(g: GroupState, r: RouterState): void {
    addToSet(this.contested, g, r);
  }

  private addTransition(g: GroupState, tr: Transition): void {
    // The first of the period's transitions in the group's list (time order; an equal time goes after).
    const first = this.firstTransition.get(tr.period);
    if (!first || tr.time < first.time) this.firstTransition.set(tr.period, tr);
    tr.to.splitWith = tr.cause === 'split-brain' && tr.from ? tr.from.period : null;
    // Contested periods are settled late: keep the list in time order.
    g.transitions.insert(tr, (x) => x.time > tr.time);
    if (tr.from && tr.time >= (tr.from.replacedBy?.time ?? -Infinity)) tr.from.replacedBy = tr;
    const rival = tr.from?.period;
    if ((tr.cause === 'preemption' || tr.cause === 'priority-drop') && rival) this.unsettled.wait(rival, tr, g);
    else this.announce(tr, g);
  }

  private announce(tr: Transition, g: GroupState): void {
    if (tr.announced) return;
    tr.announced = true;
    this.hooks.transition(tr, g);
  }

  /**
   * Announces the takeovers whose old master's period has ended (or all of them: end of input, a
   * gap), in the order they came. Nothing to do, the common case, costs nothing.
   */
  private settle(all = false): void {
    for (const u of this.unsettled.take(all)) this.announce(u.tr, u.g);
  }

  /**
   * The first evidence of r's takeover, if it announced one of its addresses before this first
   * advert: from its own MAC (keepalived, the physical one; FRR, the virtual one), at most 1.5
   * intervals earlier, and after the previous master's last advert or release.
   */
  private anchor(g: GroupState, r: RouterState, t: number, after: number): Announcement | undefined {
    const earliest = Math.max(after, t - TIMING.announceLead(r.interval));
    return this.announcements.earliest(
      earliest,
      t,
      r.mac,
      g.segmentKey,
      g.family,
      (a) => r.addresses.includes(a) || g.virtualAddressSet.has(a),
    );
  }

  /** A router starts acting as master: a transition whose cause depends on the previous master. */
  private startPeriod(g: GroupState, r: RouterState, advertTime: number, advertFrame: FrameRef): void {
    // The previous master: whoever advertised (or released) most recently, this router included.
    const prev = g.latestCompeting(r, (x) => x.periods.count > 0 && (x === r || competes(x, r)), this.resumedAt);
    const prevTime = prev ? prev.lastEvidence : -Infinity;
    // The takeover starts with its first evidence: an announcement just before the first advert.
    const first = this.anchor(g, r, advertTime, prevTime);
    const t = first?.time ?? advertTime;
    const frame = first?.frame ?? advertFrame;
    const period: Period = {
      router: r,
      from: t,
      to: t,
      priority: r.priority,
      firstFrame: frame,
      released: false,
      open: true,
    };
    g.setPeriod(r, period);
    r.periods.push(period);

    let cause: Transition['cause'];
    let drop: PriorityDrop | undefined;
    let delay: number | null = null;
    let expectedDelay: number | null = null;
    if (!prev) {
      cause = 'startup';
    } else if (prev !== r && prev.isLive(t)) {
      // Resuming inside an ongoing split brain with the same rival: the same episode, no new transition.
      if (r.splitWith !== null && r.splitWith === prev.period) {
        period.resumesSplit = true;
        return;
      }
      if (!wins(r.priority, r.address, prev.priority, prev.address)) {
        period.contested = { prev, frame };
        this.contest(g, r);
        return;
      }
      drop = prev.period?.drop;
      if (drop && !wins(r.priority, r.address, drop.from, prev.address)) {
        // It would not have won against the master's old priority: the master's drop let it in,
        // Master_Down_Interval after the master's last advert at the old priority.
        cause = 'priority-drop';
        delay = t - drop.lastAt;
        expectedDelay = g.masterDownInterval(r.priority, prev);
      } else {
        drop = undefined;
        cause = 'preemption';
        delay = t - prev.lastAdvert;
      }
    } else if (prev.releasedAt !== null && prev.releasedAt >= prev.lastAdvert) {
      cause = 'release';
      delay = t - prev.releasedAt;
      expectedDelay = g.skewTime(r.priority, prev);
    } else {
      cause = 'master-down';
      delay = t - prev.lastAdvert;
      expectedDelay = g.masterDownInterval(r.priority, prev);
    }
    this.addTransition(g, {
      time: t,
      from: prev,
      to: r,
      cause,
      delay,
      expectedDelay,
      frame,
      period,
      ...(drop ? { drop: { ...drop } } : {}),
    });
  }

  /**
   * Two routers whose periods overlap and who both kept advertising for at least two intervals
   * (and at least 1 s) of the overlap: a split brain, not a preemption handover (in which the old
   * master falls silent within about one interval).
   */
  private checkOverlaps(g: GroupState, x: RouterState, t: number, frame: FrameRef, release = false): void {
    let rivals = 0;
    for (const y of g.openRouters()) {
      if (y === x || !y.period || !competes(x, y)) continue;
      // More masters at once than MAX_RIVALS + 1 (a flood, a spoofing tool): each is compared with
      // the first MAX_RIVALS of the others (as first heard) only, so the pairs stay linear in number.
      if (++rivals > MAX_RIVALS) break;
      const since = Math.max(x.period!.from, y.period.from);
      // x's priority-0 advert proves it was master until t; so does y's last advert, and y is
      // still master at t if it advertised within the last 1.5 intervals.
      const yUntil = release && y.isLive(t) ? t : y.lastAdvert;
      const span = Math.min(t, yUntil) - since;
      const threshold = TIMING.splitBrain(Math.max(x.interval, y.interval));
      if (y.lastAdvert < since || span < threshold) continue;
      const a = firstOfPair(x, y);
      const b = a === x ? y : x;
      let o = this.splitBrains.find(g, a.period!, b.period!, since);
      const isNew = !o;
      // Evidence only while both keep advertising: nothing new once one of them has stopped.
      if (o && since + span <= o.to) continue;
      if (!o) {
        // Evidence: the later period's first advert, and the other router's adverts since.
        const later0 = x.period!.from >= y.period.from ? x.period!.firstFrame : y.period.firstFrame;
        o = {
          group: g,
          a,
          b,
          from: since,
          to: since + span,
          frames: [later0, y.lastFrame!],
          periods: a === x ? [x.period!, y.period] : [y.period, x.period!],
          after: new Map(),
          done: false,
        };
        this.splitBrains.add(o);
        // Confirmed by an advert of x after y's last one: that may already be what y yields to.
        if (!release && y.lastAdvert < t) o.after.set(y, { time: t, frame });
        // The later period was not a clean handover: a second master appeared.
        const later = x.period!.from >= y.period.from ? x.period! : y.period;
        const earlier = later === x.period ? y : x;
        const tr = this.firstTransition.get(later);
        if (tr && (tr.cause === 'preemption' || tr.cause === 'priority-drop')) {
          tr.cause = 'split-brain';
          tr.delay = null;
          tr.expectedDelay = null;
          tr.drop = undefined;
          later.router.splitWith = earlier.period;
          this.announce(tr, g);
        }
        if (later.contested) {
          this.addTransition(g, {
            time: later.from,
            from: earlier,
            to: later.router,
            cause: 'split-brain',
            delay: null,
            expectedDelay: null,
            frame: later.contested.frame,
            period: later,
          });
          later.contested = undefined;
        }
      }
      o.to = since + span;
      // This advert proves the overlap only if it lies within it; otherwise the other's last one does.
      const proof = t <= o.to ? frame : y.lastFrame!;
      if (o.frames.length < MAX_FRAMES && !o.frames.includes(proof)) o.frames.push(proof);
      const e = this.overlapEvent;
      e.group = g;
      e.a = o.a;
      e.b = o.b;
      e.from = o.from;
      e.to = o.to;
      e.frames = o.frames;
      e.frame = proof;
      e.isNew = isNew;
      this.hooks.overlap(e);
    }
  }

  /**
   * A router that started a contested period, fell silent, and later still announces a virtual
   * address (keepalived's second GARP burst, 5 s after becoming master) while another router is
   * master: it became master at the start of that period and kept the address (a keepalived master
   * that keeps receiving adverts it discards re-arms its timer and stops advertising).
   */
  confirmSilentMaster(g: GroupState, mac: string, t: number): void {
    const claimant = g.withMac(mac)[0] as RouterState | undefined;
    if (!claimant || claimant.isLive(t) || t - claimant.lastAdvert <= TIMING.live(claimant.interval)) return;
    const p = claimant.periods.last();
    if (!p?.contested) return;
    const rival = p.contested.prev;
    if (!rival.isLive(t)) return;
    this.addTransition(g, {
      time: p.from,
      from: rival,
      to: claimant,
      cause: 'split-brain',
      delay: null,
      expectedDelay: null,
      frame: p.contested.frame,
      period: p,
    });
    p.contested = undefined;
  }
}
