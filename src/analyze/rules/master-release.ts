/** master-release: a master left gracefully (priority 0): a planned stop, not a fault. */
import type { Rule } from '../rule.js';
import { groupName } from './util.js';

export const masterRelease: Rule = {
  meta: {
    id: 'master-release',
    defaultSeverity: 'info',
    description: 'A master left gracefully (priority 0).',
    options: {},
  },
  create(ctx) {
    return {
      advert(e) {
        if (e.packet.vrrp!.priority !== 0) return;
        ctx.report({ group: e.group, from: e.time, to: e.time, routers: [e.router.address], addresses: e.group.virtualAddresses, frames: [e.frame],
          message: `${e.router.address} released ${groupName(e.group)} with a priority-0 advert (graceful stop or configuration change).` });
      },
    };
  },
};
