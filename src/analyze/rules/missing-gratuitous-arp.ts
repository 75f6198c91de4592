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

/** An announcement of one of the pending takeover's addresses, by the new master (or the virtual MAC), in time. */
function matches(p: Pending, a: { time: number; groups: GroupState[]; mac: string }): boolean {
  return (
    a.groups.includes(p.group) && a.time >= p.time - 0.5 && (a.mac === p.router.mac || a.mac === virtualMac(p.group))
  );
}

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
    const pending: Pending[] = [];
    let start: number | null = null;
    /**
     * Recent announcements, for transitions the engine settles late (a contested start confirmed
     * as a split brain seconds later): their announcements may already have gone by.
     */
    const recent: { time: number; groups: GroupState[]; mac: string; address: string }[] = [];
    /** Segment|family pairs on which any ARP / NA was seen: only there can an absence be judged. */
    const announced = new Set<string>();
    const seen = (p: Pending) => announced.has(`${p.group.segmentKey}|${p.group.family}`);

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

    return {
      tick(now) {
        if (start === null) start = now;
        // Judged once the window has passed, if the segment shows ARP/ND at all; otherwise the
        // decision waits for the end of the capture.
        for (let i = 0; i < pending.length; i++) {
          const p = pending[i];
          if (now > p.time + window && (p.missing.size === 0 || seen(p))) {
            settle(p);
            pending.splice(i--, 1);
          }
        }
      },
      gap(_from, to) {
        // Takeovers whose window the capture did not cover are not judged; after the gap the
        // first master may have taken over long before, as at the start of a capture.
        pending.length = 0;
        start = to;
      },
      transition(t, g) {
        // The end of a split brain makes no new master: the one that stayed has announced already.
        if (t.cause === 'split-brain-end') return;
        // A master seen within one interval of the capture's start may have taken over long before.
        if (t.cause === 'startup' && start !== null && t.time - start < 1.5 * t.to.interval) return;
        // The new master announces its own addresses (two clusters sharing a VRID have different ones).
        const own = t.to.addresses.length ? t.to.addresses : g.virtualAddresses;
        const missing = new Set(own);
        const p: Pending = { group: g, router: t.to, time: t.time, frame: t.frame, missing };
        for (const a of recent) {
          if (matches(p, a)) missing.delete(a.address);
          // A second master in a split brain may have held the address silently since its last
          // announcement (keepalived re-arms its advert timer on every advert it discards).
          else if (t.cause === 'split-brain' && a.groups.includes(g) && (a.mac === t.to.mac || a.mac === virtualMac(g)))
            missing.delete(a.address);
        }
        pending.push(p);
      },
      claim(e) {
        announced.add(`${e.segment}|${e.packet.ip ? 'ipv6' : 'ipv4'}`);
        if (!e.announcement) return;
        const a = { time: e.time, groups: e.groups, mac: e.mac, address: e.address };
        while (recent.length > 0 && e.time - recent[0].time > 30) recent.shift();
        recent.push(a);
        for (const p of pending) if (matches(p, a)) p.missing.delete(e.address);
      },
      finish(now) {
        // Takeovers whose window the capture did not cover are not judged.
        for (const p of pending) if (now >= p.time + window && seen(p)) settle(p);
        pending.length = 0;
      },
    };
  },
};
