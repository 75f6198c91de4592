/**
 * vrid-collision: one VRID on one segment used by routers with disjoint virtual address sets: two
 * clusters sharing a VRID. Each keeps its own master and the other cluster's adverts make its
 * backups flap (they are discarded as mismatched, or worse, accepted).
 */
import type { Rule, RuleContext } from '../rule.js';
import { compareAddresses, type GroupState, type RouterState } from '../model.js';
import type { Finding, FrameRef } from '../../report/types.js';
import { addressSetKey, anyOf, groupName, RouterClasses } from './util.js';

export const vridCollision: Rule = {
  meta: {
    id: 'vrid-collision',
    defaultSeverity: 'error',
    description: 'One VRID on one segment used by routers with disjoint virtual address sets.',
    options: {},
    messages: {
      /** `clusters`: each cluster's routers "for" its addresses, clusters separated by "; ". */
      collision:
        '{{group}} is used by {{count}} clusters with different virtual addresses: {{clusters}}. ' +
        "Each keeps its own master while the others' adverts make its backups misbehave.",
    },
  },
  create(ctx) {
    // One finding per group; the clusters and their routers accumulate.
    const found = new Map<GroupState, Finding>();
    // Routers by their address set: an advert is compared with one router of each set.
    const keys = new Map<RouterState, { addresses: readonly string[]; partial: boolean; key: string }>();
    const classes = new RouterClasses((r) => {
      let k = keys.get(r);
      if (!k || k.addresses !== r.addresses || k.partial !== r.partialAddresses) {
        k = {
          addresses: r.addresses,
          partial: r.partialAddresses,
          key: r.partialAddresses || r.addresses.length === 0 ? '' : addressSetKey(r.addresses),
        };
        keys.set(r, k);
      }
      return k.key;
    });
    return {
      advert(e) {
        const { group: g, router: r, time, frame } = e;
        // A group of one router has no other to be disjoint from (nor a finding to extend).
        const groupClasses = classes.place(g, r);
        if (!groupClasses) return;
        const mine = e.packet.vrrp!.addresses;
        if (mine.length === 0 || r.partialAddresses) return;
        // The first router (in the order first heard) whose addresses are disjoint from this
        // advert's. Routers without a complete address list are in the class keyed ''.
        let disjoint: RouterState | undefined;
        // One address set in the group (the common case): r's own, which overlaps this advert's.
        if (groupClasses.size > 1)
          for (const [key, members] of groupClasses) {
            if (key === '' || anyOf(members).addresses.some((a) => mine.includes(a))) continue;
            for (const o of members) if (o !== r && (!disjoint || o.ordinal < disjoint.ordinal)) disjoint = o;
          }
        noteCollision(ctx, found, g, r, disjoint, time, frame);
      },
    };
  },
};

/**
 * The group's finding after an advert of `r`: with no router disjoint from it, extended if r is
 * one of the finding's routers; with one (`disjoint`, the first heard), raised, or updated with
 * the clusters as they now stand.
 */
export function noteCollision(
  ctx: RuleContext,
  found: Map<GroupState, Finding>,
  g: GroupState,
  r: RouterState,
  disjoint: RouterState | undefined,
  time: number,
  frame: FrameRef,
): void {
  const f = found.get(g);
  if (!disjoint) {
    if (f && f.routers.includes(r.address)) ctx.extend(f, time, [frame]);
    return;
  }
  const clusters = clustersOf(g);
  const routers = clusters.flatMap((c) => c.routers).sort(compareAddresses);
  const message = {
    messageId: 'collision',
    data: {
      group: groupName(g),
      count: clusters.length,
      clusters: clusters.map((c) => `${c.routers.join(', ')} for ${c.addresses.join(', ')}`).join('; '),
    },
  };
  if (f) {
    f.routers = routers;
    f.addresses = clusters.flatMap((c) => c.addresses);
    ctx.extend(f, time, [frame], message);
  } else {
    found.set(
      g,
      ctx.report({
        group: g,
        from: time,
        to: time,
        routers,
        addresses: clusters.flatMap((c) => c.addresses),
        frames: [disjoint.lastFrame!, frame],
        ...message,
      }),
    );
  }
}

/** Routers grouped by overlapping address sets. */
function clustersOf(g: GroupState): { routers: string[]; addresses: string[] }[] {
  const clusters: { routers: string[]; addresses: Set<string> }[] = [];
  for (const r of g.routers.values()) {
    if (r.addresses.length === 0) continue;
    const hit = clusters.find((c) => r.addresses.some((a) => c.addresses.has(a)));
    if (hit) {
      hit.routers.push(r.address);
      for (const a of r.addresses) hit.addresses.add(a);
    } else clusters.push({ routers: [r.address], addresses: new Set(r.addresses) });
  }
  return clusters.map((c) => ({
    routers: c.routers.sort(compareAddresses),
    addresses: [...c.addresses].sort(compareAddresses),
  }));
}
