/**
 * plaintext-auth: VRRPv2 simple-text authentication (type 1): the password travels in clear in every
 * advert, and RFC 3768 removed it for that reason. The secret is masked unless --show-secrets.
 */
import type { Rule } from '../rule.js';
import { FindingMap, groupName } from './util.js';

/** Reveals neither characters nor length. */
export function maskSecret(s: string): string {
  return s.length === 0 ? '(empty)' : '********';
}

export const plaintextAuth: Rule = {
  meta: {
    id: 'plaintext-auth',
    defaultSeverity: 'warning',
    description: 'VRRPv2 simple-text password on the wire.',
    options: {},
  },
  create(ctx) {
    const found = new FindingMap(ctx);
    return {
      advert(e) {
        const v = e.packet.vrrp!;
        if (v.authType !== 1) return;
        const secret = v.authData ?? '';
        // One finding per group and password; the routers using it accumulate.
        const key = `${e.group.key}|${secret}`;
        const shown = ctx.showSecrets ? `"${secret}"` : `${maskSecret(secret)} (--show-secrets to see it)`;
        const f = found.get(key);
        if (f) {
          if (!f.routers.includes(e.router.address)) f.routers.push(e.router.address);
          ctx.extend(f, e.time, [e.frame], message(f.routers, shown));
          return;
        }
        found.set(
          key,
          ctx.report({
            group: e.group,
            from: e.time,
            to: e.time,
            routers: [e.router.address],
            addresses: [],
            frames: [e.frame],
            message: message([e.router.address], shown),
          }),
        );
        function message(routers: string[], shown: string): string {
          return `${routers.join(', ')} authenticate${routers.length === 1 ? 's' : ''} ${groupName(e.group)} with a plain-text password, ${shown}, readable by anyone on the segment.`;
        }
      },
    };
  },
};
