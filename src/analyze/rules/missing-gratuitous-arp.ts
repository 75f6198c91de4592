/**
 * missing-gratuitous-arp: a router became master and sent no gratuitous ARP (IPv4) / unsolicited
 * neighbor advertisement (IPv6) for a virtual address within `window` seconds. Without it, hosts
 * and switches keep sending to the old master's MAC until their caches expire (~5 s of lost
 * traffic measured with keepalived). Takeovers the capture cannot judge are skipped: the first
 * master seen right at the start of the capture (it may have taken over before), takeovers too
 * close to the end of the capture, and segments where the capture holds no ARP (IPv4) or neighbor
 * advertisement (IPv6) at all (it was most likely filtered to VRRP only).
 */
import type { GroupState, RouterState } from '../model.js';
import type { Rule } from '../rule.js';
import type { FrameRef } from '../../report/types.js';
import { groupName, virtualMac } from './util.js';
import { addTo } from '../../util/multimap.js';
import { Queue } from '../../util/queue.js';

/** Takeovers kept per segment and family while its capture has shown no ARP/ND (see `deferred`). */
const MAX_DEFERRED = 1000;

interface Pending {
  group: GroupState;
  router: RouterState;
  time: number;
  frame: FrameRef;
  missing: Set<string>;
}

export const missingGratuitousArp: Rule = {
  meta: {
    id: 'missing-gratuitous-arp',
    defaultSeverity: 'warning',
    description: 'A new master sent no gratuitous ARP / unsolicited NA for a virtual address.',
    options: { window: { default: 2, description: 'seconds after the takeover to wait for the announcement' } },
    messages: {
      noGratuitousArp:
        '{{router}} became master of {{group}} but sent no gratuitous ARP for {{addresses}} within {{window}} s: ' +
        'hosts keep the old MAC until their caches expire.',
      noUnsolicitedNa:
        '{{router}} became master of {{group}} but sent no unsolicited neighbor advertisement for {{addresses}} ' +
        'within {{window}} s: hosts keep the old MAC until their caches expire.',
    },
  },
  create(ctx) {
    const window = ctx.options.window;
    /** Takeovers inside their window, oldest first. */
    const pending = new Queue<Pending>();
    /**
     * The same, per group (what an announcement looks at), oldest first. A group's list stays when
     * it empties: a cluster failing over all day would otherwise take its entry out and put it back
     * at every failover.
     */
    const byGroup = new Map<GroupState, Pending[]>();
    /**
     * Takeovers whose window passed on a segment with no ARP/ND seen yet: judged if some appears.
     * The latest MAX_DEFERRED of them per segment and family: a capture filtered to VRRP alone,
     * through a week of failovers, keeps a thousand, not one per failover.
     */
    const deferred = new Map<string, Queue<Pending>>();
    /** Each group's key in `deferred` (made once, not per takeover). */
    const keys = new Map<GroupState, string>();
    let start: number | null = null;
    /**
     * The latest announcement of each address by each MAC, per group: enough to know whether a
     * takeover (even one the engine settles late) was announced, in memory bounded by the MACs
     * that announce the group's own addresses.
     */
    const latest = new Map<GroupState, Map<string, Map<string, number>>>();
    /** Per segment, the families (1 IPv4, 2 IPv6) for which any ARP / NA was seen: only there can an absence be judged. */
    const announced = new Map<string, number>();
    const familyBit = (family: string) => (family === 'ipv6' ? 2 : 1);
    const isAnnounced = (g: GroupState) => ((announced.get(g.segmentKey) ?? 0) & familyBit(g.family)) !== 0;
    const keyOf = (g: GroupState) => {
      let key = keys.get(g);
      if (key === undefined) keys.set(g, (key = `${g.segmentKey}|${g.family}`));
      return key;
    };
    const announcedAt = (g: GroupState, mac: string, address: string) =>
      latest.get(g)?.get(address)?.get(mac) ?? -Infinity;

    const settle = (p: Pending) => {
      if (p.missing.size === 0) return;
      const addrs = [...p.missing];
      ctx.report({
        group: p.group,
        from: p.time,
        to: p.time + window,
        routers: [p.router.address],
        addresses: addrs,
        frames: [p.frame],
        messageId: p.group.family === 'ipv6' ? 'noUnsolicitedNa' : 'noGratuitousArp',
        data: { router: p.router.address, group: groupName(p.group), addresses: addrs.join(', '), window },
      });
    };
    /** A takeover whose window has passed: judged now, or later if its segment shows no ARP/ND yet. */
    const due = (p: Pending) => {
      if (p.missing.size === 0) return;
      if (isAnnounced(p.group)) settle(p);
      else {
        const key = keyOf(p.group);
        let waiting = deferred.get(key);
        if (!waiting) deferred.set(key, (waiting = new Queue<Pending>()));
        waiting.push(p);
        if (waiting.length > MAX_DEFERRED) waiting.shift();
      }
    };

    return {
      tick(now) {
        if (start === null) start = now;
        while (pending.length > 0 && now > pending.first()!.time + window) {
          const p = pending.shift()!;
          // The oldest of its group's too (both lists are in the order takeovers came): the first of
          // a few takeovers of one group within the window.
          const takeovers = byGroup.get(p.group)!;
          const i = takeovers.indexOf(p);
          if (i >= 0) takeovers.splice(i, 1);
          due(p);
        }
        const next = pending.first();
        if (next) ctx.wake(next.time + window);
      },
      gap(_from, to) {
        // Takeovers whose window the capture did not cover are not judged; after the gap the
        // first master may have taken over long before, as at the start of a capture.
        pending.clear();
        byGroup.clear();
        deferred.clear();
        start = to;
      },
      transition(t, g) {
        // The end of a split brain makes no new master: the one that stayed has announced already.
        if (t.cause === 'split-brain-end') return;
        // A master seen within one interval of the capture's start may have taken over long before.
        if (t.cause === 'startup' && start !== null && t.time - start < 1.5 * t.to.interval) return;
        // The new master announces its own addresses (two clusters sharing a VRID have different ones).
        const own = t.to.addresses.length ? t.to.addresses : g.virtualAddresses;
        const vmac = virtualMac(g);
        // Announced from its MAC or the virtual one, from half a second before the takeover; a second
        // master in a split brain may have held the address silently since its last announcement
        // (keepalived re-arms its advert timer on every advert it discards): 30 s back then.
        const since = t.time - (t.cause === 'split-brain' ? 30 : 0.5);
        const missing = new Set(
          own.filter((a) => Math.max(announcedAt(g, t.to.mac, a), announcedAt(g, vmac, a)) < since),
        );
        const p = { group: g, router: t.to, time: t.time, frame: t.frame, missing };
        pending.push(p);
        addTo(byGroup, g, p);
        ctx.wake(p.time + window);
      },
      claim(e) {
        const bit = e.packet.ip ? 2 : 1;
        const bits = announced.get(e.segment) ?? 0;
        if ((bits & bit) === 0) {
          announced.set(e.segment, bits | bit);
          const key = `${e.segment}|${bit === 2 ? 'ipv6' : 'ipv4'}`;
          // The segment does carry ARP/ND after all: the takeovers waiting for that are judged.
          const waiting = deferred.get(key);
          if (waiting) for (let i = 0; i < waiting.length; i++) settle(waiting.at(i));
          deferred.delete(key);
        }
        if (!e.announcement || e.groups.length === 0) return;
        for (const g of e.groups) {
          let byAddress = latest.get(g);
          if (!byAddress) {
            byAddress = new Map();
            latest.set(g, byAddress);
          }
          let byMac = byAddress.get(e.address);
          if (!byMac) {
            byMac = new Map();
            byAddress.set(e.address, byMac);
          }
          byMac.set(e.mac, e.time);
        }
        for (const g of e.groups) {
          const takeovers = byGroup.get(g);
          if (!takeovers) continue;
          for (const p of takeovers) {
            if (e.time < p.time - 0.5) continue;
            if (e.mac === p.router.mac || e.mac === virtualMac(p.group)) p.missing.delete(e.address);
          }
        }
      },
      finish(now) {
        // Takeovers whose window the capture did not cover are not judged.
        for (let i = 0; i < pending.length; i++) {
          const p = pending.at(i);
          if (now >= p.time + window && isAnnounced(p.group)) settle(p);
        }
        pending.clear();
        byGroup.clear();
        deferred.clear();
      },
    };
  },
};
