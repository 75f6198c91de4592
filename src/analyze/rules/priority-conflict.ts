/**
 * priority-conflict: contenders with equal priority (the election then falls to the higher primary
 * address, which is rarely what was intended), two routers claiming 255, or 255 (address owner)
 * from a router whose own address is not among the virtual addresses.
 *
 * One finding per group and priority, naming every router that shares it with a rival: a thousand
 * routers on one priority are one finding, not half a million pairs.
 */
import { compareAddresses, competes, type GroupState, type RouterState } from '../model.js';
import type { Rule, RuleMessage } from '../rule.js';
import { FindingMap, groupName, pair } from './util.js';

export const priorityConflict: Rule = {
  meta: {
    id: 'priority-conflict',
    defaultSeverity: 'warning',
    description: 'Routers of one group with equal priorities, two owners (255), or 255 from a non-owner.',
    options: {},
    messages: {
      nonOwner:
        '{{router}} advertises priority 255 (address owner) for {{group}}, ' +
        'but its address is not one of the virtual addresses {{addresses}}.',
      twoOwners:
        '{{a}} and {{b}} both advertise priority 255 (address owner) for {{group}}: ' +
        'only one router can own the address.',
      manyOwners:
        '{{count}} routers ({{routers}}) advertise priority 255 (address owner) for {{group}}: ' +
        'only one router can own the address.',
      equalPriorities:
        '{{count}} routers ({{routers}}) advertise priority {{priority}} for {{group}}: equal priorities leave ' +
        'the election to the highest address, and a backup with equal priority never preempts.',
      equalPriority:
        '{{a}} and {{b}} both advertise priority {{priority}} for {{group}}: equal priorities leave the election ' +
        'to the higher address, and a backup with equal priority never preempts.',
    },
  },
  create(ctx) {
    const found = new FindingMap(ctx);
    /** Per finding of equal priorities: every router in it (the finding names the first few). */
    const members = new Map<GroupState, Map<number, Set<RouterState>>>();
    return {
      advert(e) {
        const { group: g, router: r, time, frame } = e;
        const prio = e.packet.vrrp!.priority;
        if (prio === 0) return;
        if (prio === 255 && !e.packet.vrrp!.addresses.includes(r.address)) {
          found.note(r, 'nonowner', time, frame, () => ({
            group: g,
            from: time,
            to: time,
            routers: [r.address],
            addresses: e.packet.vrrp!.addresses,
            frames: [frame],
            messageId: 'nonOwner',
            data: { router: r.address, group: groupName(g), addresses: e.packet.vrrp!.addresses.join(', ') },
          }));
        }
        let other: RouterState | undefined;
        for (const o of g.routers.values()) {
          if (o !== r && o.priority === prio && o.adverts > 0 && competes(r, o)) {
            other = o;
            break;
          }
        }
        if (!other) return;
        let byPriority = members.get(g);
        if (!byPriority) {
          byPriority = new Map();
          members.set(g, byPriority);
        }
        let set = byPriority.get(prio);
        if (!set) {
          set = new Set();
          byPriority.set(prio, set);
        }
        const grew = !set.has(r) || !set.has(other);
        const f = found.get(g, prio);
        // The same routers as before: only the span and the frames change.
        if (f && !grew) {
          ctx.extend(f, time, [frame]);
          return;
        }
        set.add(r).add(other);
        const all = [...set].sort((x, y) => compareAddresses(x.address, y.address));
        if (!f) {
          found.set(
            g,
            prio,
            ctx.report({
              group: g,
              from: time,
              to: time,
              routers: all.slice(0, MAX_ROUTERS).map((x) => x.address),
              addresses: g.virtualAddresses,
              frames: [frame],
              ...equal(all, prio, groupName(g)),
            }),
          );
          return;
        }
        f.routers = all.slice(0, MAX_ROUTERS).map((x) => x.address);
        ctx.extend(f, time, [frame], equal(all, prio, groupName(g)));
      },
    };
  },
};

/** Routers named in one finding (its message says how many there are in all). */
const MAX_ROUTERS = 16;

function equal(routers: RouterState[], priority: number, group: string): RuleMessage {
  if (routers.length === 2) {
    const [a, b] = pair(routers[0], routers[1]).map((x) => x.address);
    return priority === 255
      ? { messageId: 'twoOwners', data: { a, b, group } }
      : { messageId: 'equalPriority', data: { a, b, priority, group } };
  }
  const shown = routers.slice(0, MAX_ROUTERS).map((x) => x.address);
  const more = routers.length - shown.length;
  const list = `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
  return priority === 255
    ? { messageId: 'manyOwners', data: { count: routers.length, routers: list, group } }
    : { messageId: 'equalPriorities', data: { count: routers.length, routers: list, priority, group } };
}
