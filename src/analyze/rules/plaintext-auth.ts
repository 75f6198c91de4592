/**
 * plaintext-auth: VRRPv2 simple-text authentication (type 1): the password travels in clear in every
 * advert, and RFC 3768 removed it for that reason. The secret is masked unless --show-secrets.
 */
import type { Finding } from '../../report/types.js';
import type { Rule, RuleMessage } from '../rule.js';
import { FindingMap, groupName, NamedSet } from './util.js';

/** Reveals neither characters nor length. */
function maskSecret(s: string): string {
  return s.length === 0 ? '(empty)' : '********';
}

/**
 * The message for the routers using one password in a group. (A function of its own: one declared
 * inside the advert hook would be a new closure on every advert with a password.)
 */
function message(routers: NamedSet, group: string, secret: string, showSecrets: boolean): RuleMessage {
  const who = { routers: routers.toString(), verb: routers.size === 1 ? 'authenticates' : 'authenticate', group };
  return showSecrets
    ? { messageId: 'password', data: { ...who, password: secret } }
    : { messageId: 'maskedPassword', data: { ...who, mask: maskSecret(secret) } };
}

export const plaintextAuth: Rule = {
  meta: {
    id: 'plaintext-auth',
    defaultSeverity: 'warning',
    description: 'VRRPv2 simple-text password on the wire.',
    options: {},
    messages: {
      /** --show-secrets. `verb`: "authenticates" for one router, "authenticate" for several. */
      password:
        '{{routers}} {{verb}} {{group}} with a plain-text password, "{{password}}", readable by anyone on the segment.',
      /** `mask` stands for the password: "********", or "(empty)" for an empty one. */
      maskedPassword:
        '{{routers}} {{verb}} {{group}} with a plain-text password, {{mask}} (--show-secrets to see it), ' +
        'readable by anyone on the segment.',
    },
  },
  create(ctx) {
    const found = new FindingMap(ctx);
    /** Per finding, every router using its password (the finding names the first 16). */
    const users = new Map<Finding, NamedSet>();
    return {
      advert(e) {
        const v = e.packet.vrrp!;
        if (v.authType !== 1) return;
        const secret = v.authData ?? '';
        // One finding per group and password; the routers using it accumulate.
        const f = found.get(e.group, secret);
        if (f) {
          // The message names the routers: it changes only when one joins.
          const all = users.get(f)!;
          if (!all.add(e.router.address)) {
            ctx.extendFrame(f, e.time, e.frame);
            return;
          }
          f.routers = [...all.first];
          ctx.extend(f, e.time, [e.frame], message(all, groupName(e.group), secret, ctx.showSecrets));
          return;
        }
        const all = new NamedSet();
        all.add(e.router.address);
        const created = ctx.report({
          group: e.group,
          from: e.time,
          to: e.time,
          routers: [e.router.address],
          addresses: [],
          frames: [e.frame],
          ...message(all, groupName(e.group), secret, ctx.showSecrets),
        });
        users.set(created, all);
        found.set(e.group, secret, created);
      },
    };
  },
};
