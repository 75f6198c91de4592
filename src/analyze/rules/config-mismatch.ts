/**
 * config-mismatch: members of one group disagree on advertisement interval, address list,
 * authentication or version. VRRPv2 routers silently discard adverts that differ (RFC 3768 7.1),
 * so both become master; VRRPv3 backups adopt the master's interval, so an interval difference
 * there only matters when the roles change.
 */
import { competes, type RouterState } from '../model.js';
import type { Rule } from '../rule.js';
import { FindingMap, groupName, pair } from './util.js';

type Aspect = 'interval' | 'addresses' | 'authentication' | 'version';

function differences(a: RouterState, b: RouterState): Aspect[] {
  const out: Aspect[] = [];
  if (a.version !== b.version) out.push('version');
  if (a.intervalCs !== b.intervalCs) out.push('interval');
  const sa = [...a.addresses].sort().join(',');
  const sb = [...b.addresses].sort().join(',');
  // Disjoint lists are a VRID collision, not a mismatch (vrid-collision).
  if (!a.partialAddresses && !b.partialAddresses && sa !== sb && a.addresses.some((x) => b.addresses.includes(x)))
    out.push('addresses');
  // Auth data matters only for simple-text authentication (RFC 3768 5.3.6.1: type 0 data is ignored).
  if (
    a.version === 2 &&
    b.version === 2 &&
    (a.authType !== b.authType || (a.authType === 1 && a.authData !== b.authData))
  )
    out.push('authentication');
  return out;
}

function describe(aspect: Aspect, a: RouterState, b: RouterState): string {
  switch (aspect) {
    case 'interval':
      return `advertisement interval ${a.intervalCs} cs vs ${b.intervalCs} cs`;
    case 'addresses':
      return `virtual addresses [${a.addresses.join(', ')}] vs [${b.addresses.join(', ')}]`;
    case 'authentication':
      return a.authType !== b.authType
        ? `authentication type ${a.authType} vs ${b.authType}`
        : 'authentication data (passwords differ)';
    case 'version':
      return `VRRP version ${a.version} vs ${b.version}`;
  }
}

export const configMismatch: Rule = {
  meta: {
    id: 'config-mismatch',
    defaultSeverity: 'error',
    description: 'Members of one group disagree on interval, address list, authentication or version.',
    options: {},
  },
  create(ctx) {
    const found = new FindingMap(ctx);
    return {
      advert(e) {
        const { group: g, router: r, time, frame } = e;
        for (const other of g.routers.values()) {
          // Two clusters sharing a VRID are vrid-collision's business, not a mismatch.
          if (other === r || other.adverts === 0 || !competes(r, other)) continue;
          for (const aspect of differences(r, other)) {
            const [a, b] = pair(r, other);
            const consequence =
              aspect === 'interval' && r.version === 3
                ? "VRRPv3 backups adopt the master's interval, but the configurations differ."
                : 'routers discard adverts that differ, so each may become master.';
            found.note(`${g.key}|${a.address}|${b.address}|${aspect}`, time, frame, () => ({
              group: g,
              from: time,
              to: time,
              routers: [a.address, b.address],
              addresses: g.virtualAddresses,
              frames: [other.lastFrame!, frame],
              message: `${a.address} and ${b.address} disagree on ${groupName(g)}: ${describe(aspect, a, b)}; ${consequence}`,
            }));
          }
        }
      },
    };
  },
};
