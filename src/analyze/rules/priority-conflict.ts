/**
 * priority-conflict: contenders with equal priority (the election then falls to the higher primary
 * address, which is rarely what was intended), two routers claiming 255, or 255 (address owner)
 * from a router whose own address is not among the virtual addresses.
 *
 * One finding per group and priority, naming every router that shares it with a rival: a thousand
 * routers on one priority are one finding, not half a million pairs.
 */
import { competes, type GroupState, type RouterState } from '../model.js';
import { compareAddresses } from '../addresses.js';
import type { Rule, RuleMessage } from '../rule.js';
import { FindingMap, groupName, pair, RouterFindings, ROUTERS_OPTION } from './util.js';
import { andMore } from '../../util/text.js';
import { addTo } from '../../util/multimap.js';

export const priorityConflict: Rule = {
  meta: {
    id: 'priority-conflict',
    defaultSeverity: 'warning',
    description: 'Routers of one group with equal priorities, two owners (255), or 255 from a non-owner.',
    options: {
      routers: {
        default: ROUTERS_OPTION.default,
        description:
          'routers with a finding of their own for priority 255 without owning a virtual address, per group; ' +
          'the further ones are one finding that counts them',
      },
    },
    messages: {
      nonOwner:
        '{{router}} advertises priority 255 (address owner) for {{group}}, ' +
        'but its address is not one of the virtual addresses {{addresses}}.',
      /** Past the `routers` option's count in one group (a flood). */
      nonOwners:
        'Past the {{max}} with findings of their own, {{count}} routers ({{routers}}) advertise priority 255 ' +
        '(address owner) for {{group}} without their address among the virtual addresses.',
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
    /** Priority 255 from a router that owns no virtual address: a finding per router (see RouterFindings). */
    const nonOwners = new RouterFindings(ctx, ctx.options.routers);
    /**
     * Per finding of equal priorities: every router in it, and the first MAX_ROUTERS by address (the
     * ones the finding names), kept sorted as routers join: a thousand routers joining cost a
     * thousand insertions into a short list, not a thousand sorts of the whole set.
     */
    const members = new Map<GroupState, Map<number, { all: Set<RouterState>; first: RouterState[] }>>();
    /** Per group, its routers by the priority they advertise (where an equal one is looked for). */
    const byPriority = new Map<GroupState, Map<number, RouterState[]>>();
    const indexedAt = new Map<RouterState, number>();
    /** When each router joined its priority's list (the lists are in this order). */
    const joined = new Map<RouterState, number>();
    let joins = 0;
    const index = (g: GroupState, r: RouterState, prio: number): RouterState[] => {
      let lists = byPriority.get(g);
      if (!lists) {
        // The group's second router: the lists start with the routers heard before it (advertising
        // a priority, not releasing), in the order they were heard.
        byPriority.set(g, (lists = new Map<number, RouterState[]>()));
        for (const x of g.routers.values()) {
          if (x === r || x.adverts === 0 || x.priority === 0) continue;
          addTo(lists, x.priority, x);
          indexedAt.set(x, x.priority);
          joined.set(x, joins++);
        }
      }
      const was = indexedAt.get(r);
      if (was !== prio) {
        if (was !== undefined) {
          const old = lists.get(was)!;
          old.splice(old.indexOf(r), 1);
        }
        addTo(lists, prio, r);
        indexedAt.set(r, prio);
        joined.set(r, joins++);
      }
      return lists.get(prio)!;
    };
    /**
     * The rival of r at `prio` that joined the priority's list first, among the routers r competes
     * with. (A function of its own: a variable of the advert hook set by a callback would be
     * allocated on every advert.)
     */
    const earliestRival = (g: GroupState, r: RouterState, prio: number): RouterState | undefined => {
      let other: RouterState | undefined;
      g.forEachCompetitor(r, (o) => {
        if (o === r || o.priority !== prio || o.adverts === 0 || indexedAt.get(o) !== prio || !competes(r, o)) return;
        if (!other || joined.get(o)! < joined.get(other)!) other = o;
      });
      return other;
    };
    const insert = (first: RouterState[], r: RouterState) => {
      let lo = 0;
      let hi = first.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (compareAddresses(first[mid].address, r.address) < 0) lo = mid + 1;
        else hi = mid;
      }
      if (lo >= MAX_ROUTERS) return;
      first.splice(lo, 0, r);
      if (first.length > MAX_ROUTERS) first.pop();
    };
    return {
      advert(e) {
        const { group: g, router: r, time, frame } = e;
        const prio = e.packet.vrrp!.priority;
        if (prio === 0) return;
        if (prio === 255 && !e.packet.vrrp!.addresses.includes(r.address) && !nonOwners.extend(r, '', time, frame)) {
          const addresses = e.packet.vrrp!.addresses;
          const data = { router: r.address, group: groupName(g), addresses: addresses.join(', ') };
          nonOwners.raiseFor(e, '', { messageId: 'nonOwner', data }, 'nonOwners', addresses);
        }
        // The first router in the priority's list that is a rival: found in the list, or, if
        // that is longer, among the routers r competes with (a thousand routers on one priority,
        // each with addresses of its own, are not a thousand rivals).
        // A group of one router has no rival, and keeps nothing here (most groups of a large
        // segment are heard from their master only): its lists are made when a second one comes.
        if (g.routers.size < 2) return;
        let other: RouterState | undefined;
        const list = index(g, r, prio);
        if (list.length <= SHORT || list.length <= g.competitorBound(r)) {
          for (const o of list) {
            if (o !== r && o.priority === prio && o.adverts > 0 && competes(r, o)) {
              other = o;
              break;
            }
          }
        } else other = earliestRival(g, r, prio);
        if (!other) return;
        let ofGroup = members.get(g);
        if (!ofGroup) {
          ofGroup = new Map();
          members.set(g, ofGroup);
        }
        let set = ofGroup.get(prio);
        if (!set) {
          set = { all: new Set(), first: [] };
          ofGroup.set(prio, set);
        }
        const grew = !set.all.has(r) || !set.all.has(other);
        const f = found.get(g, prio);
        // The same routers as before: only the span and the frames change.
        if (f && !grew) {
          ctx.extendFrame(f, time, frame);
          return;
        }
        for (const x of [r, other]) {
          if (set.all.has(x)) continue;
          set.all.add(x);
          insert(set.first, x);
        }
        const { first } = set;
        const count = set.all.size;
        if (!f) {
          found.set(
            g,
            prio,
            ctx.report({
              group: g,
              from: time,
              to: time,
              routers: first.map((x) => x.address),
              addresses: g.virtualAddresses,
              frames: [frame],
              ...equal(first, count, prio, groupName(g)),
            }),
          );
          return;
        }
        f.routers = first.map((x) => x.address);
        ctx.extend(f, time, [frame], equal(first, count, prio, groupName(g)));
      },
    };
  },
};

/** Routers named in one finding (its message says how many there are in all). */
const MAX_ROUTERS = 16;
/** A priority's list this short is walked without asking which routers compete. */
const SHORT = 8;

/** The message for `count` routers at one priority, of which `first` are the first by address. */
function equal(first: RouterState[], count: number, priority: number, group: string): RuleMessage {
  if (count === 2) {
    const [a, b] = pair(first[0], first[1]).map((x) => x.address);
    return priority === 255
      ? { messageId: 'twoOwners', data: { a, b, group } }
      : { messageId: 'equalPriority', data: { a, b, priority, group } };
  }
  const list = andMore(first.map((x) => x.address).join(', '), count - first.length);
  return priority === 255
    ? { messageId: 'manyOwners', data: { count, routers: list, group } }
    : { messageId: 'equalPriorities', data: { count, routers: list, priority, group } };
}
