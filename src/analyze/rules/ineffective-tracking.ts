/**
 * ineffective-tracking: a master lowered its advertised priority (a tracked script or interface
 * failed: keepalived `vrrp_script`/`track_interface` weights, FRR's tracking) but stayed master: no
 * backup took over within the longest Master_Down_Interval any backup waits. The service behind the
 * check is down and the virtual address stays on it. keepalived users meet this whenever the weight
 * is smaller than the gap to the backup's priority (103 - 2 = 101 still beats 100).
 */
import type { Finding, FrameRef } from '../../report/types.js';
import { competes, type GroupState, type Period, type RouterState } from '../model.js';
import { compareAddresses } from '../addresses.js';
import type { Rule, RuleMessage } from '../rule.js';
import { masterDownInterval, TIMING } from '../timers.js';
import { Deadlines } from '../../util/deadlines.js';
import { addTo, removeFrom } from '../../util/multimap.js';
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
  /** Its place in the order drops came (in which those judged together are judged). */
  order: number;
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
    /**
     * The drops pending (the master still master, still lowered, not taken over), per router (the
     * adverts a finding covers) and per group. A drop can only stop being pending through an advert
     * or an announcement in its group, its master's period expiring, a gap or the end: it is looked
     * at then (and when its deadline comes), never on every packet.
     */
    const byRouter = new Map<RouterState, Drop[]>();
    const byGroup = new Map<GroupState, Drop[]>();
    /** Groups with an advert or announcement since the last tick (which the next packet calls). */
    const touched = new Set<GroupState>();
    const touch = (g: GroupState) => {
      touched.add(g);
      ctx.wake(ctx.now());
    };
    /** Report deadlines, and when each drop's master could next expire. */
    const deadlines = new Deadlines<Drop>();
    const expiries = new Deadlines<Drop>();
    let drops = 0;

    const still = (d: Drop) =>
      d.router.period === d.period && d.period.drop !== undefined && (d.router.replacedBy?.time ?? -Infinity) < d.time;
    const listed = (d: Drop) => byRouter.get(d.router)?.includes(d) === true;
    /** No longer pending: forgotten (its deadline and expiry entries are skipped when they come). */
    const check = (d: Drop) => {
      if (still(d)) return;
      removeFrom(byRouter, d.router, d);
      removeFrom(byGroup, d.group, d);
    };
    const expiryOf = (r: RouterState) => r.lastAdvert + TIMING.expiry(r.interval);

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

    const report = (d: Drop) => {
      d.finding = ctx.report({
        group: d.group,
        from: d.time,
        to: Math.max(d.time, d.router.lastAdvert),
        routers: [d.router.address],
        addresses: d.group.virtualAddresses,
        frames: [d.frame],
        ...message(d),
      });
    };

    /** At `now`: the drops that stopped being pending are forgotten, and those due are reported. */
    // What a tick collects (lists reused: a tick with nothing to do allocates nothing).
    const relook: Drop[] = [];
    const due: Drop[] = [];
    const onExpiry = (d: Drop) => {
      if (!listed(d)) return;
      check(d);
      if (listed(d)) relook.push(d);
    };
    const onDeadline = (d: Drop) => {
      if (!listed(d) || d.finding) return;
      check(d);
      if (listed(d)) due.push(d);
    };

    /** At `now`: the drops that stopped being pending are forgotten, and those due are reported. */
    const judge = (now: number) => {
      if (touched.size) {
        for (const g of touched) for (const d of [...(byGroup.get(g) ?? [])]) check(d);
        touched.clear();
      }
      // The election has expired what was due (its tick comes first): a master still advertising
      // is looked at again when it could next expire (pushed after the loop: never due again in it).
      if (expiries.peek() < now) {
        expiries.popBefore(now, onExpiry);
        for (const d of relook) expiries.push(expiryOf(d.router), d);
        relook.length = 0;
      }
      if (deadlines.peek() > now) return;
      deadlines.popThrough(now, onDeadline);
      due.sort((a, b) => a.order - b.order);
      for (const d of due) report(d);
      due.length = 0;
    };

    return {
      priority(e) {
        const p = e.router.period;
        if (!p) return;
        // A recovery (the priority rises again) ends the drop: judge() lets it go.
        if (e.to >= e.from) return;
        const open = byRouter.get(e.router)?.find((d) => d.period === p);
        if (open) {
          open.to = e.to;
          if (open.finding) ctx.extend(open.finding, e.time, [e.frame], message(open));
          return;
        }
        // The longest any backup waits: Master_Down_Interval of a priority-1 backup, from the
        // master's last advert at the old priority.
        const wait = masterDownInterval(e.router.version || e.group.version, 1, e.router.intervalCs);
        const lastAt = p.drop?.lastAt ?? e.time;
        const d: Drop = {
          group: e.group,
          router: e.router,
          period: p,
          from: e.from,
          to: e.to,
          time: e.time,
          frame: e.frame,
          deadline: lastAt + wait + ctx.options.slack,
          order: drops++,
        };
        addTo(byRouter, d.router, d);
        addTo(byGroup, d.group, d);
        deadlines.push(d.deadline, d);
        expiries.push(expiryOf(d.router), d);
        ctx.wake(Math.min(d.deadline, expiryOf(d.router)));
      },
      advert(e) {
        if (!byGroup.has(e.group)) return;
        touch(e.group);
        // While the master keeps advertising the lowered priority, the finding covers it.
        for (const d of byRouter.get(e.router) ?? []) {
          if (d.finding && d.period.drop && e.packet.vrrp!.priority < d.from) ctx.extend(d.finding, e.time, []);
        }
      },
      groupClaim(e) {
        // An announcement may prove a silent master took over (the election's confirmSilentMaster).
        if (e.announcement) for (const g of e.groups) if (byGroup.has(g)) touch(g);
      },
      gap() {
        for (const g of byGroup.keys()) touch(g);
      },
      tick(now) {
        judge(now);
        ctx.wake(Math.min(expiries.peek(), deadlines.peek()));
      },
      finish(now) {
        // The election has just settled what the end of input settles.
        for (const list of [...byGroup.values()]) for (const d of [...list]) check(d);
        judge(now);
      },
    };
  },
};
