/** invalid-checksum: an advert whose checksum is wrong in every accepted style: receivers drop it. */
import type { Rule } from '../rule.js';
import { FindingMap, groupName } from './util.js';

export const invalidChecksum: Rule = {
  meta: {
    id: 'invalid-checksum',
    defaultSeverity: 'error',
    description: 'An advert whose checksum is wrong in every accepted style.',
    options: {},
  },
  create(ctx) {
    const found = new FindingMap(ctx);
    return {
      advert(e) {
        if (e.packet.vrrp!.checksum !== 'invalid') return;
        found.note(`${e.group.key}|${e.router.address}`, e.time, e.frame, () => ({
          group: e.group,
          from: e.time,
          to: e.time,
          routers: [e.router.address],
          frames: [e.frame],
          message: `${e.router.address} sends adverts for ${groupName(e.group)} with a wrong checksum: the other routers discard them.`,
        }));
      },
    };
  },
};
