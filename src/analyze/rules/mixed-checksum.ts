/**
 * mixed-checksum: VRRPv3 over IPv4 routers of one group computing the checksum differently, some
 * with the RFC 5798 pseudo-header (keepalived 2.2, FRR 8) and some over the message only (RFC 9568,
 * keepalived's vrrp_v3_checksum_as_v2, some Cisco releases). Each side drops the other's adverts,
 * so both become master.
 */
import type { GroupState, RouterState } from '../model.js';
import type { Rule } from '../rule.js';
import type { Finding } from '../../report/types.js';
import { groupName } from './util.js';

export const mixedChecksum: Rule = {
  meta: {
    id: 'mixed-checksum',
    defaultSeverity: 'error',
    description: 'VRRPv3 routers of one group disagree on the IPv4 checksum style (RFC 5798 vs RFC 9568).',
    options: {},
    messages: {
      mixed:
        '{{group}} mixes VRRPv3 checksum styles: {{pseudoHeader}} include the pseudo-header (RFC 5798), ' +
        "{{messageOnly}} cover the message only (RFC 9568); each side drops the other's adverts.",
    },
  },
  create(ctx) {
    const found = new Map<GroupState, Finding>();
    /**
     * Per group, from its first VRRPv3 advert on, and per style: the routers that have sent it (in
     * any version, as r.checksums keeps them). Other groups keep nothing.
     */
    const styles = new Map<GroupState, Record<'valid' | 'valid-rfc9568', Set<RouterState>>>();
    return {
      advert(e) {
        const style = e.packet.vrrp!.checksum;
        const g = e.group;
        if (style !== 'valid' && style !== 'valid-rfc9568') return;
        let sets = styles.get(g);
        if (sets) sets[style].add(e.router);
        // Only VRRPv3 over IPv4 has two styles; a VRRPv2 checksum always covers the message only.
        if (e.packet.vrrp!.version !== 3 || g.family !== 'ipv4') return;
        if (!sets) {
          sets = { valid: new Set(), 'valid-rfc9568': new Set() };
          for (const r of g.routers.values()) {
            if (r.checksums.includes('valid')) sets.valid.add(r);
            if (r.checksums.includes('valid-rfc9568')) sets['valid-rfc9568'].add(r);
          }
          styles.set(g, sets);
        }
        const other = style === 'valid' ? 'valid-rfc9568' : 'valid';
        // A VRRPv3 router with the other style; the first heard of them when a finding is raised.
        let first: RouterState | undefined;
        for (const r of sets[other]) {
          if (r.version !== 3) continue;
          first = r;
          break;
        }
        if (!first) return;
        const f = found.get(g);
        if (f) {
          ctx.extendFrame(f, e.time, e.frame);
          return;
        }
        for (const r of sets[other]) if (r.version === 3 && r.ordinal < first.ordinal) first = r;
        const v3 = [...g.routers.values()].filter((r) => r.version === 3);
        const pseudo = v3.filter((r) => r.checksums.includes('valid')).map((r) => r.address);
        const plain = v3.filter((r) => r.checksums.includes('valid-rfc9568')).map((r) => r.address);
        found.set(
          g,
          ctx.report({
            group: g,
            from: e.time,
            to: e.time,
            routers: [...new Set([...pseudo, ...plain])].sort(),
            addresses: [],
            frames: [first.lastFrame!, e.frame],
            messageId: 'mixed',
            data: { group: groupName(g), pseudoHeader: pseudo.join(', '), messageOnly: plain.join(', ') },
          }),
        );
      },
    };
  },
};
