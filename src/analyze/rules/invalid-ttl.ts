/**
 * invalid-ttl: a multicast advert whose TTL / hop limit is not 255 (RFC 3768 7.1, RFC 5798 7.1:
 * receivers MUST discard it). It crossed a router or was sent by a misconfigured stack. Unicast
 * adverts are exempt (keepalived skips the check for unicast peers).
 */
import type { Rule } from '../rule.js';
import { isMulticast } from '../model.js';
import { FindingMap, groupName } from './util.js';

export const invalidTtl: Rule = {
  meta: {
    id: 'invalid-ttl',
    defaultSeverity: 'warning',
    description: 'A multicast advert with TTL / hop limit other than 255.',
    options: {},
  },
  create(ctx) {
    const found = new FindingMap(ctx);
    return {
      advert(e) {
        const ip = e.packet.ip!;
        if (ip.ttl === 255 || !isMulticast(ip.dst, e.group.family)) return;
        found.note(`${e.group.key}|${e.router.address}|${ip.ttl}`, e.time, e.frame, () => ({
          group: e.group,
          from: e.time,
          to: e.time,
          routers: [e.router.address],
          frames: [e.frame],
          message: `${e.router.address} sends adverts for ${groupName(e.group)} with ${ip.version === 6 ? 'hop limit' : 'TTL'} ${ip.ttl}, not 255: receivers must discard them.`,
        }));
      },
    };
  },
};
