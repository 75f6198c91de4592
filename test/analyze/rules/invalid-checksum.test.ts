/** invalid-checksum: adverts whose checksum is wrong in every accepted style (receivers drop them). */
import { invalidChecksum } from '../../../src/analyze/rules/invalid-checksum.js';
import { R1, R2, Scenario } from '../../support/scenario.js';
import {
  crashFailover,
  frrFailover,
  gracefulStop,
  healthy,
  ipv6Failover,
  metaTest,
  preemption,
  ruleTester,
  tieAtTakeover,
  V6A,
} from './rule-tester.js';

metaTest(invalidChecksum, 'invalid-checksum', 'error', {});

ruleTester(invalidChecksum, {
  valid: [
    { name: 'a healthy master', scenario: healthy },
    { name: 'crash failover', scenario: crashFailover },
    { name: 'graceful stop', scenario: gracefulStop, others: ['master-release'] },
    { name: 'preemption', scenario: preemption },
    { name: 'equal-priority tie at takeover', scenario: tieAtTakeover, others: ['priority-conflict'] },
    { name: 'FRR failover', scenario: frrFailover },
    { name: 'IPv6 failover', scenario: ipv6Failover },
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
      name: 'the backup sends bad checksums after taking over',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, R1);
        s.every(13.61, 19.61, 1, R2, { checksum: 'invalid' });
        return s;
      },
      findings: [{ routers: [R2.address], addresses: [], from: 13.61, to: 19.61, frameCount: 7 }],
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
      findings: [{ routers: [R1.address], addresses: [], from: 5, to: 5, frameCount: 1 }],
    },
    {
      name: 'IPv6 VRRPv3 with a wrong checksum',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 3, 1, V6A, { checksum: 'invalid' });
        return s;
      },
      findings: [{ group: 'ipv6/vrid51', routers: [V6A.address], addresses: [], from: 0, to: 3, frameCount: 4 }],
    },
  ],
});
