/**
 * duplicate-master: two or more routers act as master of one group at the same time (split brain),
 * beyond a normal preemption handover. Evidence: both keep advertising through an overlap of their
 * master periods (the engine's overlap tracking), or a group router that is not master announcing
 * the virtual address with a gratuitous ARP / unsolicited NA while another router is master (a router
 * with a longer interval may send one advert and then hold the address silently).
 */
import { competes, type GroupState, type RouterState } from '../model.js';
import type { Finding, FrameRef } from '../../report/types.js';
import type { Rule, RuleMessage } from '../rule.js';
import { addressList, FindingMap, GroupFloods, groupName, seconds, virtualMac } from './util.js';

export const duplicateMaster: Rule = {
  meta: {
    id: 'duplicate-master',
    defaultSeverity: 'error',
    description: 'Two or more routers act as master of one group at the same time (split brain).',
    options: {
      pairs: {
        default: 36,
        description:
          'pairs of masters at once with a finding of their own, per group, 36 being every pair of nine; ' +
          'the further pairs are one finding that counts their routers',
      },
    },
    messages: {
      overlap:
        '{{a}} and {{b}} both acted as master of {{group}} ({{addresses}}) for {{seconds}} s: split brain ' +
        "(they do not hear each other, or disagree on the group's configuration).",
      overlapOpen:
        '{{a}} and {{b}} both acted as master of {{group}} ({{addresses}}) for {{seconds}} s, still unresolved ' +
        "at the end of the capture: split brain (they do not hear each other, or disagree on the group's " +
        'configuration).',
      /** Split brains of one pair less than 30 s apart are one finding: `seconds` is their sum, `span` from the first start to the last end. */
      overlaps:
        '{{a}} and {{b}} both acted as master of {{group}} ({{addresses}}) for {{seconds}} s in {{episodes}} ' +
        "split brains over {{span}} s (they do not hear each other, or disagree on the group's configuration).",
      overlapsOpen:
        '{{a}} and {{b}} both acted as master of {{group}} ({{addresses}}) for {{seconds}} s in {{episodes}} ' +
        'split brains over {{span}} s, the last still unresolved at the end of the capture (they do not hear ' +
        "each other, or disagree on the group's configuration).",
      /** More pairs at once than the `pairs` option (a flood): the further ones are this one finding per group. */
      manyMasters:
        '{{count}} routers ({{routers}}) acted as master of {{group}} ({{addresses}}) at the same time as another, ' +
        'in more pairs than the {{pairs}} with findings of their own: split brain among many masters at once ' +
        '(they do not hear each other, or a spoofing tool advertises for them).',
      silentMaster:
        '{{claimant}} ({{mac}}) announced {{addresses}} while {{master}} was master of {{group}}: both acted as ' +
        'master for {{seconds}} s, though {{claimant}} advertised only at the start (a master that discards ' +
        "the other's adverts re-arms its timer and falls silent, but keeps the address).",
    },
  },
  create(ctx) {
    const found = new FindingMap(ctx);
    const maxPairs = ctx.options.pairs;
    /**
     * One finding per pair and episode: advert overlaps and ARP evidence about the same two routers
     * within MERGE seconds of each other are one split brain.
     */
    const MERGE = 30;
    /**
     * Per finding, how long the two were shown to be masters at once: the merged episodes before
     * the latest, in seconds and number, and the latest's span. A finding's own span runs from its
     * first evidence to its last, over the time between its episodes too, when one of the two (or
     * both) was not master: the messages say the episodes' time, not that span.
     */
    const covered = new Map<Finding, Cover>();
    /**
     * Per group, the pair findings raised; past `pairs` of them (a flood of masters: the election
     * compares each further one with eight others), the one finding of the rest, which counts their
     * routers, so a group's findings stay bounded however many masters advertise.
     */
    const pairs = new Map<GroupState, number>();
    const floods = new GroupFloods(ctx);
    const flood = (g: GroupState, x: RouterState, y: RouterState, from: number, to: number, frames: FrameRef[]) =>
      floods.add(g, [x, y], { group: g, from, to, addresses: g.virtualAddresses, frames }, (routers) => ({
        messageId: 'manyMasters',
        data: {
          count: routers.size,
          routers: routers.toString(),
          group: groupName(g),
          addresses: addressList(g),
          pairs: maxPairs,
        },
      }));
    /**
     * `message` gets the episodes covered (merged evidence included), the finding's span and
     * addresses. `overlap`: the evidence is an overlap of adverts (the election's), `isNew` when the
     * first of a pair of periods: the split brain before it is over, since one of the two had a new
     * master period; the time between them is not counted. A silent master's announcement says
     * nothing of when it began to hold the address: it joins the latest episode, and the time
     * between them is counted.
     */
    const raise = (
      g: GroupState,
      a: RouterState,
      b: RouterState,
      from: number,
      to: number,
      frames: FrameRef[],
      message: (c: Cover, span: number, addresses: string[]) => RuleMessage,
      addresses: string[],
      overlap: 'new' | 'more' | null,
    ) => {
      const [x, y] = a.address < b.address ? [a, b] : [b, a];
      const f = found.get(x, y);
      if (f && from - f.to <= MERGE) {
        for (const a of addresses) if (!f.addresses.includes(a)) f.addresses.push(a);
        const c = covered.get(f)!;
        if (overlap === 'new' && c.overlap && from > c.to) {
          c.before += c.to - c.from;
          c.episodes++;
          c.from = from;
        } else c.from = Math.min(c.from, from);
        c.to = Math.max(c.to, to);
        c.overlap = overlap !== null;
        const span = Math.max(f.to, to) - Math.min(f.from, from);
        ctx.extend(f, to, frames, message(c, span, f.addresses), from);
        return;
      }
      const raised = pairs.get(g) ?? 0;
      if (raised >= maxPairs) {
        flood(g, x, y, from, to, frames);
        return;
      }
      pairs.set(g, raised + 1);
      const c: Cover = { before: 0, episodes: 1, from, to, overlap: overlap !== null };
      const created = ctx.report({
        group: g,
        from,
        to,
        routers: [x.address, y.address],
        addresses,
        frames,
        ...message(c, to - from, addresses),
      });
      covered.set(created, c);
      found.set(x, y, created);
    };
    return {
      finish(_now, groups) {
        // A split brain whose two masters both still hold their periods at the end of the capture.
        const byId = new Map(groups.map((g) => [g.id, g]));
        for (const f of found.values()) {
          const g = f.group === undefined ? undefined : byId.get(f.group);
          if (!g || (f.messageId !== 'overlap' && f.messageId !== 'overlaps')) continue;
          if (!f.routers.every((x) => g.routers.get(x)?.period)) continue;
          f.open = true;
          ctx.extend(f, f.to, [], { messageId: `${f.messageId}Open`, data: f.data });
        }
      },
      overlap(o) {
        const message = (c: Cover, span: number): RuleMessage => {
          // Two literals, not one spread into the other: this runs on every advert of a split brain.
          const a = o.a.address;
          const b = o.b.address;
          const group = groupName(o.group);
          const addresses = addressList(o.group);
          const time = seconds(total(c, span));
          if (c.episodes === 1) return { messageId: 'overlap', data: { a, b, group, addresses, seconds: time } };
          const data = { a, b, group, addresses, seconds: time, episodes: c.episodes, span: seconds(span) };
          return { messageId: 'overlaps', data };
        };
        const frames = o.isNew ? o.frames : [o.frame];
        raise(o.group, o.a, o.b, o.from, o.to, frames, message, o.group.virtualAddresses, o.isNew ? 'new' : 'more');
      },
      groupClaim(e) {
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
            if (f && e.time - f.to <= MERGE) {
              // The latest episode went on until this answer.
              const c = covered.get(f)!;
              c.to = Math.max(c.to, e.time);
              const span = Math.max(f.to, e.time) - f.from;
              ctx.extend(f, e.time, [e.frame], {
                messageId: f.messageId,
                data: {
                  ...f.data,
                  seconds: seconds(total(c, span)),
                  ...('span' in f.data ? { span: seconds(span) } : {}),
                },
              });
            }
            continue;
          }
          // It has claimed mastership since its last period began (a keepalived master that keeps
          // receiving adverts it discards re-arms its timer and falls silent, but stays master).
          const since = claimant.periods.last()?.from ?? e.time;
          const message = (c: Cover, span: number, addrs: string[]) => ({
            messageId: 'silentMaster',
            data: {
              claimant: claimant.address,
              mac: e.mac,
              addresses: addrs.join(', '),
              master: master.address,
              group: groupName(g),
              seconds: seconds(total(c, span)),
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
            null,
          );
        }
      },
    };
  },
};

/**
 * Time two routers were shown to be masters at once: the episodes before the latest (seconds,
 * number), the latest's span, and whether its latest evidence was an overlap of adverts.
 */
interface Cover {
  before: number;
  episodes: number;
  from: number;
  to: number;
  overlap: boolean;
}

/** The seconds a Cover says the two were masters at once (never more than the finding's `span`). */
function total(c: Cover, span: number): number {
  return Math.min(c.before + c.to - c.from, span);
}
