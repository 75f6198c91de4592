/** flapping: more master changes than `threshold` within `window` seconds. */
import type { GroupState, RouterState } from '../model.js';
import type { LazyMessage, Rule, RuleMessage } from '../rule.js';
import type { Finding, FrameRef } from '../../report/types.js';
import { groupName } from './util.js';
import { sameList } from '../../util/lists.js';
import { andMore } from '../../util/text.js';
import { Queue } from '../../util/queue.js';

const CHANGED = '{{group}} changed master {{count}} times';
const LIMIT = 'between {{routers}} (more than {{threshold}} within {{window}} s).';
const TRACKED = ' {{priorityChanges}}: a tracked interface or script is changing its priority.';

export const flapping: Rule = {
  meta: {
    id: 'flapping',
    defaultSeverity: 'warning',
    description: 'More master changes than a threshold within a window.',
    options: {
      threshold: { default: 3, description: 'master changes allowed within the window' },
      window: { default: 60, description: 'window in seconds' },
    },
    messages: {
      flapping: `${CHANGED} within {{seconds}} s ${LIMIT}`,
      /** A router of the flapping advertised several priorities (priorityChanges: which, as shown). */
      flappingPriorities: `${CHANGED} within {{seconds}} s ${LIMIT}${TRACKED}`,
      /** The finding extended by later changes: the count covers them all. */
      stillFlapping: `${CHANGED} ${LIMIT}`,
      stillFlappingPriorities: `${CHANGED} ${LIMIT}${TRACKED}`,
    },
  },
  create(ctx) {
    const { threshold, window } = ctx.options;
    /** Per group, its master changes within the window (pruned as time goes on, not kept). */
    const windows = new Map<GroupState, ChangeWindow>();
    /** Per group, its flapping episode going on (its finding, extended by each later change). */
    const open = new Map<GroupState, Episode>();
    /** Per group, the routers its last flapping named, sorted, and the same as text. */
    const lastNamed = new Map<GroupState, Named>();
    /** Per group, each second master of a split brain going on, and the master it appeared beside. */
    const beside = new Map<GroupState, Map<RouterState, RouterState | null>>();
    return {
      transition(t, g) {
        if (t.cause === 'startup') return;
        // A split brain adds a second master and changes none. Its end changes the master only when
        // the one from before it yields and the one that appeared stays: counted then, as a change
        // between the two. A second master that appears and yields again and again (a link between
        // the two that flaps) never changed the master: duplicate-master counts those split brains.
        if (t.cause === 'split-brain') {
          let m = beside.get(g);
          if (!m) beside.set(g, (m = new Map<RouterState, RouterState | null>()));
          m.set(t.to, t.from);
          return;
        }
        if (t.cause === 'split-brain-end') {
          const m = beside.get(g);
          const tookOver = t.from !== null && m?.get(t.to) === t.from;
          if (t.from) m?.delete(t.from);
          if (!tookOver) return;
          m?.delete(t.to);
        }
        let w = windows.get(g);
        if (!w) {
          w = new ChangeWindow();
          windows.set(g, w);
        }
        // Two backups racing for one takeover (the first yields within an interval) is one change.
        const prev = w.last();
        if (prev && t.time - prev.time < t.to.interval) {
          w.join(prev, t.to.address);
          return;
        }
        w.add({
          time: t.time,
          frame: t.frame,
          routers: t.from?.address && t.from.address !== t.to.address ? [t.from.address, t.to.address] : [t.to.address],
        });
        w.prune(t.time, window);
        if (!w.moreWithin(t.time, window, threshold)) return;
        // The routers named: all of the window's, sorted; past MAX_NAMED (a flood), the latest
        // MAX_NAMED of them, sorted, and how many more.
        const named = w.routersToName(MAX_NAMED);
        const more = w.routerCount - named.length;
        // What the finding names is worked out again only when its routers, or the priorities they
        // advertised, changed: a cluster flapping all day names the same two routers every time.
        let last = lastNamed.get(g);
        if (!last || (last.routers !== named && !sameList(last.routers, named))) {
          last = { routers: named, text: named.join(', '), priorities: -1, priorityChanges: '' };
          lastNamed.set(g, last);
        }
        const routers = last.routers;
        const text = andMore(last.text, more);
        // Changing priorities (track scripts, interface tracking) are the usual cause: name them.
        let heard = 0;
        for (const a of routers) heard += g.routers.get(a)!.priorities.length;
        if (heard !== last.priorities) {
          last.priorities = heard;
          last.priorityChanges = priorityChangesOf(g, routers);
        }
        const priorityChanges = last.priorityChanges;
        const episode = open.get(g);
        if (episode && t.time - episode.f.to <= window) {
          const f = episode.f;
          if (!sameList(f.routers, routers)) f.routers = [...routers];
          // The message is made when the finding is read, from what the latest change left here: a
          // cluster flapping all day would otherwise build a message per change, read once.
          episode.text = text;
          episode.priorityChanges = priorityChanges;
          episode.count = f.frameCount + 1;
          ctx.extend(f, t.time, [t.frame], episode.make);
          return;
        }
        // A new episode (once per flapping, not per change): its changes within the window.
        const { frames, from } = w.framesWithin(t.time, window);
        const count = frames.length;
        const f = ctx.report({
          group: g,
          from,
          to: t.time,
          routers,
          addresses: g.virtualAddresses,
          frames,
          messageId: priorityChanges ? 'flappingPriorities' : 'flapping',
          data: {
            group: groupName(g),
            routers: text,
            threshold,
            window,
            ...(priorityChanges ? { priorityChanges } : {}),
            count,
            seconds: Number((t.time - from).toFixed(1)),
          },
        });
        open.set(g, new Episode(f, groupName(g), threshold, window));
      },
    };
  },
};

/**
 * A flapping episode going on: its finding, and what the latest change extending it said (its
 * `stillFlapping` message, made from these when the finding is read).
 */
class Episode {
  text = '';
  priorityChanges = '';
  count = 0;
  readonly make: LazyMessage = () => this.message();

  constructor(
    readonly f: Finding,
    private readonly group: string,
    private readonly threshold: number,
    private readonly window: number,
  ) {}

  private message(): RuleMessage {
    const { priorityChanges } = this;
    return {
      messageId: priorityChanges ? 'stillFlappingPriorities' : 'stillFlapping',
      data: {
        group: this.group,
        routers: this.text,
        threshold: this.threshold,
        window: this.window,
        ...(priorityChanges ? { priorityChanges } : {}),
        count: this.count,
      },
    };
  }
}

/**
 * What a group's last flapping finding named: its routers (sorted) and as text, and the routers'
 * priority changes as text, worked out when they had advertised `priorities` priorities in all.
 */
interface Named {
  routers: string[];
  text: string;
  priorities: number;
  priorityChanges: string;
}

/** The routers among `routers` that advertised more than one priority above 0, and those priorities. */
function priorityChangesOf(g: GroupState, routers: readonly string[]): string {
  let text = '';
  for (const a of routers) {
    const r = g.routers.get(a)!;
    if (positives(r.priorities) < 2) continue;
    text += (text ? '; ' : '') + `${r.address} advertised priorities ${r.priorities.filter((p) => p > 0).join(', ')}`;
  }
  return text;
}

/** Routers a flapping finding names (a flood of routers taking over in turn is counted, not listed). */
const MAX_NAMED = 16;

/**
 * A group's master changes within the window, in the order they were announced (a takeover the
 * engine settles late comes after later ones), with how many of them each router is in: what a
 * change costs does not grow with the window's length.
 */
class ChangeWindow {
  private readonly changes = new Queue<Change>();
  private readonly inWindow = new Map<string, number>();
  /** routersToName()'s list while the routers kept are few and unchanged (null once they change). */
  private named: string[] | null = null;

  last(): Change | undefined {
    return this.changes.last();
  }

  add(c: Change): void {
    this.changes.push(c);
    for (const a of c.routers) this.count(a, 1);
  }

  /** `address` raced for the takeover of `c`. */
  join(c: Change, address: string): void {
    if (c.routers.includes(address)) return;
    c.routers.push(address);
    this.count(address, 1);
  }

  /** Forgets the oldest changes while more than one is kept and the oldest lies outside the window. */
  prune(now: number, window: number): void {
    const list = this.changes;
    while (list.length > 1 && now - list.first()!.time > window)
      for (const a of list.shift()!.routers) this.count(a, -1);
  }

  /**
   * Whether more than `threshold` of the changes kept lie within the window before `now` (one
   * settled late may not): counted from the latest, as far as it takes.
   */
  moreWithin(now: number, window: number, threshold: number): boolean {
    let n = 0;
    const list = this.changes;
    for (let i = list.length - 1; i >= 0; i--) if (now - list.at(i).time <= window && ++n > threshold) return true;
    return false;
  }

  framesWithin(now: number, window: number): { frames: FrameRef[]; from: number } {
    const frames: FrameRef[] = [];
    let from = NaN;
    for (let i = 0; i < this.changes.length; i++) {
      const x = this.changes.at(i);
      if (now - x.time > window) continue;
      if (frames.length === 0) from = x.time;
      frames.push(x.frame);
    }
    return { frames, from };
  }

  /** Routers in the changes kept. */
  get routerCount(): number {
    return this.inWindow.size;
  }

  /** Every router of the changes kept, sorted; past `max`, the latest `max` of them, sorted. */
  routersToName(max: number): string[] {
    if (this.inWindow.size <= max) return (this.named ??= [...this.inWindow.keys()].sort());
    const latest = new Set<string>();
    for (let i = this.changes.length - 1; i >= 0 && latest.size < max; i--)
      for (const a of this.changes.at(i).routers) {
        latest.add(a);
        if (latest.size === max) break;
      }
    return [...latest].sort();
  }

  private count(address: string, by: number): void {
    const n = (this.inWindow.get(address) ?? 0) + by;
    if (n === by && by > 0) this.named = null;
    if (n > 0) this.inWindow.set(address, n);
    else {
      this.inWindow.delete(address);
      this.named = null;
    }
  }
}

/** A master change: when, its frame, and the routers it was between (all those racing for it). */
interface Change {
  time: number;
  frame: FrameRef;
  routers: string[];
}

/** How many of the priorities are above 0 (no list built). */
function positives(priorities: readonly number[]): number {
  let n = 0;
  for (const p of priorities) if (p > 0) n++;
  return n;
}
