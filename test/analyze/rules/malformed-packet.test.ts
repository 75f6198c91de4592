/** malformed-packet: VRRP/ARP/ND frames that failed to decode cleanly, one finding per problem code. */
import assert from 'node:assert/strict';
import { malformedPacket } from '../../../src/analyze/rules/malformed-packet.js';
import { R1, Scenario } from '../../support/scenario.js';
import { healthy, HOST, metaTest, ruleTester } from './rule-tester.js';

metaTest(malformedPacket, 'malformed-packet', 'warning', {});

const TRUNCATED = { code: 'vrrp.truncated' as const, detail: 'VRRP header cut short (4 of 8 bytes captured)' };
const BAD_VERSION = {
  code: 'vrrp.bad-version' as const,
  detail: 'VRRP version 4 (expected 2 or 3); decoded with the version 2 layout',
};
const BAD_LENGTH = { code: 'arp.bad-length' as const, detail: 'ARP lengths 6/4 but 20 bytes left' };
const NO_ADDRESSES = { code: 'vrrp.no-addresses' as const, detail: 'VRRP advertisement with no virtual addresses' };

ruleTester(malformedPacket, {
  valid: [],
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
          messageId: 'oneFrame',
          data: { kind: 'VRRP', ...TRUNCATED },
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
          messageId: 'manyFrames',
          data: { count: 2, kind: 'VRRP', ...TRUNCATED },
        },
      ],
    },
    {
      name: 'two problems: one finding each',
      scenario: () => {
        const s = healthy();
        s.malformed(5.5, TRUNCATED);
        s.malformed(7.5, { ...BAD_VERSION });
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
          messageId: 'manyFrames',
          data: { count: 2, kind: 'VRRP', ...TRUNCATED },
        },
        {
          group: undefined,
          routers: ['10.99.0.9'],
          addresses: [],
          from: 7.5,
          to: 7.5,
          frameCount: 1,
          messageId: 'oneFrame',
          data: { kind: 'VRRP', ...BAD_VERSION },
        },
      ],
    },
    {
      name: 'an ARP frame with a bad length (no IP source to name)',
      scenario: () => {
        const s = healthy();
        s.arpReply(3, HOST.mac, HOST.ip).issues.push({ ...BAD_LENGTH });
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
          messageId: 'oneFrame',
          data: { kind: 'ARP', ...BAD_LENGTH },
        },
      ],
    },
    {
      name: 'an advert without virtual addresses is still an advert',
      scenario: () => {
        const s = new Scenario({ vrid: 51, addresses: [] });
        s.every(0, 3, 1, R1);
        for (const p of s.packets) p.issues.push({ ...NO_ADDRESSES });
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
          messageId: 'manyFrames',
          data: { count: 4, kind: 'VRRP', ...NO_ADDRESSES },
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
