/**
 * priority-conflict: contenders with equal priority (the election then falls to the higher primary
 * address, which is rarely what was intended), two routers claiming 255, or 255 (address owner)
 * from a router whose own address is not among the virtual addresses.
 */
import { competes } from '../model.js';
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
      equalPriority:
        '{{a}} and {{b}} both advertise priority {{priority}} for {{group}}: equal priorities leave the election ' +
        'to the higher address, and a backup with equal priority never preempts.',
    },
  },
  create(ctx) {
    const found = new FindingMap(ctx);
    return {
      advert(e) {
        const { group: g, router: r, time, frame } = e;
        const prio = e.packet.vrrp!.priority;
        if (prio === 0) return;
        if (prio === 255 && !e.packet.vrrp!.addresses.includes(r.address)) {
          found.note(`${g.key}|nonowner|${r.address}`, time, frame, () => ({
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
        for (const other of g.routers.values()) {
          if (other === r || other.priority !== prio || other.adverts === 0 || !competes(r, other)) continue;
          const [a, b] = pair(r, other);
          found.note(`${g.key}|equal|${a.address}|${b.address}|${prio}`, time, frame, () => ({
            group: g,
            from: time,
            to: time,
            routers: [a.address, b.address],
            addresses: g.virtualAddresses,
            frames: [frame],
            ...equal(a.address, b.address, prio, groupName(g)),
          }));
        }
      },
    };
  },
};

function equal(a: string, b: string, priority: number, group: string): RuleMessage {
  return priority === 255
    ? { messageId: 'twoOwners', data: { a, b, group } }
    : { messageId: 'equalPriority', data: { a, b, priority, group } };
}
