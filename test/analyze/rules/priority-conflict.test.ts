/** priority-conflict: equal priorities among contenders, two owners (255), or 255 from a non-owner. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { priorityConflict } from '../../../src/analyze/rules/priority-conflict.js';
import { R1, R2, R3, Scenario, VIP } from '../../support/scenario.js';
import {
  analyzeBoth,
  hostArp,
  keepalivedGarps,
  metaTest,
  R4,
  restFinding,
  ruleTester,
  threeRouters,
  tieAtTakeover,
  V6A,
  V6B,
  VRID51,
  VRID51_V6,
} from './rule-tester.js';

metaTest(priorityConflict, 'priority-conflict', 'warning', { routers: 100 });

ruleTester(priorityConflict, {
  // The equal-priority ties at takeover are this rule's first invalid cases.
  exceptCommon: ['tie-at-takeover', 'tie-at-takeover-lower-first'],
  valid: [
    {
      name: 'three routers with distinct priorities (150, 120, 100)',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, R1);
        s.every(13.469, 20, 1, R3); // 3 + 136/256
        s.every(23.609, 30, 1, R2);
        return s;
      },
    },
    {
      name: 'the address owner advertises 255 for its own address',
      scenario: () => {
        const s = new Scenario({ vrid: 51, addresses: [R1.address] });
        s.every(0, 10, 1, { ...R1, priority: 255 });
        s.every(13.605, 20, 1, R2); // 3 + 156/256 ... for priority 100: 3.609
        return s;
      },
    },
    {
      name: 'two routers releasing (priority 0) one after the other',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, R1);
        s.advert(10.5, R1, { priority: 0 });
        s.every(11.109, 20, 1, R2);
        s.advert(20.5, R2, { priority: 0 });
        return s;
      },
      end: 22,
      others: ['master-release'],
    },
    {
      name: 'two clusters sharing a VRID with the default priority 100 are not one election',
      // Each cluster discards the other's adverts (different address lists): no equal-priority
      // election happens between them; vrid-collision reports the real problem.
      scenario: () => {
        const s = new Scenario();
        s.every(0, 20, 1, R2);
        s.every(0.5, 20.5, 1, {
          address: '10.99.0.11',
          mac: '02:99:00:00:00:11',
          priority: 100,
          addresses: ['10.99.0.200'],
        });
        return s;
      },
      others: ['vrid-collision'],
    },
  ],
  invalid: [
    {
      name: 'three non-owners at 255, a finding of its own for one (option routers=1): the other two are one finding',
      scenario: () => threeRouters({ priority: 255 }),
      settings: { 'priority-conflict': { options: { routers: 1 } } },
      findings: [
        {
          routers: [R1.address],
          addresses: [VIP],
          from: 0,
          to: 4,
          frameCount: 5,
          messageId: 'nonOwner',
          data: { router: R1.address, group: VRID51, addresses: VIP },
        },
        restFinding('nonOwners', [VIP]),
        {
          routers: [R1.address, R2.address, R3.address],
          addresses: [VIP],
          from: 0.5,
          to: 4.7,
          frameCount: 14,
          messageId: 'manyOwners',
          data: { count: 3, routers: [R1.address, R2.address, R3.address].join(', '), group: VRID51 },
        },
      ],
    },
    {
      name: 'three routers on one priority (split brain, all at 100): one finding naming the three',
      scenario: () => {
        const s = new Scenario();
        for (const [i, r] of [R2, R4, { ...R3, priority: 100 }].entries()) s.every(i * 0.3, 10, 1, r);
        return s;
      },
      findings: [
        {
          routers: [R2.address, R3.address, R4.address],
          addresses: [VIP],
          from: 0.3,
          to: 10,
          messageId: 'equalPriorities',
          data: { count: 3, routers: [R2.address, R3.address, R4.address].join(', '), priority: 100, group: VRID51 },
        },
      ],
    },
    {
      name: 'three owners (255) at once: one finding naming the three',
      scenario: () => {
        const vips = [R1.address, R2.address, R3.address];
        const s = new Scenario({ vrid: 51, addresses: vips });
        for (const [i, r] of [R1, R2, R3].entries()) s.every(i * 0.3, 10, 1, { ...r, priority: 255, addresses: vips });
        return s;
      },
      findings: [
        {
          routers: [R1.address, R2.address, R3.address],
          addresses: [R1.address, R2.address, R3.address],
          from: 0.3,
          to: 10,
          messageId: 'manyOwners',
          data: { count: 3, routers: [R1.address, R2.address, R3.address].join(', '), group: VRID51 },
        },
      ],
    },
    {
      name: 'equal-priority tie at takeover (higher address first): the conflict is reported',
      scenario: tieAtTakeover,
      // From R2's only advert; R4 keeps advertising the same priority.
      findings: [
        {
          routers: [R2.address, R4.address],
          addresses: [VIP],
          from: 13.649,
          to: 24.641,
          frameCount: 12,
          messageId: 'equalPriority',
          data: { a: R2.address, b: R4.address, priority: 100, group: VRID51 },
        },
      ],
    },
    {
      name: 'equal-priority tie at takeover (lower address first)',
      scenario: () => tieAtTakeover({ lowerFirst: true }),
      findings: [
        {
          routers: [R2.address, R4.address],
          addresses: [VIP],
          from: 13.649,
          to: 24.649,
          frameCount: 12,
          messageId: 'equalPriority',
          data: { a: R2.address, b: R4.address, priority: 100, group: VRID51 },
        },
      ],
    },
    {
      name: "a track script lowers the master to the backup's priority: the backup will not preempt",
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, R2);
        s.every(10.4, 20, 1, R1);
        s.every(21, 30, 1, R1, { priority: 100 });
        keepalivedGarps(s, 10.4, R1.mac, [VIP]);
        hostArp(s, 0.5, 30);
        return s;
      },
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [VIP],
          from: 21,
          to: 30,
          frameCount: 10,
          messageId: 'equalPriority',
          data: { a: R1.address, b: R2.address, priority: 100, group: VRID51 },
        },
      ],
    },
    {
      name: 'priority 255 from a router whose address is not a virtual address',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, { ...R1, priority: 255 });
        return s;
      },
      findings: [
        {
          routers: [R1.address],
          addresses: [VIP],
          from: 0,
          to: 10,
          frameCount: 11,
          messageId: 'nonOwner',
          data: { router: R1.address, group: VRID51, addresses: VIP },
        },
      ],
    },
    {
      name: 'two routers claiming to own the address (255)',
      scenario: () => {
        const s = new Scenario({ vrid: 51, addresses: [R1.address] });
        s.every(0, 10, 1, { ...R1, priority: 255 });
        s.every(13.61, 19.61, 1, { ...R2, priority: 255 });
        return s;
      },
      findings: [
        {
          routers: [R2.address],
          addresses: [R1.address],
          from: 13.61,
          to: 19.61,
          frameCount: 7,
          messageId: 'nonOwner',
          data: { router: R2.address, group: VRID51, addresses: R1.address },
        },
        {
          routers: [R1.address, R2.address],
          addresses: [R1.address],
          from: 13.61,
          to: 19.61,
          frameCount: 7,
          messageId: 'twoOwners',
          data: { a: R1.address, b: R2.address, group: VRID51 },
        },
      ],
    },
    {
      name: 'IPv6: equal priorities',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, V6B);
        s.every(13.61, 20, 1, { ...V6A, priority: 100, address: 'fe80::3' });
        return s;
      },
      findings: [
        {
          group: 'ipv6/vrid51',
          routers: [V6B.address, 'fe80::3'],
          addresses: V6B.addresses!,
          from: 13.61,
          to: 19.61,
          frameCount: 7,
          messageId: 'equalPriority',
          data: { a: V6B.address, b: 'fe80::3', priority: 100, group: VRID51_V6 },
        },
      ],
    },
  ],
});

test('priority-conflict: a thousand routers on one priority are one finding, its list capped', () => {
  const s = new Scenario();
  for (let i = 0; i < 1000; i++) {
    const r = { address: `10.98.${i >> 8}.${i & 255}`, mac: '02:98:00:00:00:01', priority: 100 };
    s.every((i % 100) / 100, 3, 1, r);
  }
  const f = analyzeBoth({ name: 'thousand', scenario: () => s }, [priorityConflict]).findings;
  assert.equal(f.length, 1);
  assert.equal(f[0].data.count, 1000);
  assert.equal(f[0].routers.length, 16);
  assert.match(f[0].message, /^1000 routers \(10\.98\.0\.0, .* and 984 more\) advertise priority 100/);
});
