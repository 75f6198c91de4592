/**
 * missing-gratuitous-arp: a new master sent no gratuitous ARP / unsolicited NA for a virtual
 * address within `window` (2 s) of its takeover, on a segment where the capture does show ARP/ND.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { missingGratuitousArp } from '../../../src/analyze/rules/missing-gratuitous-arp.js';
import { findingTotal } from '../../../src/report/types.js';
import { flappingPair, R1, R2, rel, Scenario, VIP } from '../../support/scenario.js';
import {
  analyzeBoth,
  crashFailover,
  HOST,
  hostArp,
  keepalivedGarps,
  metaTest,
  ruleTester,
  V6A,
  V6B,
  VRID51,
  VRID51_V6,
} from './rule-tester.js';

metaTest(missingGratuitousArp, 'missing-gratuitous-arp', 'warning', { window: 2 });

const VIP2 = '10.99.0.101';

/** keepalived crash failover at 13.61; `garps(s)` adds whatever R2 announces; hosts ARP throughout. */
function takeover(garps: (s: Scenario) => void = () => {}, o: { addresses?: string[] } = {}): Scenario {
  const s = new Scenario({ vrid: 51, addresses: o.addresses ?? [VIP] });
  s.every(0, 10, 1, R1);
  s.every(13.61, 25, 1, R2);
  hostArp(s, 0.5, 25);
  garps(s);
  return s;
}

/** What the message says about R2 announcing nothing for `addresses` within `window` s. */
function silentR2(addresses = VIP, window = 2) {
  return { router: R2.address, group: VRID51, addresses, window };
}

ruleTester(missingGratuitousArp, {
  valid: [
    {
      name: 'capture filtered to VRRP only: no ARP at all, nothing can be judged',
      scenario: () => crashFailover({ arp: false }),
    },
    {
      name: "the master seen at the capture's start may have announced before it",
      scenario: () => {
        const s = new Scenario();
        s.every(0.4, 20, 1, R1);
        hostArp(s, 0, 20);
        return s;
      },
    },
    {
      name: 'a takeover 0.9 s before the capture ends cannot be judged',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, R1);
        s.advert(13.61, R2);
        hostArp(s, 0.5, 13);
        return s;
      },
      end: 14.5,
    },
    {
      name: 'a GARP 1.5 s after the takeover is within the window',
      scenario: () => takeover((s) => s.garp(15.11, R2.mac, VIP)),
    },
    // (isolated: before its first advert R2 is unknown, and arp-conflict calls it a foreign host)
    {
      name: 'a GARP sent 0.2 s before the first master advert counts',
      scenario: () => takeover((s) => s.garp(13.41, R2.mac, VIP)),
      isolated: true,
    },
    {
      name: 'ARP seen only on another VLAN: this segment was filtered to VRRP',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, { ...R1, vlan: [10] });
        s.every(13.61, 25, 1, { ...R2, vlan: [10] });
        for (let t = 1; t < 25; t += 3) s.arpRequest(t, HOST.mac, HOST.ip, '10.99.0.1', [20]);
        return s;
      },
    },
    {
      name: 'a contender that keeps going after the master stops (settled late as master-down) had announced at once',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, R1);
        s.every(9.5, 25, 1, R2);
        keepalivedGarps(s, 9.5, R2.mac, [VIP]);
        hostArp(s, 0.5, 25);
        return s;
      },
    },
    {
      name: 'split brain: the second master announced at once, before the engine confirmed it',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 30, 1, R1);
        s.every(10.5, 20.5, 1, R2);
        keepalivedGarps(s, 0, R1.mac, [VIP]);
        keepalivedGarps(s, 10.5, R2.mac, [VIP]);
        keepalivedGarps(s, 20.5005, R1.mac, [VIP], { second: false }); // R1 hears R2 again: advert + GARPs
        hostArp(s, 0.5, 30);
        return s;
      },
      others: ['duplicate-master'],
    },
  ],
  invalid: [
    {
      // Takeovers waiting for their announcement are kept per group: one group's GARPs say
      // nothing of another's, even for the same address at the same moment.
      name: 'two VLANs fail over together; only one new master announces',
      scenario: () => {
        const s = new Scenario();
        for (const vlan of [[10], [20]]) {
          s.every(0, 10, 1, { ...R1, vlan });
          s.every(13.61, 25, 1, { ...R2, vlan });
          for (let t = 0.5; t < 25; t += 2.5) s.arpRequest(t, HOST.mac, HOST.ip, '10.99.0.1', vlan);
        }
        for (let k = 0; k < 5; k++) s.garp(13.61 + k, R2.mac, VIP, [10]);
        return s;
      },
      findings: [
        {
          group: 'vlan20/ipv4/vrid51',
          routers: [R2.address],
          addresses: [VIP],
          from: 13.61,
          to: 15.61,
          frameCount: 1,
          messageId: 'noGratuitousArp',
          data: { ...silentR2(), group: 'VRID 51 (ipv4, vlan 20)' },
        },
      ],
    },
    {
      name: 'takeover without any GARP while hosts ARP on the segment',
      scenario: () => takeover(),
      findings: [
        {
          routers: [R2.address],
          addresses: [VIP],
          from: 13.61,
          to: 15.61,
          frameCount: 1,
          messageId: 'noGratuitousArp',
          data: silentR2(),
        },
      ],
      check: (f, report) =>
        assert.deepEqual(f[0].frames, [report.groups[0].transitions[1].frame], 'the takeover advert'),
    },
    {
      name: "GARPs from another MAC (the old master's kernel) do not announce the new master",
      scenario: () => takeover((s) => keepalivedGarps(s, 13.61, R1.mac, [VIP], { second: false })),
      findings: [
        {
          routers: [R2.address],
          addresses: [VIP],
          from: 13.61,
          to: 15.61,
          frameCount: 1,
          messageId: 'noGratuitousArp',
          data: silentR2(),
        },
      ],
    },
    {
      name: 'two virtual addresses, a GARP for only one',
      scenario: () => takeover((s) => keepalivedGarps(s, 13.61, R2.mac, [VIP]), { addresses: [VIP, VIP2] }),
      findings: [
        {
          routers: [R2.address],
          addresses: [VIP2],
          from: 13.61,
          to: 15.61,
          frameCount: 1,
          messageId: 'noGratuitousArp',
          data: silentR2(VIP2),
        },
      ],
    },
    {
      name: 'IPv6: an unsolicited NA for the link-local address only',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, V6A);
        s.every(13.61, 25, 1, V6B);
        keepalivedGarps(s, 0, V6A.mac, V6A.addresses!, { src: V6A.address });
        keepalivedGarps(s, 13.61, V6B.mac, ['fe80::100'], { src: V6B.address });
        return s;
      },
      findings: [
        {
          group: 'ipv6/vrid51',
          routers: [V6B.address],
          addresses: ['2001:db8::100'],
          from: 13.61,
          to: 15.61,
          frameCount: 1,
          messageId: 'noUnsolicitedNa',
          data: { router: V6B.address, group: VRID51_V6, addresses: '2001:db8::100', window: 2 },
        },
      ],
    },
    {
      name: 'a GARP 3 s after the takeover is too late for the default window',
      scenario: () => takeover((s) => s.garp(16.61, R2.mac, VIP)),
      findings: [
        {
          routers: [R2.address],
          addresses: [VIP],
          from: 13.61,
          to: 15.61,
          frameCount: 1,
          messageId: 'noGratuitousArp',
          data: silentR2(),
        },
      ],
    },
    {
      name: 'option window 1: a GARP 1.5 s after the takeover is late',
      scenario: () => takeover((s) => s.garp(15.11, R2.mac, VIP)),
      settings: { 'missing-gratuitous-arp': { options: { window: 1 } } },
      findings: [
        {
          routers: [R2.address],
          addresses: [VIP],
          from: 13.61,
          to: 14.61,
          frameCount: 1,
          messageId: 'noGratuitousArp',
          data: silentR2(VIP, 1),
        },
      ],
    },
  ],
});

test('missing-gratuitous-arp: option window 5 accepts a GARP 3 s after the takeover', () => {
  const r = analyzeBoth(
    {
      name: 'window 5',
      scenario: () => takeover((s) => s.garp(16.61, R2.mac, VIP)),
      settings: { 'missing-gratuitous-arp': { options: { window: 5 } } },
    },
    [missingGratuitousArp],
  );
  assert.deepEqual(r.findings, []);
});

test('missing-gratuitous-arp: a master silent for 4.51 s gives the same result live and from a file', () => {
  // The engine expires a silent master after 4 intervals + 0.5 s. Live, a clock tick at 14.48 s
  // is followed by R1's advert at 14.51 s within the engine's 0.05 s expiry throttle, so the period
  // is never expired; from the file it is, and R1's return is a new takeover (without GARP).
  const scenario = () => {
    const s = new Scenario();
    s.every(0, 10, 1, R1);
    s.arpRequest(12.08, HOST.mac, HOST.ip, '10.99.0.1');
    s.every(14.51, 20, 1, R1);
    return s;
  };
  const s = scenario();
  const file = s.analyze();
  const live = s.analyze({ tickEvery: 0.1 });
  assert.deepEqual(live.groups[0].transitions, file.groups[0].transitions, 'transitions live vs file');
  assert.deepEqual(live.findings, file.findings, 'findings live vs file');
});

test('missing-gratuitous-arp: takeovers before the first ARP wait for it, the latest 1000 of them', () => {
  // 1,199 takeovers (every 6 s after the startup) on a segment whose first ARP comes after them all:
  // the first 199 are no longer kept when it comes.
  const s = flappingPair(600);
  s.arpRequest(12 * 600, HOST.mac, HOST.ip, '10.99.0.1');
  const findings = s.analyze({ rules: [missingGratuitousArp] }).findings;
  // The first 100 of the 1000 are listed, the other 900 are one finding that counts them.
  assert.equal(findings.length, 101);
  assert.deepEqual(
    findings.slice(0, 100).map((f) => rel(f.from)),
    Array.from({ length: 100 }, (_, k) => 6 * (200 + k)),
  );
  const more = findings[100];
  assert.equal(more.messageId, 'moreFindings');
  assert.equal(more.count, 900);
  assert.equal(findingTotal(findings), 1000);
  assert.deepEqual([rel(more.from), rel(more.to)], [6 * 300, 6 * 1199 + 2]);
  assert.deepEqual(more.routers, ['10.99.0.1', '10.99.0.2']);
  assert.equal(more.frameCount, 900);
  assert.match(
    more.message,
    /^900 more missing-gratuitous-arp findings like this for VRID 51 \(ipv4\) past the first 100; the latest: 10\.99\.0\.\d became master/,
  );
});
