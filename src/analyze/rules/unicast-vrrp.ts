/** unicast-vrrp: adverts sent to a unicast address (keepalived unicast_peer): informational. */
import type { Rule } from '../rule.js';
import { groupName, RouterFindings, ROUTERS_OPTION } from './util.js';
import { isMulticast } from '../addresses.js';

export const unicastVrrp: Rule = {
  meta: {
    id: 'unicast-vrrp',
    defaultSeverity: 'info',
    description: 'Adverts sent unicast.',
    options: { routers: ROUTERS_OPTION },
    messages: {
      unicast:
        '{{router}} sends adverts for {{group}} unicast to {{destination}} (unicast peers): ' +
        'routers not in its peer list never hear it.',
      /** Past the `routers` option's count of router and destination in one group (a flood). */
      unicasts:
        'Past the {{max}} with findings of their own, {{count}} routers ({{routers}}) send adverts for ' +
        '{{group}} unicast: routers not in their peer lists never hear them.',
    },
  },
  create(ctx) {
    const found = new RouterFindings(ctx, ctx.options.routers);
    return {
      advert(e) {
        const dst = e.packet.ip!.dst;
        if (isMulticast(dst, e.group.family)) return;
        if (found.extend(e.router, dst, e.time, e.frame)) return;
        const data = { router: e.router.address, group: groupName(e.group), destination: dst };
        found.raiseFor(e, dst, { messageId: 'unicast', data }, 'unicasts');
      },
    };
  },
};
