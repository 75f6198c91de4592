/**
 * stale-arp-risk: a router became master briefly (a second master: the first one never stopped),
 * announced the virtual addresses with gratuitous ARPs / unsolicited NAs, then yielded, and the
 * master that stayed did not announce them again within `window` seconds. Every host that heard the
 * brief master's announcement keeps sending to its MAC until its ARP / neighbor cache entry expires:
 * minutes to hours of lost traffic after a split brain that lasted a second. keepalived has
 * `garp_lower_prio_repeat` and `vrrp_garp_master_refresh` for exactly this. Routers that share the
 * virtual MAC (FRR, Cisco) leave nothing stale.
 */
import type { FrameRef } from '../../report/types.js';
import { type GroupState, type RouterState } from '../model.js';
import { compareAddresses } from '../addresses.js';
import type { Rule } from '../rule.js';
import { Deadlines } from '../../util/deadlines.js';
import { addTo, removeFrom } from '../../util/multimap.js';
import { groupName, virtualMac } from './util.js';

interface Announced {
  mac: string;
  time: number;
  frame: FrameRef;
}

interface Pending {
  group: GroupState;
  yielded: RouterState;
  master: RouterState;
  /** The addresses whose latest announcement was the yielding router's, and its frame. */
  stale: Map<string, FrameRef>;
  time: number;
  frame: FrameRef;
  /** Its place in the order split brains ended (in which those due together are judged). */
  order: number;
}

export const staleArpRisk: Rule = {
  meta: {
    id: 'stale-arp-risk',
    defaultSeverity: 'warning',
    description: 'A brief second master announced the virtual addresses and yielded; the master did not re-announce.',
    options: {
      window: { default: 5, description: 'seconds the remaining master has to announce the addresses again' },
    },
    messages: {
      stale:
        '{{yielded}} ({{yieldedMac}}) was a second master of {{group}} and announced {{addresses}}, then yielded ' +
        'to {{master}} ({{masterMac}}), which did not announce them again within {{window}} s: hosts that heard ' +
        '{{yielded}} keep sending to {{yieldedMac}} until their ARP/neighbor cache entries expire (keepalived: ' +
        'garp_lower_prio_repeat, vrrp_garp_master_refresh).',
    },
  },
  create(ctx) {
    const { window } = ctx.options;
    /** The latest announcement of each virtual address, per group. */
    const latest = new Map<GroupState, Map<string, Announced>>();
    /** Split brains that ended within the window, per group (what an announcement looks at)... */
    const pending = new Map<GroupState, Pending[]>();
    /** ...and by when they are due: a packet with nothing due costs one comparison. */
    const due = new Deadlines<Pending>();
    let ended = 0;

    const settle = (p: Pending) => {
      const addresses = [...p.stale.keys()];
      const routers = [p.yielded.address, p.master.address].sort(compareAddresses);
      ctx.report({
        group: p.group,
        from: p.time,
        to: p.time + window,
        routers,
        addresses,
        frames: [...p.stale.values(), p.frame],
        messageId: 'stale',
        data: {
          yielded: p.yielded.address,
          yieldedMac: p.yielded.mac,
          group: groupName(p.group),
          addresses: addresses.join(', '),
          master: p.master.address,
          masterMac: p.master.mac,
          window,
        },
      });
    };

    return {
      groupClaim(e) {
        if (!e.announcement) return;
        for (const g of e.groups) {
          const m = latest.get(g) ?? new Map<string, Announced>();
          latest.set(g, m);
          // Updated in place (read by value in transition()): no object per announcement.
          const a = m.get(e.address);
          if (a) {
            a.mac = e.mac;
            a.time = e.time;
            a.frame = e.frame;
          } else m.set(e.address, { mac: e.mac, time: e.time, frame: e.frame });
          // The master (or anyone on the virtual MAC) announcing an address again fixes the caches.
          const waiting = pending.get(g);
          if (waiting) for (const p of waiting) if (e.mac !== p.yielded.mac) p.stale.delete(e.address);
        }
      },
      transition(t, g) {
        if (t.cause !== 'split-brain-end' || !t.from) return;
        const yielded = t.from;
        const master = t.to;
        if (yielded.mac === master.mac || yielded.mac === virtualMac(g)) return; // one MAC: nothing stale
        const stale = new Map<string, FrameRef>();
        for (const [address, a] of latest.get(g) ?? []) if (a.mac === yielded.mac) stale.set(address, a.frame);
        if (!stale.size) return;
        const p = { group: g, yielded, master, stale, time: t.time, frame: t.frame, order: ended++ };
        addTo(pending, g, p);
        due.push(p.time + window, p);
        ctx.wake(p.time + window);
      },
      gap() {
        pending.clear();
        due.clear();
        latest.clear();
      },
      tick(now) {
        if (due.peek() < now) {
          // Those due together are judged in the order their split brains ended.
          const dueNow: Pending[] = [];
          due.popBefore(now, (p) => dueNow.push(p));
          dueNow.sort((a, b) => a.order - b.order);
          for (const p of dueNow) {
            removeFrom(pending, p.group, p);
            if (p.stale.size) settle(p);
          }
        }
        ctx.wake(due.peek());
      },
      finish(now) {
        // A window the capture did not cover is not judged.
        const left = [...pending.values()].flat().sort((a, b) => a.order - b.order);
        for (const p of left) if (p.stale.size && now > p.time + window) settle(p);
        pending.clear();
        due.clear();
      },
    };
  },
};
