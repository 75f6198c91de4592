/**
 * arp-conflict: a virtual address answered by a MAC that no failover explains, or any other address
 * claimed by two MACs within `window` (60 s).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { arpConflict } from '../../../src/analyze/rules/arp-conflict.js';
import { R1, R2, Scenario, VIP } from '../../support/scenario.js';
import {
  analyzeBoth,
  crashFailover,
  frrFailover,
  gracefulStop,
  healthy,
  HOST,
  hostArp,
  ipv6Failover,
  keepalivedGarps,
  metaTest,
  preemption,
  ruleTester,
  V6A,
  vipLookup,
  VMAC51,
  VRID51,
  VRID51_V6,
} from './rule-tester.js';

metaTest(arpConflict, 'arp-conflict', 'error', { window: 60 });

const ROGUE = '02:00:00:00:00:66';
const PEER = { mac: '02:00:00:00:00:99', ip: '10.99.0.99' };

/** The nth MAC of a flood: 02:00:00:01:hh:ll. */
const floodMac = (n: number) =>
  `02:00:00:01:${(n >> 8).toString(16).padStart(2, '0')}:${(n & 255).toString(16).padStart(2, '0')}`;

/** 10.99.0.60 answered by `macs[i]` at `times[i]` (no VRRP involved). */
function plainClaims(times: number[], macs: string[]): Scenario {
  const s = new Scenario();
  s.every(0, Math.max(...times), 1, R1);
  times.forEach((t, i) => s.arpReply(t, macs[i], '10.99.0.60', PEER));
  return s;
}

ruleTester(arpConflict, {
  valid: [
    {
      name: 'graceful stop: a reply of the old master already in flight',
      scenario: () => {
        const s = gracefulStop();
        s.arpReply(10.6, R1.mac, VIP, HOST);
        return s;
      },
      others: ['master-release'],
    },
    {
      name: 'preemption: the old master answers once more right after the handover',
      scenario: () => {
        const s = preemption();
        s.arpReply(10.45, R2.mac, VIP, HOST);
        return s;
      },
    },
    {
      name: 'IPv6: NAs for the virtual addresses move with the failover',
      scenario: () => {
        const s = ipv6Failover();
        s.na(5, V6A.mac, V6A.address, '2001:db8::100', false);
        s.na(20, '02:99:00:00:00:02', 'fe80::2', '2001:db8::100', false);
        return s;
      },
    },
    {
      name: "split brain: the VIP's MAC flips between the two masters (duplicate-master reports it)",
      scenario: () => {
        const s = new Scenario();
        s.every(0, 30, 1, R1);
        s.every(10.5, 20.5, 1, R2);
        keepalivedGarps(s, 0, R1.mac, [VIP]);
        keepalivedGarps(s, 10.5, R2.mac, [VIP]);
        keepalivedGarps(s, 20.5005, R1.mac, [VIP], { second: false }); // R1 hears R2 again: advert + GARPs
        for (let t = 11; t < 20; t += 2) {
          vipLookup(s, t, R1.mac);
          vipLookup(s, t + 1, R2.mac);
        }
        return s;
      },
      others: ['duplicate-master'],
    },
    {
      name: "the master's adverts missing from the capture for 3 s (less than Master_Down_Interval): its ARP reply is no conflict",
      // Capture drops (a busy mirror port) or a short stall: R1 is still the only master (its
      // period is open, nobody else advertised), yet it is no longer live (isLive) after 1.6 s.
      scenario: () => {
        const s = new Scenario();
        for (const t of [0, 1, 2, 3, 4, 7, 8, 9, 10, 11, 12]) s.advert(t, R1);
        keepalivedGarps(s, 0, R1.mac, [VIP]);
        vipLookup(s, 6, R1.mac);
        hostArp(s, 0.5, 12);
        return s;
      },
    },
    {
      name: 'a silent second master (split brain) answering for the VIP is duplicate-master\'s business, not "no longer master"',
      // R2 (interval mismatch, 3 s) advertised once and holds the VIP; duplicate-master reports it
      // as acting master, arp-conflict called it "no longer master (its VRRP is silent...)".
      scenario: () => {
        const s = new Scenario();
        s.every(0, 30, 1, R1);
        keepalivedGarps(s, 0, R1.mac, [VIP]);
        s.advert(10, R2, { intervalCs: 300 });
        keepalivedGarps(s, 10, R2.mac, [VIP]);
        vipLookup(s, 17, R2.mac);
        hostArp(s, 0.5, 30);
        return s;
      },
      others: ['config-mismatch', 'duplicate-master'],
    },
    {
      name: 'hosts with stable MACs; requests and replies',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 20, 1, R1);
        hostArp(s, 0.5, 20, 0.5);
        return s;
      },
    },
    {
      name: "a host's MAC changes after more than 60 s (a replaced NIC)",
      scenario: () => plainClaims([1, 62], [HOST.mac, ROGUE]),
    },
    {
      name: 'a frame that did not decode cleanly is no evidence',
      scenario: () => {
        const s = plainClaims([1], [HOST.mac]);
        s.arpReply(3, ROGUE, '10.99.0.60', PEER).issues.push({
          code: 'arp.bad-length',
          detail: 'ARP lengths 6/4 but 20 bytes left',
        });
        return s;
      },
      others: ['malformed-packet'],
    },
    {
      name: "a capture that starts in a split brain: the second master's GARPs come before its first advert is heard",
      scenario: () => {
        const s = new Scenario();
        s.every(0, 20, 1, R1);
        s.garp(0.2, R2.mac, VIP);
        s.arpReply(0.3, R2.mac, VIP, HOST);
        s.every(0.5, 20.5, 1, R2);
        return s;
      },
      others: ['duplicate-master'],
    },
  ],
  invalid: [
    {
      name: 'a host answers for the VIP right after the capture starts and never advertises: judged after Master_Down_Interval',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, R1);
        s.arpReply(0.5, ROGUE, VIP, HOST);
        return s;
      },
      findings: [
        {
          routers: [R1.address],
          addresses: [VIP],
          from: 0.5,
          to: 0.5,
          frameCount: 1,
          messageId: 'foreignMac',
          data: { address: VIP, group: VRID51, claim: 'answered', mac: ROGUE, masters: `${R1.address} (${R1.mac})` },
        },
      ],
    },
    {
      name: 'master killed, its kernel keeps answering for the VIP after R2 took over',
      scenario: () => {
        const s = crashFailover();
        s.arpReply(21, R1.mac, VIP, HOST);
        s.arpReply(24, R1.mac, VIP, HOST);
        return s;
      },
      findings: [
        {
          routers: [R2.address, R1.address],
          addresses: [VIP],
          from: 21,
          to: 24,
          frameCount: 2,
          messageId: 'staleOwner',
          data: {
            address: VIP,
            group: VRID51,
            claim: 'answered',
            mac: R1.mac,
            owner: R1.address,
            masters: `${R2.address} (${R2.mac})`,
          },
        },
      ],
    },
    {
      name: 'a host configured with the VIP answers while R1 is master',
      scenario: () => {
        const s = healthy();
        s.arpReply(5, ROGUE, VIP, HOST);
        s.arpReply(8, ROGUE, VIP, HOST);
        return s;
      },
      findings: [
        {
          routers: [R1.address],
          addresses: [VIP],
          from: 5,
          to: 8,
          frameCount: 2,
          messageId: 'foreignMac',
          data: { address: VIP, group: VRID51, claim: 'answered', mac: ROGUE, masters: `${R1.address} (${R1.mac})` },
        },
      ],
    },
    {
      name: 'IPv6: a host advertises a virtual address',
      scenario: () => {
        const s = ipv6Failover();
        s.na(20, ROGUE, 'fe80::66', '2001:db8::100', false);
        return s;
      },
      findings: [
        {
          group: 'ipv6/vrid51',
          routers: ['fe80::2'],
          addresses: ['2001:db8::100'],
          from: 20,
          to: 20,
          frameCount: 1,
          messageId: 'foreignMac',
          data: {
            address: '2001:db8::100',
            group: VRID51_V6,
            claim: 'answered',
            mac: ROGUE,
            masters: 'fe80::2 (02:99:00:00:00:02)',
          },
        },
      ],
    },
    {
      name: 'an ordinary address flip-flopping between two MACs',
      scenario: () => plainClaims([1, 3, 5], [HOST.mac, ROGUE, HOST.mac]),
      findings: [
        {
          group: undefined,
          routers: [],
          addresses: ['10.99.0.60'],
          from: 1,
          to: 5,
          frameCount: 3,
          messageId: 'flipFlop',
          data: { address: '10.99.0.60', count: 2, macs: `${HOST.mac}, ${ROGUE}`, seconds: 2 },
        },
      ],
    },
    {
      name: 'two MACs 30 s apart conflict within the default window',
      scenario: () => plainClaims([0, 30], [HOST.mac, ROGUE]),
      findings: [
        {
          group: undefined,
          routers: [],
          addresses: ['10.99.0.60'],
          from: 0,
          to: 30,
          frameCount: 2,
          messageId: 'flipFlop',
          data: { address: '10.99.0.60', count: 2, macs: `${HOST.mac}, ${ROGUE}`, seconds: 30 },
        },
      ],
    },
    {
      name: 'a capture without VRRP: a failover looks like an ordinary address moving (documented limit)',
      scenario: () => {
        const s = new Scenario();
        s.arpReply(5, R1.mac, VIP, HOST);
        s.garp(13.61, R2.mac, VIP);
        return s;
      },
      findings: [
        {
          group: undefined,
          routers: [],
          addresses: [VIP],
          from: 5,
          to: 13.61,
          frameCount: 2,
          messageId: 'flipFlop',
          data: { address: VIP, count: 2, macs: `${R1.mac}, ${R2.mac}`, seconds: 8.61 },
        },
      ],
    },
    {
      name: 'FRR: a router answers for the VIP with its interface MAC instead of the virtual MAC (arp_ignore=0)',
      scenario: () => {
        const s = frrFailover();
        s.arpReply(20, R2.mac, VIP, HOST);
        return s;
      },
      findings: [
        {
          routers: [R2.address],
          addresses: [VIP],
          from: 20,
          to: 20,
          frameCount: 1,
          messageId: 'notVirtualMac',
          data: {
            address: VIP,
            group: VRID51,
            claim: 'answered',
            mac: R2.mac,
            masters: `${R2.address} (${VMAC51})`,
            vmac: VMAC51,
          },
        },
      ],
    },
    {
      name: 'the master fell silent and nobody took over, but its kernel still answers for the VIP',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, R1);
        keepalivedGarps(s, 0, R1.mac, [VIP]);
        s.arpReply(16, R1.mac, VIP, HOST);
        return s;
      },
      findings: [
        {
          routers: [R1.address],
          addresses: [VIP],
          from: 16,
          to: 16,
          frameCount: 1,
          messageId: 'staleOwnerNoMaster',
          data: { address: VIP, group: VRID51, claim: 'answered', mac: R1.mac, owner: R1.address },
        },
      ],
    },
    {
      name: '17 MACs that are no router of the group answer for the VIP: 16 findings, the 17th counted in a flood',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 30, 1, R1);
        for (let n = 0; n < 17; n++) s.arpReply(5 + n, floodMac(n), VIP, HOST);
        return s;
      },
      findings: [
        ...Array.from({ length: 16 }, (_, n) => ({
          routers: [R1.address],
          addresses: [VIP],
          from: 5 + n,
          to: 5 + n,
          frameCount: 1,
          messageId: 'foreignMac',
          data: {
            address: VIP,
            group: VRID51,
            claim: 'answered',
            mac: floodMac(n),
            masters: `${R1.address} (${R1.mac})`,
          },
        })),
        {
          routers: [R1.address],
          addresses: [VIP],
          from: 21,
          to: 21,
          frameCount: 1,
          messageId: 'manyMacs',
          data: { address: VIP, group: VRID51, count: 1, macs: floodMac(16), named: 16 },
        },
      ],
    },
    {
      name: 'a host announces the VIP with a gratuitous ARP while no router is master',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, R1);
        s.garp(16, ROGUE, VIP);
        return s;
      },
      findings: [
        {
          routers: [],
          addresses: [VIP],
          from: 16,
          to: 16,
          frameCount: 1,
          messageId: 'foreignMacNoMaster',
          data: { address: VIP, group: VRID51, claim: 'announced', mac: ROGUE },
        },
      ],
    },
  ],
});

test('arp-conflict: option window 10 lets a MAC change 30 s later pass', () => {
  const r = analyzeBoth(
    {
      name: 'window 10',
      scenario: () => plainClaims([0, 30], [HOST.mac, ROGUE]),
      settings: { 'arp-conflict': { options: { window: 10 } } },
    },
    [arpConflict],
  );
  assert.deepEqual(r.findings, []);
});

test('arp-conflict: a flood of MACs answering for the VIP is 16 findings and one that counts the rest', () => {
  const s = new Scenario();
  s.every(0, 30, 1, R1);
  // 40 MACs that are no router's reply for the VIP while R1 is master, each twice; then R2, a
  // router of the group that never became master, answers too.
  for (let n = 0; n < 40; n++) {
    s.arpReply(5 + n * 0.1, floodMac(n), VIP, HOST);
    s.arpReply(20 + n * 0.1, floodMac(n), VIP, HOST);
  }
  s.advert(0.5, R2);
  s.arpReply(28, R2.mac, VIP, HOST);
  const r = analyzeBoth({ name: 'flood', scenario: () => s }, [arpConflict]);
  const own = r.findings.filter((f) => f.messageId === 'foreignMac');
  assert.equal(own.length, 16);
  assert.deepEqual(
    own.map((f) => f.data.mac),
    Array.from({ length: 16 }, (_, n) => floodMac(n)),
  );
  const flood = r.findings.filter((f) => f.messageId === 'manyMacs');
  assert.equal(flood.length, 1);
  const f = flood[0];
  assert.equal(f.data.count, 24);
  assert.equal(f.data.named, 16);
  assert.equal(f.data.macs, `${Array.from({ length: 16 }, (_, n) => floodMac(16 + n)).join(', ')} and 8 more`);
  assert.equal(f.frameCount, 48, 'every reply of the 24 counted');
  assert.deepEqual(
    [f.from, f.to].map((t) => Math.round((t - r.span!.from) * 10) / 10),
    [6.6, 23.9],
  );
  assert.match(
    f.message,
    /^10\.99\.0\.100, a virtual address of VRID 51 \(ipv4\), was answered or announced by 24 more MACs \(/,
  );
  // The router holding the address still gets a finding of its own, past the flood.
  assert.equal(r.findings.filter((x) => x.messageId === 'staleOwner' && x.data.mac === R2.mac).length, 1);
  // The report keeps every owner here (56 pairs, under 1000) and counts them.
  assert.equal(r.groups[0].ownerCount, r.groups[0].owners.length);
});

test('arp-conflict: an address claimed by 40 MACs names 16 of them and counts all', () => {
  const times = Array.from({ length: 40 }, (_, n) => 1 + n * 0.5);
  const r = analyzeBoth(
    {
      name: '40 MACs',
      scenario: () =>
        plainClaims(
          times,
          times.map((_, n) => floodMac(n)),
        ),
    },
    [arpConflict],
  );
  assert.equal(r.findings.length, 1);
  const f = r.findings[0];
  assert.equal(f.messageId, 'flipFlop');
  assert.equal(f.data.count, 40);
  assert.equal(f.data.macs, `${Array.from({ length: 16 }, (_, n) => floodMac(n)).join(', ')} and 24 more`);
  assert.equal(f.frameCount, 40);
});
