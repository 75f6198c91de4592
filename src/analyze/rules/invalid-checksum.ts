/** invalid-checksum: an advert whose checksum is wrong in every accepted style: receivers drop it. */
import type { Rule } from '../rule.js';
import { groupName, RouterFindings, ROUTERS_OPTION } from './util.js';

export const invalidChecksum: Rule = {
  meta: {
    id: 'invalid-checksum',
    defaultSeverity: 'error',
    description: 'An advert whose checksum is wrong in every accepted style.',
    options: { routers: ROUTERS_OPTION },
    messages: {
      wrongChecksum: '{{router}} sends adverts for {{group}} with a wrong checksum: the other routers discard them.',
      /** Past the `routers` option's count in one group (a flood). */
      wrongChecksums:
        'Past the {{max}} with findings of their own, {{count}} routers ({{routers}}) send adverts for ' +
        '{{group}} with a wrong checksum: the other routers discard them.',
    },
  },
  create(ctx) {
    const found = new RouterFindings(ctx, ctx.options.routers);
    return {
      advert(e) {
        if (e.packet.vrrp!.checksum !== 'invalid') return;
        if (found.extend(e.router, '', e.time, e.frame)) return;
        const data = { router: e.router.address, group: groupName(e.group) };
        found.raiseFor(e, '', { messageId: 'wrongChecksum', data }, 'wrongChecksums');
      },
    };
  },
};
