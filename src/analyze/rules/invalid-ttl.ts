/**
 * invalid-ttl: a multicast advert whose TTL / hop limit is not 255 (RFC 3768 7.1, RFC 5798 7.1:
 * receivers MUST discard it). It crossed a router or was sent by a misconfigured stack. Unicast
 * adverts are exempt (keepalived skips the check for unicast peers).
 */
import type { Rule } from '../rule.js';
import { isMulticast } from '../addresses.js';
import { groupName, RouterFindings, ROUTERS_OPTION } from './util.js';

export const invalidTtl: Rule = {
  meta: {
    id: 'invalid-ttl',
    defaultSeverity: 'warning',
    description: 'A multicast advert with TTL / hop limit other than 255.',
    options: { routers: ROUTERS_OPTION },
    messages: {
      ttl: '{{router}} sends adverts for {{group}} with TTL {{ttl}}, not 255: receivers must discard them.',
      hopLimit: '{{router}} sends adverts for {{group}} with hop limit {{ttl}}, not 255: receivers must discard them.',
      /** Past the `routers` option's count of router and TTL in one group (a flood). */
      ttls:
        'Past the {{max}} with findings of their own, {{count}} routers ({{routers}}) send multicast adverts for ' +
        '{{group}} with a TTL or hop limit other than 255: receivers must discard them.',
    },
  },
  create(ctx) {
    const found = new RouterFindings(ctx, ctx.options.routers);
    return {
      advert(e) {
        const ip = e.packet.ip!;
        if (ip.ttl === 255 || !isMulticast(ip.dst, e.group.family)) return;
        if (found.extend(e.router, ip.ttl, e.time, e.frame)) return;
        const data = { router: e.router.address, group: groupName(e.group), ttl: ip.ttl };
        found.raiseFor(e, ip.ttl, { messageId: ip.version === 6 ? 'hopLimit' : 'ttl', data }, 'ttls');
      },
    };
  },
};
