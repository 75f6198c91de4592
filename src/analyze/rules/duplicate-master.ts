/**
 * duplicate-master: two or more routers act as master of one group at the same time (split brain),
 * beyond a normal preemption handover. Evidence: both keep advertising through an overlap of their
 * master periods (the engine's overlap tracking), or a group router that is not master announcing
 * the virtual address with a gratuitous ARP / unsolicited NA while another router is master (a router
 * with a longer interval may send one advert and then hold the address silently).
 */
import { competes, type GroupState, type RouterState } from '../model.js';
import { firstOfPair } from '../addresses.js';
import type { Finding, FrameRef } from '../../report/types.js';
import type { LazyMessage, Rule, RuleMessage } from '../rule.js';
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
    /** What an overlap's message says, and its one frame of evidence: refilled per overlap (see overlap()). */
    const overlapSays: Says & { kind: 'overlap' } = { kind: 'overlap', a: '', b: '', group: '', addresses: '' };
    const oneFrame: FrameRef[] = [0];
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
      says: Says,
      addresses: string[],
      overlap: 'new' | 'more' | null,
    ) => {
      const x = firstOfPair(a, b);
      const y = x === a ? b : a;
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
        // The message changes with every advert of a split brain (its running time): its values
        // are kept, and it is made when the finding is read (nothing allocated per advert).
        if (!sameSays(c.says, says)) c.says = { ...says };
        c.text = addressText(says, f.addresses);
        c.time = total(c, span);
        c.span = span;
        ctx.extend(f, to, frames, c.make, from);
        return;
      }
      const raised = pairs.get(g) ?? 0;
      if (raised >= maxPairs) {
        flood(g, x, y, from, to, frames);
        return;
      }
      pairs.set(g, raised + 1);
      const c = new Cover(from, to, overlap !== null, { ...says }, addressText(says, addresses));
      const created = ctx.report({
        group: g,
        from,
        to,
        routers: [x.address, y.address],
        addresses,
        frames,
        ...c.make(),
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
          const { messageId, data } = ctx.message(f);
          if (!g || (messageId !== 'overlap' && messageId !== 'overlaps')) continue;
          if (!f.routers.every((x) => g.routers.get(x)?.period)) continue;
          f.open = true;
          ctx.extend(f, f.to, [], { messageId: `${messageId}Open`, data });
        }
      },
      overlap(o) {
        // Refilled per advert of a split brain, like the event: raise() copies what it keeps.
        const says = overlapSays;
        says.a = o.a.address;
        says.b = o.b.address;
        says.group = groupName(o.group);
        says.addresses = addressList(o.group);
        oneFrame[0] = o.frame;
        const frames = o.isNew ? o.frames : oneFrame;
        raise(o.group, o.a, o.b, o.from, o.to, frames, says, o.group.virtualAddresses, o.isNew ? 'new' : 'more');
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
          const master = rivalMaster(g, claimant, e.mac, e.time);
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
              const { messageId, data = {} } = ctx.message(f);
              ctx.extend(f, e.time, [e.frame], {
                messageId,
                data: {
                  ...data,
                  seconds: seconds(total(c, span)),
                  ...('span' in data ? { span: seconds(span) } : {}),
                },
              });
            }
            continue;
          }
          // It has claimed mastership since its last period began (a keepalived master that keeps
          // receiving adverts it discards re-arms its timer and falls silent, but stays master).
          const since = claimant.periods.last()?.from ?? e.time;
          const says: Says = {
            kind: 'silentMaster',
            claimant: claimant.address,
            mac: e.mac,
            master: master.address,
            group: groupName(g),
          };
          raise(
            g,
            claimant,
            master,
            Math.min(since, e.time),
            e.time,
            [claimant.periods.last()?.firstFrame ?? e.frame, e.frame],
            says,
            [e.address],
            null,
          );
        }
      },
    };
  },
};

/**
 * The first master of g acting as master at `time`, for more than half a second, that competes with
 * `claimant` and is not on its MAC. (A function of its own: a callback in the claim hook that read
 * the event would have the hook allocate a context on every claim.)
 */
function rivalMaster(g: GroupState, claimant: RouterState, mac: string, time: number): RouterState | undefined {
  for (const m of g.openRouters())
    if (m.isLive(time) && m.mac !== mac && competes(m, claimant) && m.period && time - m.period.from > 0.5) return m;
  return undefined;
}

/**
 * Time two routers were shown to be masters at once: the episodes before the latest (seconds,
 * number), the latest's span, and whether its latest evidence was an overlap of adverts.
 */
class Cover {
  before = 0;
  episodes = 1;
  /**
   * The message's values as of the finding's latest extension by raise(), and `make`, which
   * makes the message from them (the finding's LazyMessage). They change only in raise(), which
   * then extends the finding with `make` again; any other extension gives a message of its own.
   */
  time: number;
  span: number;
  readonly make: LazyMessage = () => messageOf(this.says, this.text, this.time, this.episodes, this.span);

  /** A split brain's first evidence, from `from` to `to`. */
  constructor(
    public from: number,
    public to: number,
    public overlap: boolean,
    public says: Says,
    public text: string,
  ) {
    this.span = to - from;
    this.time = total(this, this.span);
  }
}

/** Whether two Says say the same (a split brain's adverts mostly do: its finding keeps its own copy). */
function sameSays(x: Says, y: Says): boolean {
  if (x.kind === 'overlap')
    return y.kind === 'overlap' && x.a === y.a && x.b === y.b && x.group === y.group && x.addresses === y.addresses;
  return (
    y.kind === 'silentMaster' &&
    x.claimant === y.claimant &&
    x.mac === y.mac &&
    x.master === y.master &&
    x.group === y.group
  );
}

/**
 * What a pair's message says besides its times, as values (a LazyMessage made later holds these,
 * not the event objects they came from): an overlap of adverts, with the group's address list as
 * it reads now, or a silent master's announcement, which names the finding's own addresses.
 */
type Says =
  | { kind: 'overlap'; a: string; b: string; group: string; addresses: string }
  | { kind: 'silentMaster'; claimant: string; mac: string; master: string; group: string };

/** The address list a message names: the group's (an overlap), or the finding's own (an announcement). */
function addressText(says: Says, addresses: readonly string[]): string {
  return says.kind === 'overlap' ? says.addresses : addresses.join(', ');
}

/**
 * The message of a pair's finding: `time` seconds as masters at once, in `episodes` split brains
 * over `span` seconds.
 */
function messageOf(says: Says, addresses: string, time: number, episodes: number, span: number): RuleMessage {
  if (says.kind === 'silentMaster') {
    const { claimant, mac, master, group } = says;
    return { messageId: 'silentMaster', data: { claimant, mac, addresses, master, group, seconds: seconds(time) } };
  }
  // Two literals, not one spread into the other.
  const { a, b, group } = says;
  if (episodes === 1) return { messageId: 'overlap', data: { a, b, group, addresses, seconds: seconds(time) } };
  const data = { a, b, group, addresses, seconds: seconds(time), episodes, span: seconds(span) };
  return { messageId: 'overlaps', data };
}

/** The seconds a Cover says the two were masters at once (never more than the finding's `span`). */
function total(c: Cover, span: number): number {
  return Math.min(c.before + c.to - c.from, span);
}
