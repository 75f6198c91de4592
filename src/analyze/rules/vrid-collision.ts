/**
 * vrid-collision: one VRID on one segment used by routers with disjoint virtual address sets: two
 * clusters sharing a VRID. Each keeps its own master and the other cluster's adverts make its
 * backups flap (they are discarded as mismatched, or worse, accepted).
 */
import type { Rule } from '../rule.js';
import { FindingMap, groupName, pair } from './util.js';

export const vridCollision: Rule = {
  meta: {
    id: 'vrid-collision',
    defaultSeverity: 'error',
    description: 'One VRID on one segment used by routers with disjoint virtual address sets.',
    options: {},
  },
  create(ctx) {
    const found = new FindingMap();
    return {
      advert(e) {
        const { group: g, router: r, time, frame } = e;
        const mine = e.packet.vrrp!.addresses;
        if (mine.length === 0 || r.partialAddresses) return;
        for (const other of g.routers.values()) {
          if (other === r || other.addresses.length === 0 || other.partialAddresses) continue;
          if (other.addresses.some((a) => mine.includes(a))) continue;
          const [a, b] = pair(r, other);
          const key = `${g.key}|${a.address}|${b.address}`;
          const f = found.get(key);
          if (f) ctx.extend(f, time, [frame]);
          else
            found.set(key, ctx.report({ group: g, from: time, to: time, routers: [a.address, b.address], addresses: [...new Set([...a.addresses, ...b.addresses])], frames: [other.lastFrame!, frame],
              message: `${a.address} (${a.addresses.join(', ')}) and ${b.address} (${b.addresses.join(', ')}) use ${groupName(g)} for different virtual addresses: two clusters share one VRID.` }));
        }
      },
    };
  },
};
