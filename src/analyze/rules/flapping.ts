/** flapping: more master changes than `threshold` within `window` seconds. */
import type { GroupState } from '../model.js';
import type { MessageData, Rule } from '../rule.js';
import type { Finding, FrameRef } from '../../report/types.js';
import { groupName } from './util.js';
import { sameList } from '../../util/lists.js';

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
    /** Per group, its master changes within the window (the history is pruned, not kept). */
    const times = new Map<GroupState, Change[]>();
    const open = new Map<GroupState, Finding>();
    /** Per group, the routers of its last flapping in the order first met, and the same sorted and as text. */
    const lastSorted = new Map<GroupState, { seen: string[]; routers: string[]; text: string }>();
    return {
      transition(t, g) {
        // A split brain and its end are one episode (duplicate-master), not two changes of master.
        if (t.cause === 'startup' || t.cause === 'split-brain-end') return;
        let list = times.get(g);
        if (!list) {
          list = [];
          times.set(g, list);
        }
        // Two backups racing for one takeover (the first yields within an interval) is one change.
        const prev = list[list.length - 1];
        if (prev && t.time - prev.time < t.to.interval) {
          if (!prev.routers.includes(t.to.address)) prev.routers.push(t.to.address);
          return;
        }
        list.push({
          time: t.time,
          frame: t.frame,
          routers: t.from?.address ? [t.from.address, t.to.address] : [t.to.address],
        });
        while (list.length > 1 && t.time - list[0].time > window) list.shift();
        // The changes within the window (announced in time order but for a contested takeover
        // settled late: each is looked at).
        let count = 0;
        for (const x of list) if (t.time - x.time <= window) count++;
        if (count <= threshold) return;
        const seen: string[] = [];
        for (const x of list) {
          if (t.time - x.time > window) continue;
          for (const a of x.routers) if (!seen.includes(a)) seen.push(a);
        }
        // A pair flapping for hours names the same routers at every change: sorted once.
        let sorted = lastSorted.get(g);
        if (!sorted || !sameList(sorted.seen, seen)) {
          sorted = { seen, routers: [...seen].sort(), text: '' };
          sorted.text = sorted.routers.join(', ');
          lastSorted.set(g, sorted);
        }
        const routers = sorted.routers;
        // Changing priorities (track scripts, interface tracking) are the usual cause: name them.
        let priorityChanges = '';
        for (const a of routers) {
          const r = g.routers.get(a)!;
          if (positives(r.priorities) < 2) continue;
          priorityChanges +=
            (priorityChanges ? '; ' : '') +
            `${r.address} advertised priorities ${r.priorities.filter((p) => p > 0).join(', ')}`;
        }
        const f = open.get(g);
        if (f && t.time - f.to <= window) {
          f.routers = [...routers];
          const data: MessageData = {
            group: groupName(g),
            routers: sorted.text,
            threshold,
            window,
            ...(priorityChanges ? { priorityChanges } : {}),
            count: f.frameCount + 1,
          };
          ctx.extend(f, t.time, [t.frame], {
            messageId: priorityChanges ? 'stillFlappingPriorities' : 'stillFlapping',
            data,
          });
          return;
        }
        const frames: FrameRef[] = [];
        let from = NaN;
        for (const x of list) {
          if (t.time - x.time > window) continue;
          if (frames.length === 0) from = x.time;
          frames.push(x.frame);
        }
        open.set(
          g,
          ctx.report({
            group: g,
            from,
            to: t.time,
            routers,
            addresses: g.virtualAddresses,
            frames,
            messageId: priorityChanges ? 'flappingPriorities' : 'flapping',
            data: {
              group: groupName(g),
              routers: sorted.text,
              threshold,
              window,
              ...(priorityChanges ? { priorityChanges } : {}),
              count,
              seconds: Number((t.time - from).toFixed(1)),
            },
          }),
        );
      },
    };
  },
};

/** A master change: when, its frame, and the routers it was between. */
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
