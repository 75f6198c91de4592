/** flapping: more master changes than `threshold` within `window` seconds. */
import type { GroupState } from '../model.js';
import type { MessageData, Rule } from '../rule.js';
import type { Finding } from '../../report/types.js';
import { groupName } from './util.js';

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
    const times = new Map<GroupState, { time: number; frame: number | string; routers: string[] }[]>();
    const open = new Map<GroupState, Finding>();
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
          prev.routers = [...new Set([...prev.routers, t.to.address])];
          return;
        }
        list.push({ time: t.time, frame: t.frame, routers: [t.from?.address ?? '', t.to.address].filter(Boolean) });
        // Only the changes within the window matter: the history is pruned, not kept.
        while (list.length > 1 && t.time - list[0].time > window) list.shift();
        const recent = list.filter((x) => t.time - x.time <= window);
        if (recent.length <= threshold) return;
        const routers: string[] = [];
        for (const x of recent) for (const a of x.routers) if (!routers.includes(a)) routers.push(a);
        routers.sort();
        // Changing priorities (track scripts, interface tracking) are the usual cause: name them.
        const changing = routers
          .map((a) => g.routers.get(a)!)
          .filter((r) => r.priorities.filter((p) => p > 0).length > 1);
        const data: MessageData = { group: groupName(g), routers: routers.join(', '), threshold, window };
        if (changing.length)
          data.priorityChanges = changing
            .map((r) => `${r.address} advertised priorities ${r.priorities.filter((p) => p > 0).join(', ')}`)
            .join('; ');
        const f = open.get(g);
        if (f && t.time - f.to <= window) {
          f.routers = routers;
          ctx.extend(f, t.time, [t.frame], {
            messageId: changing.length ? 'stillFlappingPriorities' : 'stillFlapping',
            data: { ...data, count: f.frameCount + 1 },
          });
          return;
        }
        open.set(
          g,
          ctx.report({
            group: g,
            from: recent[0].time,
            to: t.time,
            routers,
            addresses: g.virtualAddresses,
            frames: recent.map((x) => x.frame),
            messageId: changing.length ? 'flappingPriorities' : 'flapping',
            data: { ...data, count: recent.length, seconds: Number((t.time - recent[0].time).toFixed(1)) },
          }),
        );
      },
    };
  },
};
