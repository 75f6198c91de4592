/** malformed-packet: VRRP, ARP or ND frames that failed to decode cleanly, grouped by problem. */
import type { Rule } from '../rule.js';
import { FindingMap } from './util.js';

export const malformedPacket: Rule = {
  meta: {
    id: 'malformed-packet',
    defaultSeverity: 'warning',
    description: 'VRRP/ARP frames that failed to decode.',
    options: {},
    messages: {
      oneFrame: 'One {{kind}} frame has a decoding problem ({{code}}): {{detail}}.',
      /** The finding extended by more frames with the same problem: `detail` is the latest one's. */
      manyFrames: '{{count}} {{kind}}-related frames have a decoding problem ({{code}}), e.g. {{detail}}.',
    },
  },
  create(ctx) {
    const found = new FindingMap(ctx);
    /** One finding per issue code, whatever the group: a scope of their own. */
    const all = {};
    return {
      malformed(e) {
        for (const issue of e.packet.issues) {
          const key = issue.code;
          const f = found.get(all, key);
          if (f) {
            // The first few sources are named (a flood from new addresses would make this list quadratic).
            if (e.packet.ip && f.routers.length < MAX_SOURCES && !f.routers.includes(e.packet.ip.src))
              f.routers.push(e.packet.ip.src);
            ctx.extend(f, e.time, [e.frame], {
              messageId: 'manyFrames',
              data: {
                count: f.frameCount + 1,
                kind: e.packet.kind.toUpperCase(),
                code: issue.code,
                detail: issue.detail,
              },
            });
            continue;
          }
          const who = e.packet.ip ? [e.packet.ip.src] : [];
          found.set(
            all,
            key,
            ctx.report({
              from: e.time,
              to: e.time,
              routers: who,
              addresses: [],
              frames: [e.frame],
              messageId: 'oneFrame',
              data: { kind: e.packet.kind.toUpperCase(), code: issue.code, detail: issue.detail },
            }),
          );
        }
      },
    };
  },
};

/** Source addresses a malformed-packet finding names (its frame count says how many frames in all). */
const MAX_SOURCES = 16;
