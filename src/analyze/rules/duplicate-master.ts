/**
 * duplicate-master: two or more routers act as master of one group at the same time (split brain),
 * beyond a normal preemption handover. Evidence: both keep advertising through an overlap of their
 * master periods (the engine's overlap tracking), or a group router that is not master announcing
 * the virtual address with a gratuitous ARP / unsolicited NA while another router is master (a router
 * with a longer interval may send one advert and then hold the address silently).
 */
import { competes, type GroupState, type RouterState } from '../model.js';
import type { FrameRef } from '../../report/types.js';
import type { Rule, RuleMessage } from '../rule.js';
import { addressList, FindingMap, groupName, seconds, virtualMac } from './util.js';

export const duplicateMaster: Rule = {
  meta: {
    id: 'duplicate-master',
    defaultSeverity: 'error',
    description: 'Two or more routers act as master of one group at the same time (split brain).',
    options: {},
    messages: {
      overlap:
        '{{a}} and {{b}} both acted as master of {{group}} ({{addresses}}) for {{seconds}} s: split brain ' +
        "(they do not hear each other, or disagree on the group's configuration).",
      overlapOpen:
        '{{a}} and {{b}} both acted as master of {{group}} ({{addresses}}) for {{seconds}} s, still unresolved ' +
        "at the end of the capture: split brain (they do not hear each other, or disagree on the group's " +
        'configuration).',
      silentMaster:
        '{{claimant}} ({{mac}}) announced {{addresses}} while {{master}} was master of {{group}}: both acted as ' +
        'master for {{seconds}} s, though {{claimant}} advertised only at the start (a master that discards ' +
        "the other's adverts re-arms its timer and falls silent, but keeps the address).",
    },
  },
  create(ctx) {
    const found = new FindingMap(ctx);
    /**
     * One finding per pair and episode: advert overlaps and ARP evidence about the same two routers
     * within MERGE seconds of each other are one split brain.
     */
    const MERGE = 30;
    /** `message` gets the episode's whole duration in seconds and addresses (merged evidence included). */
    const raise = (
      g: GroupState,
      a: RouterState,
      b: RouterState,
      from: number,
      to: number,
      frames: FrameRef[],
      message: (seconds: number, addresses: string[]) => RuleMessage,
      addresses: string[],
    ) => {
      const [x, y] = a.address < b.address ? [a, b] : [b, a];
      const f = found.get(x, y);
      if (f && from - f.to <= MERGE) {
        for (const a of addresses) if (!f.addresses.includes(a)) f.addresses.push(a);
        ctx.extend(f, to, frames, message(Math.max(f.to, to) - Math.min(f.from, from), f.addresses), from);
        return;
      }
      found.set(
        x,
        y,
        ctx.report({
          group: g,
          from,
          to,
          routers: [x.address, y.address],
          addresses,
          frames,
          ...message(to - from, addresses),
        }),
      );
    };
    return {
      finish(_now, groups) {
        // A split brain whose two masters both still hold their periods at the end of the capture.
        const byId = new Map(groups.map((g) => [g.id, g]));
        for (const f of found.values()) {
          const g = f.group === undefined ? undefined : byId.get(f.group);
          if (!g || f.messageId !== 'overlap') continue;
          if (!f.routers.every((x) => g.routers.get(x)?.period)) continue;
          f.open = true;
          ctx.extend(f, f.to, [], { messageId: 'overlapOpen', data: f.data });
        }
      },
      overlap(o) {
        const message = (d: number) => ({
          messageId: 'overlap',
          data: {
            a: o.a.address,
            b: o.b.address,
            group: groupName(o.group),
            addresses: addressList(o.group),
            seconds: seconds(d),
          },
        });
        raise(o.group, o.a, o.b, o.from, o.to, o.isNew ? o.frames : [o.frame], message, o.group.virtualAddresses);
      },
      claim(e) {
        // Announcements (GARP, unsolicited NA) show a silent router still believes it is master.
        // Plain replies alone could be a crashed router's kernel (arp-conflict), but they do
        // extend an episode already established for that router.
        if (!e.announcement && !e.answer) return;
        for (const g of e.groups) {
          if (e.mac === virtualMac(g)) continue; // shared virtual MAC: cannot tell routers apart
          const claimant = g.withMac(e.mac)[0] as RouterState | undefined;
          if (!claimant || claimant.isLive(e.time)) continue;
          const master = g
            .liveMasters(e.time)
            .find((m) => m.mac !== e.mac && competes(m, claimant) && m.period && e.time - m.period.from > 0.5);
          if (!master) continue;
          // The claimant's own period ended well before: this is not the tail of a handover.
          if (claimant.lastAdvert > e.time - 1.5 * claimant.interval) continue;
          if (!e.announcement) {
            const [x, y] = claimant.address < master.address ? [claimant, master] : [master, claimant];
            const f = found.get(x, y);
            if (f && e.time - f.to <= MERGE)
              ctx.extend(f, e.time, [e.frame], {
                messageId: f.messageId,
                data: { ...f.data, seconds: seconds(e.time - f.from) },
              });
            continue;
          }
          // It has claimed mastership since its last period began (a keepalived master that keeps
          // receiving adverts it discards re-arms its timer and falls silent, but stays master).
          const since = claimant.periods.last()?.from ?? e.time;
          const message = (d: number, addrs: string[]) => ({
            messageId: 'silentMaster',
            data: {
              claimant: claimant.address,
              mac: e.mac,
              addresses: addrs.join(', '),
              master: master.address,
              group: groupName(g),
              seconds: seconds(d),
            },
          });
          raise(
            g,
            claimant,
            master,
            Math.min(since, e.time),
            e.time,
            [claimant.periods.last()?.firstFrame ?? e.frame, e.frame],
            message,
            [e.address],
          );
        }
      },
    };
  },
};
