/** unicast-vrrp: adverts sent to a unicast address (keepalived unicast_peer): informational. */
import type { Rule } from '../rule.js';
import { FindingMap, groupName } from './util.js';
import { isMulticast } from '../model.js';

export const unicastVrrp: Rule = {
  meta: {
    id: 'unicast-vrrp',
    defaultSeverity: 'info',
    description: 'Adverts sent unicast.',
    options: {},
  },
  create(ctx) {
    const found = new FindingMap(ctx);
    return {
      advert(e) {
        const dst = e.packet.ip!.dst;
        if (isMulticast(dst, e.group.family)) return;
        found.note(`${e.group.key}|${e.router.address}|${dst}`, e.time, e.frame, () => ({
          group: e.group,
          from: e.time,
          to: e.time,
          routers: [e.router.address],
          frames: [e.frame],
          message: `${e.router.address} sends adverts for ${groupName(e.group)} unicast to ${dst} (unicast peers): routers not in its peer list never hear it.`,
        }));
      },
    };
  },
};
