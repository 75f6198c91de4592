/**
 * mixed-checksum: VRRPv3-over-IPv4 routers of one group computing the checksum differently (RFC 5798
 * pseudo-header vs RFC 9568 message only): each side drops the other's adverts.
 */
import { mixedChecksum } from '../../../src/analyze/rules/mixed-checksum.js';
import { R1, R2, Scenario } from '../../support/scenario.js';
import { metaTest, ruleTester, VRID51 } from './rule-tester.js';

metaTest(mixedChecksum, 'mixed-checksum', 'error', {});

const V3 = { version: 3 as const };

ruleTester(mixedChecksum, {
  valid: [
    {
      name: 'a VRRPv3 group all using the RFC 9568 style',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, { ...R1, ...V3, checksum: 'valid-rfc9568' });
        s.every(13.61, 20, 1, { ...R2, ...V3, checksum: 'valid-rfc9568' });
        return s;
      },
    },
    {
      name: 'a VRRPv3 group all using the RFC 5798 pseudo-header, one advert not captured whole',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, { ...R1, ...V3 });
        s.advert(11, { ...R1, ...V3, checksum: 'unverified' });
        return s;
      },
    },
    {
      name: 'VRRPv2 next to VRRPv3 RFC 9568: both checksums cover the message only (a version mismatch, not a checksum one)',
      // A v2 checksum is "valid" (message only, as v2 defines it); the rule must not read it as the
      // v3 pseudo-header style.
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, R1);
        s.every(13.61, 20, 1, { ...R2, ...V3, checksum: 'valid-rfc9568' });
        return s;
      },
      others: ['config-mismatch'],
    },
  ],
  invalid: [
    {
      name: 'keepalived 2.2 (pseudo-header) and a vrrp_v3_checksum_as_v2 peer: both become master',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 20, 1, { ...R1, ...V3 });
        s.every(5, 15, 1, { ...R2, ...V3, checksum: 'valid-rfc9568' });
        return s;
      },
      // From R2's first advert (with R1's latest), then every advert of either while mixed.
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [],
          from: 5,
          to: 20,
          frameCount: 27,
          messageId: 'mixed',
          data: { group: VRID51, pseudoHeader: R1.address, messageOnly: R2.address },
        },
      ],
    },
    {
      name: 'the style changes at a failover',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, { ...R1, ...V3, checksum: 'valid-rfc9568' });
        s.every(13.61, 16.61, 1, { ...R2, ...V3 });
        return s;
      },
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [],
          from: 13.61,
          to: 16.61,
          frameCount: 5,
          messageId: 'mixed',
          data: { group: VRID51, pseudoHeader: R2.address, messageOnly: R1.address },
        },
      ],
    },
  ],
});
