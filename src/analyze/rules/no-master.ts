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
import { groupName, seconds } from './util.js';
import { DEFAULT_BACKUP_PRIORITY } from '../timers.js';

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
    const open = new Map<GroupState, { finding: Finding; last: string; since: number; limit: number }>();
    /** When each group's silence could first exceed its limit (no polling of every group per packet). */
    const due = new Deadlines<GroupState>();
    const limitOf = (g: GroupState, r: RouterState) =>
      ctx.options.factor * g.masterDownInterval(DEFAULT_BACKUP_PRIORITY, r);
    /** One entry per group in `due`: when it is scheduled. */
    const scheduled = new Map<GroupState, number>();
    const schedule = (g: GroupState, at: number) => {
      scheduled.set(g, at);
      due.push(at, g);
    };
    /** When the group's silence could first exceed its limit: its last evidence (or the resumption) + limit. */
    const deadlineOf = (g: GroupState): number => {
      let last: RouterState | null = null;
      let lastTime = -Infinity;
      for (const r of g.routers.values()) {
        const t = Math.max(r.lastAdvert, r.releasedAt ?? -Infinity);
        if (t > lastTime) [last, lastTime] = [r, t];
      }
      if (!last) return Infinity;
      return Math.max(lastTime, resumed) + limitOf(g, last);
    };

    const check = (g: GroupState, now: number) => {
      if (g.routers.size === 0 || g.hasLiveMaster(now)) return;
      let last = null;
      let lastTime = -Infinity;
      for (const r of g.routers.values()) {
        const t = Math.max(r.lastAdvert, r.releasedAt ?? -Infinity);
        if (t > lastTime) [last, lastTime] = [r, t];
      }
      if (!last || !Number.isFinite(lastTime)) return;
      const limit = ctx.options.factor * g.masterDownInterval(DEFAULT_BACKUP_PRIORITY, last);
      const afterGap = resumed > lastTime;
      if (afterGap) lastTime = resumed;
      const gap = now - lastTime;
      if (gap <= limit) return;
      const o = open.get(g);
      const silence = afterGap ? 'sinceGap' : last.releasedAt !== null ? 'released' : 'fellSilent';
      if (o) ctx.extend(o.finding, now, [], message(silence, g, o.last, o.since, now, o.limit));
      else {
        const finding = ctx.report({
          group: g,
          from: lastTime,
          to: now,
          routers: [last.address],
          addresses: g.virtualAddresses,
          frames: last.lastFrame !== null ? [last.lastFrame] : [],
          ...message(silence, g, last.address, lastTime, now, limit),
        });
        open.set(g, { finding, last: last.address, since: lastTime, limit });
      }
    };
    const message = (
      messageId: 'fellSilent' | 'released' | 'tookOver' | 'sinceGap',
      g: GroupState,
      last: string,
      since: number,
      until: number,
      limit: number,
      by?: string,
    ): RuleMessage => ({
      messageId,
      data: {
        group: groupName(g),
        seconds: seconds(until - since),
        ...(messageId === 'sinceGap' ? {} : { last }),
        interval: seconds(limit / ctx.options.factor),
        addresses: g.virtualAddresses.join(', '),
        ...(by !== undefined ? { by } : {}),
      },
    });

    return {
      advert(e) {
        groups.add(e.group);
        if (!scheduled.has(e.group)) schedule(e.group, e.time + limitOf(e.group, e.router));
        const o = open.get(e.group);
        if (o && e.packet.vrrp!.priority > 0) {
          // Said as "fell silent" even when the gap began with a release (see released).
          ctx.extend(
            o.finding,
            e.time,
            [e.frame],
            o.finding.messageId === 'sinceGap'
              ? message('sinceGap', e.group, o.last, o.since, e.time, o.limit)
              : message('tookOver', e.group, o.last, o.since, e.time, o.limit, e.router.address),
          );
          open.delete(e.group);
        }
      },
      tick(now) {
        if (open.size) for (const g of open.keys()) check(g, now);
        // Nothing due (nearly every packet): no closure made, no iterator.
        if (due.peek() >= now) return;
        due.popBefore(now, (g) => {
          scheduled.delete(g);
          if (open.has(g)) return;
          // Heard from since this was scheduled: look again when its silence could first be too long.
          const at = deadlineOf(g);
          if (now > at) check(g, now);
          else if (at !== Infinity) schedule(g, at);
        });
      },
      gap(from, to) {
        // What was open ends where the capture stopped; the silence across the gap is not judged.
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
      finish(now) {
        for (const g of groups) check(g, now);
      },
    };
  },
};
