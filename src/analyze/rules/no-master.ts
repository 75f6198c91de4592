/**
 * no-master: nobody advertised for a group for longer than its Master_Down_Interval allows: the
 * virtual address had no owner. A normal failover leaves a gap of about one Master_Down_Interval
 * (the backup's wait); this rule fires when the gap exceeds `factor` times it, and also when the
 * capture ends that long after the last master fell silent.
 */
import type { GroupState, RouterState } from '../model.js';
import { Deadlines } from '../../util/deadlines.js';
import type { Rule, RuleMessage } from '../rule.js';
import type { Finding } from '../../report/types.js';
import { addressList, groupName, seconds } from './util.js';
import { DEFAULT_BACKUP_PRIORITY } from '../timers.js';

/** A group's silence (see silenceOf). */
interface Silence {
  last: RouterState;
  lastTime: number;
  limit: number;
  kind: 'fellSilent' | 'released' | 'sinceGap';
  addresses: string;
}

/** An open finding: the silence it was last told with, and the time it was last brought up to. */
interface Open {
  finding: Finding;
  last: string;
  since: number;
  limit: number;
  silence: Silence | null;
  at: number;
}

export const noMaster: Rule = {
  meta: {
    id: 'no-master',
    defaultSeverity: 'error',
    description: 'A group had no advertising master for longer than its Master_Down_Interval.',
    options: { factor: { default: 2, description: 'gap, in Master_Down_Intervals, that counts as no master' } },
    messages: {
      fellSilent:
        'No router advertised for {{group}} for {{seconds}} s after {{last}} fell silent ' +
        '(Master_Down_Interval {{interval}} s): {{addresses}} had no owner.',
      released:
        'No router advertised for {{group}} for {{seconds}} s after {{last}} released it ' +
        '(Master_Down_Interval {{interval}} s): {{addresses}} had no owner.',
      /** Nothing since a gap in the capture. */
      sinceGap:
        'No router advertised for {{group}} for {{seconds}} s after the capture resumed ' +
        '(Master_Down_Interval {{interval}} s): {{addresses}} had no owner.',
      /** The gap ended: `by` advertised. */
      tookOver:
        'No router advertised for {{group}} for {{seconds}} s after {{last}} fell silent ' +
        '(Master_Down_Interval {{interval}} s): {{addresses}} had no owner, until {{by}} took over.',
    },
  },
  create(ctx) {
    const groups = new Set<GroupState>();
    /** The end of the latest gap in the capture: silence is counted from there, not across it. */
    let resumed = -Infinity;
    const open = new Map<GroupState, Open>();
    /** When each group's silence could first exceed its limit (no polling of every group per packet). */
    const due = new Deadlines<GroupState>();
    const limitOf = (g: GroupState, r: RouterState) =>
      ctx.options.factor * g.masterDownInterval(DEFAULT_BACKUP_PRIORITY, r);
    /** One entry per group in `due`: when it is scheduled. */
    const scheduled = new Map<GroupState, number>();
    const schedule = (g: GroupState, at: number) => {
      scheduled.set(g, at);
      due.push(at, g);
      ctx.wake(at);
    };
    /** When the group's silence could first exceed its limit: its last evidence (or the resumption) + limit. */
    const deadlineOf = (g: GroupState): number => {
      const last = g.latest();
      if (!last) return Infinity;
      return Math.max(last.lastEvidence, resumed) + limitOf(g, last);
    };

    /**
     * The group's silence as the state stands: who was heard last and when (or the resumption after
     * a gap), the limit, and how the silence is told. It changes only with the group's own adverts
     * and with gaps, so an open finding keeps it until then (see flush).
     */
    const silenceOf = (g: GroupState): Silence | null => {
      const last = g.latest();
      let lastTime = last ? last.lastEvidence : -Infinity;
      if (!last || !Number.isFinite(lastTime)) return null;
      const limit = ctx.options.factor * g.masterDownInterval(DEFAULT_BACKUP_PRIORITY, last);
      const afterGap = resumed > lastTime;
      if (afterGap) lastTime = resumed;
      const kind = afterGap ? 'sinceGap' : last.releasedAt !== null ? 'released' : 'fellSilent';
      return { last, lastTime, limit, kind, addresses: addressList(g) };
    };

    const check = (g: GroupState, now: number) => {
      if (g.routers.size === 0 || g.hasLiveMaster(now)) return;
      const s = silenceOf(g);
      if (!s || now - s.lastTime <= s.limit) return;
      const o = open.get(g);
      if (o) {
        o.silence = s;
        o.at = now;
        ctx.extend(o.finding, now, [], message(s.kind, g, o.last, o.since, now, o.limit, s.addresses));
      } else {
        const finding = ctx.report({
          group: g,
          from: s.lastTime,
          to: now,
          routers: [s.last.address],
          addresses: g.virtualAddresses,
          frames: s.last.lastFrame !== null ? [s.last.lastFrame] : [],
          ...message(s.kind, g, s.last.address, s.lastTime, now, s.limit, s.addresses),
        });
        open.set(g, { finding, last: s.last.address, since: s.lastTime, limit: s.limit, silence: s, at: now });
      }
    };

    /**
     * An open finding brought up to `now` as a check on every packet would have left it: extended
     * while the silence exceeds its limit. Checking every open group on every packet cost the number
     * of silent groups per packet; this runs only when the group's state is about to change (its
     * advert, a gap, the end) and when the findings are read mid-run (flush, before a snapshot).
     */
    const flush = (g: GroupState, o: Open, now: number) => {
      const s = o.silence;
      // (No master can be live here: the group's first advert with a priority closes the finding.)
      if (now <= o.at || !s || now - s.lastTime <= s.limit) return;
      o.at = now;
      ctx.extend(o.finding, now, [], message(s.kind, g, o.last, o.since, now, o.limit, s.addresses));
    };
    const flushAll = () => {
      for (const [g, o] of open) flush(g, o, ctx.now());
    };
    const message = (
      messageId: 'fellSilent' | 'released' | 'tookOver' | 'sinceGap',
      g: GroupState,
      last: string,
      since: number,
      until: number,
      limit: number,
      addresses: string,
      by?: string,
    ): RuleMessage => ({
      messageId,
      data: {
        group: groupName(g),
        seconds: seconds(until - since),
        ...(messageId === 'sinceGap' ? {} : { last }),
        interval: seconds(limit / ctx.options.factor),
        addresses,
        ...(by !== undefined ? { by } : {}),
      },
    });

    return {
      advert(e) {
        if (!scheduled.has(e.group)) {
          groups.add(e.group);
          schedule(e.group, e.time + limitOf(e.group, e.router));
        }
        const o = open.get(e.group);
        if (!o) return;
        // First as this packet's tick left it, before the advert changed the group's state.
        flush(e.group, o, ctx.now());
        if (e.packet.vrrp!.priority > 0) {
          // Said as "fell silent" even when the gap began with a release (see released).
          const addresses = addressList(e.group);
          ctx.extend(
            o.finding,
            e.time,
            [e.frame],
            o.finding.messageId === 'sinceGap'
              ? message('sinceGap', e.group, o.last, o.since, e.time, o.limit, addresses)
              : message('tookOver', e.group, o.last, o.since, e.time, o.limit, addresses, e.router.address),
          );
          open.delete(e.group);
        } else o.silence = silenceOf(e.group); // a release: heard from, and silent again from here
      },
      tick(now) {
        due.popBefore(now, (g) => {
          scheduled.delete(g);
          if (open.has(g)) return;
          // Heard from since this was scheduled: look again when its silence could first be too long.
          const at = deadlineOf(g);
          if (now > at) check(g, now);
          else if (at !== Infinity) schedule(g, at);
        });
        ctx.wake(due.peek());
      },
      gap(from, to) {
        // What was open ends where the capture stopped; the silence across the gap is not judged.
        flushAll();
        for (const [, o] of open) ctx.extend(o.finding, from, []);
        open.clear();
        resumed = to;
        due.clear();
        scheduled.clear();
        for (const g of groups) {
          const last = [...g.routers.values()].reduce((a, b) => (b.lastAdvert > a.lastAdvert ? b : a));
          schedule(g, to + limitOf(g, last));
        }
      },
      flush: flushAll,
      finish(now) {
        flushAll();
        for (const g of groups) check(g, now);
      },
    };
  },
};
