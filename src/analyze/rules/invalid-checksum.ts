/** invalid-checksum: an advert whose checksum is wrong in every accepted style: receivers drop it. */
import type { Rule } from '../rule.js';
import { FindingMap, groupName } from './util.js';

export const invalidChecksum: Rule = {
  meta: {
    id: 'invalid-checksum',
    defaultSeverity: 'error',
    description: 'An advert whose checksum is wrong in every accepted style.',
    options: {},
    messages: {
      wrongChecksum: '{{router}} sends adverts for {{group}} with a wrong checksum: the other routers discard them.',
    },
  },
  create(ctx) {
    const found = new FindingMap(ctx);
    return {
      advert(e) {
        if (e.packet.vrrp!.checksum !== 'invalid') return;
        if (found.extend(e.router, '', e.time, e.frame)) return;
        found.raise(e.router, '', {
          group: e.group,
          from: e.time,
          to: e.time,
          routers: [e.router.address],
          frames: [e.frame],
          messageId: 'wrongChecksum',
          data: { router: e.router.address, group: groupName(e.group) },
        });
      },
    };
  },
};
