/**
 * duplicate-master: two or more routers act as master of one group at the same time (split brain),
 * beyond a normal preemption handover. Evidence: both keep advertising through an overlap of their
 * master periods (the engine's overlap tracking), or a group router that is not master announcing
 * the virtual address with a gratuitous ARP / unsolicited NA while another router is master (a router
 * with a longer interval may send one advert and then hold the address silently).
 */
import type { Rule } from '../rule.js';
import { FindingMap, groupName, secs, virtualMac } from './util.js';

export const duplicateMaster: Rule = {
  meta: {
    id: 'duplicate-master',
    defaultSeverity: 'error',
    description: 'Two or more routers act as master of one group at the same time (split brain).',
    options: {},
  },
  create(ctx) {
    const found = new FindingMap();
    return {
      overlap(o) {
        const key = `${o.group.key}|${o.a.address}|${o.b.address}|${o.from}`;
        const message = `${o.a.address} and ${o.b.address} both advertised as master of ${groupName(o.group)} for ${secs(o.to - o.from)}: split brain (they do not hear each other, or disagree on the group's configuration).`;
        const f = found.get(key);
        if (f) ctx.extend(f, o.to, o.frames.slice(-1), message);
        else found.set(key, ctx.report({ group: o.group, from: o.from, to: o.to, routers: [o.a.address, o.b.address], addresses: o.group.virtualAddresses, frames: o.frames, message }));
      },
      claim(e) {
        if (!e.announcement) return;
        for (const g of e.groups) {
          if (e.mac === virtualMac(g)) continue; // shared virtual MAC: cannot tell routers apart
          const claimant = [...g.routers.values()].find((r) => r.mac === e.mac);
          if (!claimant || claimant.isLive(e.time)) continue;
          const master = g.liveMasters(e.time).find((m) => m.mac !== e.mac && m.period && e.time - m.period.from > 0.5);
          if (!master) continue;
          // The claimant's own period ended well before: this is not the tail of a handover.
          if (claimant.lastAdvert > e.time - 1.5 * claimant.interval) continue;
          const key = `${g.key}|arp|${claimant.address}|${master.address}`;
          const message = `${claimant.address} (${e.mac}) announced ${e.address} while ${master.address} was master of ${groupName(g)}: both believe they are master, though only ${master.address} advertises.`;
          const f = found.get(key);
          if (f) ctx.extend(f, e.time, [e.frame]);
          else found.set(key, ctx.report({ group: g, from: e.time, to: e.time, routers: [master.address, claimant.address], addresses: [e.address], frames: [e.frame], message }));
        }
      },
    };
  },
};
