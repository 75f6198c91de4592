/**
 * ineffective-tracking: a master lowered its advertised priority (a tracked script or interface
 * failed: keepalived `vrrp_script`/`track_interface` weights, FRR's tracking) but stayed master: no
 * backup took over within the longest Master_Down_Interval any backup waits. The service behind the
 * check is down and the virtual address stays on it. keepalived users meet this whenever the weight
 * is smaller than the gap to the backup's priority (103 - 2 = 101 still beats 100).
 */
import type { Finding, FrameRef } from '../../report/types.js';
import { compareAddresses, competes, type GroupState, type Period, type RouterState } from '../model.js';
import type { Rule, RuleMessage } from '../rule.js';
import { masterDownInterval } from '../timers.js';
import { addressList, groupName } from './util.js';

interface Drop {
  group: GroupState;
  router: RouterState;
  period: Period;
  from: number;
  to: number;
  time: number;
  frame: FrameRef;
  /** When a backup that outranks the new priority would have taken over, at the latest. */
  deadline: number;
  finding?: Finding;
}

export const ineffectiveTracking: Rule = {
  meta: {
    id: 'ineffective-tracking',
    defaultSeverity: 'warning',
    description: 'A master lowered its priority (a tracked check failed) but no backup took over.',
    options: {
      slack: { default: 0.5, description: 'seconds allowed past the longest Master_Down_Interval' },
    },
    messages: {
      stayedAbove:
        '{{router}} lowered its priority for {{group}} from {{from}} to {{to}} (a tracked script or interface ' +
        'failed) but stayed master: every backup heard advertises less ({{backups}}), so none takes over and the ' +
        'virtual addresses ({{addresses}}) remain on a router whose check failed. Make the weight larger than ' +
        'the priority gap.',
      noBackupHeard:
        '{{router}} lowered its priority for {{group}} from {{from}} to {{to}} (a tracked script or interface ' +
        'failed) but stayed master: no backup took over, so the virtual addresses ({{addresses}}) remain on a ' +
        'router whose check failed (no backup was heard: its priority may be below {{to}}, or it does not preempt).',
      outranked:
        '{{router}} lowered its priority for {{group}} from {{from}} to {{to}} (a tracked script or interface ' +
        'failed) but stayed master although {{backups}} advertised more: a backup that does not preempt ' +
        '(nopreempt), or that no longer hears the master.',
    },
  },
  create(ctx) {
    const pending: Drop[] = [];

    const message = (d: Drop): RuleMessage => {
      const g = d.group;
      const others = [...g.routers.values()]
        .filter((b) => b !== d.router && b.adverts > 0 && b.priority > 0 && competes(b, d.router))
        .sort((a, b) => compareAddresses(a.address, b.address));
      const base = { router: d.router.address, group: groupName(g), from: d.from, to: d.to };
      const addresses = addressList(g);
      if (others.length === 0) return { messageId: 'noBackupHeard', data: { ...base, addresses } };
      const list = (rs: RouterState[]) => rs.map((b) => `${b.address} at ${b.priority}`).join(', ');
      const higher = others.filter((b) => b.priority > d.to);
      if (higher.length) return { messageId: 'outranked', data: { ...base, backups: list(higher) } };
      return { messageId: 'stayedAbove', data: { ...base, backups: list(others), addresses } };
    };

    const judge = (now: number) => {
      for (let i = 0; i < pending.length; i++) {
        const d = pending[i];
        // Still master, still lowered, and nobody took over from it since the drop.
        const still =
          d.router.period === d.period &&
          d.period.drop !== undefined &&
          (d.router.replacedBy?.time ?? -Infinity) < d.time;
        if (!still) {
          pending.splice(i--, 1);
          continue;
        }
        if (now < d.deadline || d.finding) continue;
        d.finding = ctx.report({
          group: d.group,
          from: d.time,
          to: Math.max(d.time, d.router.lastAdvert),
          routers: [d.router.address],
          addresses: d.group.virtualAddresses,
          frames: [d.frame],
          ...message(d),
        });
      }
    };

    return {
      priority(e) {
        const p = e.router.period;
        if (!p) return;
        // A recovery (the priority rises again) ends the drop: judge() lets it go.
        if (e.to >= e.from) return;
        const open = pending.find((d) => d.router === e.router && d.period === p);
        if (open) {
          open.to = e.to;
          if (open.finding) ctx.extend(open.finding, e.time, [e.frame], message(open));
          return;
        }
        // The longest any backup waits: Master_Down_Interval of a priority-1 backup, from the
        // master's last advert at the old priority.
        const wait = masterDownInterval(e.router.version || e.group.version, 1, e.router.intervalCs);
        const lastAt = p.drop?.lastAt ?? e.time;
        pending.push({
          group: e.group,
          router: e.router,
          period: p,
          from: e.from,
          to: e.to,
          time: e.time,
          frame: e.frame,
          deadline: lastAt + wait + ctx.options.slack,
        });
      },
      advert(e) {
        // While the master keeps advertising the lowered priority, the finding covers it.
        for (const d of pending) {
          if (d.finding && d.router === e.router && d.period.drop && e.packet.vrrp!.priority < d.from)
            ctx.extend(d.finding, e.time, []);
        }
      },
      tick: judge,
      finish: judge,
    };
  },
};
