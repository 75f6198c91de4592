/**
 * duplicate-master: two routers acting as master of one group at once (split brain), from the
 * overlap of their advert streams, or from a non-advertising group router announcing the VIP.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { duplicateMaster } from '../../../src/analyze/rules/duplicate-master.js';
import { R1, R2, R3, rel, Scenario, twoSplitBrains, VIP } from '../../support/scenario.js';
import {
  analyzeBoth,
  healthy,
  hostArp,
  keepalivedGarps,
  metaTest,
  preemption,
  ruleTester,
  V6A,
  V6B,
  VRID51,
  VRID51_V6,
} from './rule-tester.js';

metaTest(duplicateMaster, 'duplicate-master', 'error', { pairs: 36 });

/** What the overlap message says about R1 and R2 acting as master of VRID 51 for `seconds`. */
function overlap(seconds: number) {
  return { a: R1.address, b: R2.address, group: VRID51, addresses: VIP, seconds };
}

/** R2 stops hearing R1 for 10 s (nftables drop in the recordings): both advertise, R2 sends its GARPs. */
function splitBrain(): Scenario {
  const s = new Scenario();
  s.every(0, 30, 1, R1);
  s.every(10.5, 20.5, 1, R2);
  keepalivedGarps(s, 0, R1.mac, [VIP]);
  keepalivedGarps(s, 10.5, R2.mac, [VIP]);
  keepalivedGarps(s, 20.5005, R1.mac, [VIP], { second: false }); // R1 hears R2 again: advert + GARPs
  hostArp(s, 0.5, 30);
  return s;
}

/**
 * Interval mismatch, R2 with the longer interval (3 s): it sends one advert and its GARPs, then
 * stays silent while holding the VIP; keepalived's second GARP burst 5 s later is the only sign.
 */
function silentSecondMaster(): Scenario {
  const s = new Scenario();
  s.every(0, 30, 1, R1);
  keepalivedGarps(s, 0, R1.mac, [VIP]);
  s.advert(10, R2, { intervalCs: 300 });
  keepalivedGarps(s, 10, R2.mac, [VIP]);
  hostArp(s, 0.5, 30);
  return s;
}

ruleTester(duplicateMaster, {
  valid: [
    {
      name: "preemption: the old master's next advert was already in flight",
      scenario: () => {
        const s = preemption();
        s.advert(11.0, R2); // sent before R1's advert at 10.4 was processed
        return s;
      },
    },
    {
      name: 'a backup briefly advertises once, the master re-announces at once and the backup yields',
      scenario: () => {
        const s = healthy();
        s.advert(12, R2);
        keepalivedGarps(s, 12, R2.mac, [VIP], { second: false });
        keepalivedGarps(s, 12.0004, R1.mac, [VIP], { second: false }); // master hears a lower priority: burst at once
        return s;
      },
    },
    {
      name: 'two clusters sharing a VRID (disjoint VIPs) are a VRID collision, not a split brain',
      // Each VIP has exactly one master; config-mismatch deliberately leaves disjoint lists to
      // vrid-collision for the same reason.
      scenario: () => {
        const s = new Scenario();
        const other = { address: '10.99.0.11', mac: '02:99:00:00:00:11', priority: 100, addresses: ['10.99.0.200'] };
        s.every(0, 20, 1, R1);
        s.every(0.5, 20.5, 1, other);
        return s;
      },
      others: ['vrid-collision'],
    },
  ],
  invalid: [
    {
      name: 'split brain still going on when the capture ends: open, and said so',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 30, 1, R1);
        s.every(10.5, 29.5, 1, R2);
        keepalivedGarps(s, 0, R1.mac, [VIP]);
        keepalivedGarps(s, 10.5, R2.mac, [VIP]);
        return s;
      },
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [VIP],
          from: 10.5,
          to: 29.5,
          messageId: 'overlapOpen',
          data: overlap(19),
        },
      ],
      check: (f) => assert.equal(f[0].open, true),
    },
    {
      name: 'two split brains of one pair, with no master between them: one finding, the time of both and not the silence',
      scenario: () => twoSplitBrains(60.5),
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [VIP],
          from: 0.5,
          to: 60.5,
          messageId: 'overlaps',
          data: { ...overlap(39.5), episodes: 2, span: 60 },
        },
      ],
      check: (f, report) => {
        assert.equal(f[0].open, undefined);
        const g = report.groups[0];
        assert.deepEqual(
          g.splitBrains.map((x) => [rel(x.from), rel(x.to)]),
          [
            [0.5, 20],
            [40.5, 60.5],
          ],
        );
        assert.equal(g.splitBrainCount, 2);
      },
    },
    {
      name: 'two split brains of one pair, the second still going on when the capture ends',
      scenario: () => twoSplitBrains(79.5),
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [VIP],
          from: 0.5,
          to: 79.5,
          messageId: 'overlapsOpen',
          data: { ...overlap(58.5), episodes: 2, span: 79 },
        },
      ],
      check: (f, report) => {
        assert.equal(f[0].open, true);
        assert.deepEqual(
          report.groups[0].splitBrains.map((x) => x.open),
          [undefined, true],
        );
      },
    },
    {
      name: 'three masters at once, a finding for one pair (option pairs=1): the further pairs are one finding',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, R1);
        s.every(0.3, 10.3, 1, R2);
        s.every(0.6, 10.6, 1, R3);
        return s;
      },
      settings: { 'duplicate-master': { options: { pairs: 1 } } },
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [VIP],
          from: 0.3,
          to: 10,
          messageId: 'overlapOpen',
          data: overlap(9.7),
        },
        {
          // R1 with R3, then R2 with R3: their routers in the order they came.
          routers: [R1.address, R3.address, R2.address],
          addresses: [VIP],
          from: 0.6,
          to: 10.3,
          messageId: 'manyMasters',
          data: {
            count: 3,
            routers: [R1.address, R3.address, R2.address].join(', '),
            group: VRID51,
            addresses: VIP,
            pairs: 1,
          },
        },
      ],
    },
    {
      name: 'a split brain ended by a priority-0 advert: the release proves the sparse master held on until then',
      // keepalived re-arms its advert timer on every advert it receives: R2's own adverts are sparse.
      scenario: () => {
        const s = new Scenario();
        s.every(0, 30, 1, R1);
        for (const t of [10.5, 13.5, 16.9]) s.advert(t, R2);
        s.advert(17.4, R2, { priority: 0 });
        return s;
      },
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [VIP],
          from: 10.5,
          to: 17.4,
          messageId: 'overlap',
          data: overlap(6.9),
        },
      ],
      check: (f) => assert.equal(f[0].open, undefined),
    },
    {
      name: 'split brain: both advertise for 10 s',
      scenario: splitBrain,
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [VIP],
          from: 10.5,
          to: 20.5,
          messageId: 'overlap',
          data: overlap(10),
        },
      ],
      check: (f) => assert.ok(f[0].frameCount >= 18, 'both streams through the overlap'),
    },
    {
      name: 'split brain: the evidence frames lie within the overlap (or start a master period)',
      scenario: splitBrain,
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [VIP],
          from: 10.5,
          to: 20.5,
          messageId: 'overlap',
          data: overlap(10),
        },
      ],
      check: (f, report) => {
        // Adverts of R1 alone after R2 fell silent at 20.5 prove nothing about a second master.
        const s = splitBrain();
        const time = new Map(s.sorted().map((p) => [p.frame, rel(p.sec + p.nsec / 1e9)]));
        const starts = new Set(report.groups[0].transitions.map((t) => t.frame));
        const outside = f[0].frames.filter(
          (fr) => !starts.has(fr) && (time.get(fr as number)! < 10.5 || time.get(fr as number)! > 20.5),
        );
        assert.deepEqual(
          outside.map((fr) => time.get(fr as number)),
          [],
          'frames outside 10.5-20.5 s',
        );
      },
    },
    {
      name: 'keepalived split brain with ~3.7 s gaps in each stream: one finding (unresolved at the end)',
      scenario: () => {
        const s = new Scenario();
        for (const t of [0, 1, 2, 3, 4, 7.7, 9, 12.7, 14, 15, 18.7, 20]) s.advert(t, R1);
        for (const t of [5, 6, 8, 10, 11, 13, 16, 17, 19]) s.advert(t, R2);
        return s;
      },
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [VIP],
          from: 5,
          to: 19,
          messageId: 'overlapOpen',
          data: overlap(14),
        },
      ],
    },
    {
      name: 'the second master shows only through its GARPs (longer interval, one advert)',
      scenario: silentSecondMaster,
      // From the start of R2's (silent) period to its second GARP burst: R2's advert and 5 GARPs.
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [VIP],
          from: 10,
          to: 15.001,
          frameCount: 6,
          messageId: 'silentMaster',
          data: {
            claimant: R2.address,
            mac: R2.mac,
            addresses: VIP,
            master: R1.address,
            group: VRID51,
            seconds: 5.001,
          },
        },
      ],
    },
    {
      name: 'IPv6: the silent second master announces both virtual addresses with NAs',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 30, 1, V6A);
        s.advert(10, V6B, { intervalCs: 300 });
        keepalivedGarps(s, 10, V6B.mac, V6B.addresses!, { src: V6B.address });
        return s;
      },
      findings: [
        {
          group: 'ipv6/vrid51',
          routers: [V6A.address, V6B.address],
          addresses: ['fe80::100', '2001:db8::100'],
          from: 10,
          to: 15.001,
          frameCount: 11,
          messageId: 'silentMaster',
          data: {
            claimant: V6B.address,
            mac: V6B.mac,
            addresses: 'fe80::100, 2001:db8::100',
            master: V6A.address,
            group: VRID51_V6,
            seconds: 5.001,
          },
        },
      ],
    },
    {
      name: 'severity override: warning',
      scenario: splitBrain,
      settings: { 'duplicate-master': { severity: 'warning' } },
      findings: [
        {
          severity: 'warning',
          routers: [R1.address, R2.address],
          addresses: [VIP],
          from: 10.5,
          to: 20.5,
          messageId: 'overlap',
          data: overlap(10),
        },
      ],
    },
  ],
});

test('duplicate-master: severity off disables the rule', () => {
  const r = analyzeBoth({ name: 'off', scenario: splitBrain, settings: { 'duplicate-master': { severity: 'off' } } }, [
    duplicateMaster,
  ]);
  assert.deepEqual(r.findings, []);
  // The engine's reconstruction does not depend on the rule.
  assert.deepEqual(
    r.groups[0].transitions.map((t) => t.cause),
    ['startup', 'split-brain', 'split-brain-end'],
  );
});

test('duplicate-master: the full rule set on a split brain', () => {
  const r = analyzeBoth({ name: 'all', scenario: splitBrain });
  assert.deepEqual([...new Set(r.findings.map((f) => f.rule))].sort(), ['duplicate-master']);
});
