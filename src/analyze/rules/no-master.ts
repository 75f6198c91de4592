/**
 * no-master: nobody advertised for a group for longer than its Master_Down_Interval allows: the
 * virtual address had no owner. A normal failover leaves a gap of about one Master_Down_Interval
 * (the backup's wait); this rule fires when the gap exceeds `factor` times it, and also when the
 * capture ends that long after the last master fell silent.
 */
import type { GroupState } from '../model.js';
import type { Rule } from '../rule.js';
import type { Finding } from '../../report/types.js';
import { groupName, secs } from './util.js';

/** Backups are commonly configured with priority 100 (keepalived's and FRR's default). */
const TYPICAL_BACKUP_PRIORITY = 100;

export const noMaster: Rule = {
  meta: {
    id: 'no-master',
    defaultSeverity: 'error',
    description: 'A group had no advertising master for longer than its Master_Down_Interval.',
    options: { factor: { default: 2, description: 'gap, in Master_Down_Intervals, that counts as no master' } },
  },
  create(ctx) {
    const groups = new Set<GroupState>();
    const open = new Map<GroupState, Finding>();
    let lastCheck = -Infinity;

    const check = (g: GroupState, now: number) => {
      if (g.liveMasters(now).length > 0 || g.routers.size === 0) return;
      let last = null;
      let lastTime = -Infinity;
      for (const r of g.routers.values()) {
        const t = Math.max(r.lastAdvert, r.releasedAt ?? -Infinity);
        if (t > lastTime) [last, lastTime] = [r, t];
      }
      if (!last || !Number.isFinite(lastTime)) return;
      const limit = ctx.options.factor * g.masterDownInterval(TYPICAL_BACKUP_PRIORITY, last);
      const gap = now - lastTime;
      if (gap <= limit) return;
      const message = `No router advertised for ${groupName(g)} for ${secs(gap)} after ${last.address}${last.releasedAt !== null ? ' released it' : ' fell silent'} (Master_Down_Interval ${secs(limit / ctx.options.factor)}): ${g.virtualAddresses.join(', ')} had no owner.`;
      const f = open.get(g);
      if (f) ctx.extend(f, now, [], message);
      else open.set(g, ctx.report({ group: g, from: lastTime, to: now, routers: [last.address], addresses: g.virtualAddresses, frames: last.lastFrame !== null ? [last.lastFrame] : [], message }));
    };

    return {
      advert(e) {
        groups.add(e.group);
        const f = open.get(e.group);
        if (f && e.packet.vrrp!.priority > 0) {
          ctx.extend(f, e.time, [e.frame], `${f.message.replace(/\.$/, '')}; ${e.router.address} took over at the end.`);
          open.delete(e.group);
        }
      },
      tick(now) {
        if (now - lastCheck < 0.1) return;
        lastCheck = now;
        for (const g of groups) check(g, now);
      },
      finish(now) {
        for (const g of groups) check(g, now);
      },
    };
  },
};
