/** malformed-packet: VRRP, ARP or ND frames that failed to decode cleanly, grouped by problem. */
import type { Rule } from '../rule.js';
import { FindingMap } from './util.js';

export const malformedPacket: Rule = {
  meta: {
    id: 'malformed-packet',
    defaultSeverity: 'warning',
    description: 'VRRP/ARP frames that failed to decode.',
    options: {},
  },
  create(ctx) {
    const found = new FindingMap(ctx);
    return {
      malformed(e) {
        for (const issue of e.packet.issues) {
          const key = issue.code;
          const f = found.get(key);
          if (f) {
            if (e.packet.ip && !f.routers.includes(e.packet.ip.src)) f.routers.push(e.packet.ip.src);
            ctx.extend(
              f,
              e.time,
              [e.frame],
              `${f.frameCount + 1} ${e.packet.kind.toUpperCase()}-related frames have a decoding problem (${issue.code}), e.g. ${issue.detail}.`,
            );
            continue;
          }
          const who = e.packet.ip ? [e.packet.ip.src] : [];
          found.set(
            key,
            ctx.report({
              from: e.time,
              to: e.time,
              routers: who,
              addresses: [],
              frames: [e.frame],
              message: `One ${e.packet.kind.toUpperCase()} frame has a decoding problem (${issue.code}): ${issue.detail}.`,
            }),
          );
        }
      },
    };
  },
};
