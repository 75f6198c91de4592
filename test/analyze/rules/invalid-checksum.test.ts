/** invalid-checksum: adverts whose checksum is wrong in every accepted style (receivers drop them). */
import { invalidChecksum } from '../../../src/analyze/rules/invalid-checksum.js';
import { R1, R2, Scenario } from '../../support/scenario.js';
import { metaTest, restFinding, ruleTester, threeRouters, V6A, VRID51, VRID51_V6 } from './rule-tester.js';

metaTest(invalidChecksum, 'invalid-checksum', 'error', { routers: 100 });

ruleTester(invalidChecksum, {
  valid: [
    {
      name: 'VRRPv3 over IPv4 with the RFC 9568 message-only checksum (whole group)',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, { ...R1, version: 3, checksum: 'valid-rfc9568' });
        s.every(13.61, 20, 1, { ...R2, version: 3, checksum: 'valid-rfc9568' });
        return s;
      },
    },
    {
      name: 'adverts not captured whole (unverified) are not judged',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, R1, { checksum: 'unverified' });
        return s;
      },
    },
  ],
  invalid: [
    {
      name: 'three routers with wrong checksums, a finding of its own for one (option routers=1): the other two are one finding',
      scenario: () => threeRouters({ checksum: 'invalid' }),
      settings: { 'invalid-checksum': { options: { routers: 1 } } },
      findings: [
        {
          routers: [R1.address],
          addresses: [],
          from: 0,
          to: 4,
          frameCount: 5,
          messageId: 'wrongChecksum',
          data: { router: R1.address, group: VRID51 },
        },
        restFinding('wrongChecksums'),
      ],
    },
    {
      name: 'the backup sends bad checksums after taking over',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, R1);
        s.every(13.61, 19.61, 1, R2, { checksum: 'invalid' });
        return s;
      },
      findings: [
        {
          routers: [R2.address],
          addresses: [],
          from: 13.61,
          to: 19.61,
          frameCount: 7,
          messageId: 'wrongChecksum',
          data: { router: R2.address, group: VRID51 },
        },
      ],
    },
    {
      name: 'one corrupted advert among good ones',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 4, 1, R1);
        s.advert(5, R1, { checksum: 'invalid' });
        s.every(6, 10, 1, R1);
        return s;
      },
      findings: [
        {
          routers: [R1.address],
          addresses: [],
          from: 5,
          to: 5,
          frameCount: 1,
          messageId: 'wrongChecksum',
          data: { router: R1.address, group: VRID51 },
        },
      ],
    },
    {
      name: 'IPv6 VRRPv3 with a wrong checksum',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 3, 1, V6A, { checksum: 'invalid' });
        return s;
      },
      findings: [
        {
          group: 'ipv6/vrid51',
          routers: [V6A.address],
          addresses: [],
          from: 0,
          to: 3,
          frameCount: 4,
          messageId: 'wrongChecksum',
          data: { router: V6A.address, group: VRID51_V6 },
        },
      ],
    },
  ],
});
