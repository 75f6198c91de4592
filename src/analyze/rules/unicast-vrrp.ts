/** unicast-vrrp: adverts sent to a unicast address (keepalived unicast_peer): informational. */
import type { Rule } from '../rule.js';
import { FindingMap, groupName } from './util.js';
import { isMulticast } from '../addresses.js';

export const unicastVrrp: Rule = {
  meta: {
    id: 'unicast-vrrp',
    defaultSeverity: 'info',
    description: 'Adverts sent unicast.',
    options: {},
    messages: {
      unicast:
        '{{router}} sends adverts for {{group}} unicast to {{destination}} (unicast peers): ' +
        'routers not in its peer list never hear it.',
    },
  },
  create(ctx) {
    const found = new FindingMap(ctx);
    return {
      advert(e) {
        const dst = e.packet.ip!.dst;
        if (isMulticast(dst, e.group.family)) return;
        if (found.extend(e.router, dst, e.time, e.frame)) return;
        found.raise(e.router, dst, {
          group: e.group,
          from: e.time,
          to: e.time,
          routers: [e.router.address],
          frames: [e.frame],
          messageId: 'unicast',
          data: { router: e.router.address, group: groupName(e.group), destination: dst },
        });
      },
    };
  },
};
