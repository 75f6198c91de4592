/** malformed-packet: VRRP/ARP/ND frames that failed to decode cleanly, one finding per problem code. */
import assert from 'node:assert/strict';
import { malformedPacket } from '../../../src/analyze/rules/malformed-packet.js';
import { R1, Scenario } from '../../support/scenario.js';
import {
  crashFailover,
  frrFailover,
  gracefulStop,
  healthy,
  HOST,
  ipv6Failover,
  metaTest,
  preemption,
  ruleTester,
  tieAtTakeover,
} from './rule-tester.js';

metaTest(malformedPacket, 'malformed-packet', 'warning', {});

const TRUNCATED = { code: 'vrrp.truncated' as const, detail: 'VRRP header cut short (4 of 8 bytes captured)' };

ruleTester(malformedPacket, {
  valid: [
    { name: 'a healthy master', scenario: healthy },
    { name: 'crash failover', scenario: crashFailover },
    { name: 'graceful stop', scenario: gracefulStop, others: ['master-release'] },
    { name: 'preemption', scenario: preemption },
    { name: 'equal-priority tie at takeover', scenario: tieAtTakeover, others: ['priority-conflict'] },
    { name: 'FRR failover', scenario: frrFailover },
    { name: 'IPv6 failover', scenario: ipv6Failover },
  ],
  invalid: [
    {
      name: 'one VRRP frame cut short',
      scenario: () => {
        const s = healthy();
        s.malformed(5.5, TRUNCATED);
        return s;
      },
      findings: [
        {
          group: undefined,
          routers: ['10.99.0.9'],
          addresses: [],
          from: 5.5,
          to: 5.5,
          frameCount: 1,
          mentions: ['vrrp.truncated', '4 of 8 bytes'],
        },
      ],
    },
    {
      name: 'the same problem in frames from two routers: one finding naming both',
      scenario: () => {
        const s = healthy();
        s.malformed(5.5, TRUNCATED);
        s.malformed(6.5, TRUNCATED).ip!.src = '10.99.0.8';
        return s;
      },
      findings: [
        {
          group: undefined,
          routers: ['10.99.0.9', '10.99.0.8'],
          addresses: [],
          from: 5.5,
          to: 6.5,
          frameCount: 2,
          mentions: ['2 ', 'vrrp.truncated'],
        },
      ],
    },
    {
      name: 'two problems: one finding each',
      scenario: () => {
        const s = healthy();
        s.malformed(5.5, TRUNCATED);
        s.malformed(7.5, {
          code: 'vrrp.bad-version',
          detail: 'VRRP version 4 (expected 2 or 3); decoded with the version 2 layout',
        });
        s.malformed(8.5, TRUNCATED);
        return s;
      },
      findings: [
        {
          group: undefined,
          routers: ['10.99.0.9'],
          addresses: [],
          from: 5.5,
          to: 8.5,
          frameCount: 2,
          mentions: ['vrrp.truncated'],
        },
        {
          group: undefined,
          routers: ['10.99.0.9'],
          addresses: [],
          from: 7.5,
          to: 7.5,
          frameCount: 1,
          mentions: ['vrrp.bad-version'],
        },
      ],
    },
    {
      name: 'an ARP frame with a bad length (no IP source to name)',
      scenario: () => {
        const s = healthy();
        s.arpReply(3, HOST.mac, HOST.ip).issues.push({
          code: 'arp.bad-length',
          detail: 'ARP lengths 6/4 but 20 bytes left',
        });
        return s;
      },
      findings: [
        {
          group: undefined,
          routers: [],
          addresses: [],
          from: 3,
          to: 3,
          frameCount: 1,
          mentions: ['ARP', 'arp.bad-length'],
        },
      ],
    },
    {
      name: 'an advert without virtual addresses is still an advert',
      scenario: () => {
        const s = new Scenario({ vrid: 51, addresses: [] });
        s.every(0, 3, 1, R1);
        for (const p of s.packets)
          p.issues.push({ code: 'vrrp.no-addresses', detail: 'VRRP advertisement with no virtual addresses' });
        return s;
      },
      findings: [
        {
          group: undefined,
          routers: [R1.address],
          addresses: [],
          from: 0,
          to: 3,
          frameCount: 4,
          mentions: ['4 ', 'vrrp.no-addresses'],
        },
      ],
      check: (_f, report) =>
        assert.deepEqual(
          report.groups.map((g) => [g.id, g.routers.length]),
          [['ipv4/vrid51', 1]],
        ),
    },
  ],
});
