/** master-release: a master left gracefully (priority 0): a planned stop, not a fault. */
import type { Rule } from '../rule.js';
import type { Finding } from '../../report/types.js';
import { groupName } from './util.js';

export const masterRelease: Rule = {
  meta: {
    id: 'master-release',
    defaultSeverity: 'info',
    description: 'A master left gracefully (priority 0).',
    options: {},
    messages: {
      released: '{{router}} released {{group}} with a priority-0 advert (graceful stop or configuration change).',
    },
  },
  create(ctx) {
    /** The last release finding per router: copies of one priority-0 advert (one per unicast peer) join it. */
    const last = new Map<object, { time: number; finding: Finding }>();
    return {
      advert(e) {
        if (e.packet.vrrp!.priority !== 0) return;
        const prev = last.get(e.router);
        if (prev && e.time - prev.time < 1) {
          ctx.extendFrame(prev.finding, e.time, e.frame);
          return;
        }
        const finding = ctx.report({
          group: e.group,
          from: e.time,
          to: e.time,
          routers: [e.router.address],
          addresses: e.group.virtualAddresses,
          frames: [e.frame],
          messageId: 'released',
          data: { router: e.router.address, group: groupName(e.group) },
        });
        last.set(e.router, { time: e.time, finding });
      },
    };
  },
};
