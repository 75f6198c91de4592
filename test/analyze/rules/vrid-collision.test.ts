/** vrid-collision: one VRID on one segment used by routers with disjoint virtual address sets (two clusters). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { vridCollision } from '../../../src/analyze/rules/vrid-collision.js';
import { floodRouter, R1, R2, type RouterSpec, Scenario, VIP } from '../../support/scenario.js';
import { metaTest, ruleTester, V6A, VRID51, VRID51_V6 } from './rule-tester.js';

metaTest(vridCollision, 'vrid-collision', 'error', {});

const VIP_B = '10.99.0.200';
/** The master of another cluster that was given the same VRID. */
const B1: RouterSpec = { address: '10.99.0.11', mac: '02:99:00:00:00:11', priority: 100, addresses: [VIP_B] };

/** 80 routers, each advertising an address of its own (what a VRRP spoofing tool may send). */
const SPOOFED: RouterSpec[] = Array.from({ length: 80 }, (_, i) => ({
  address: `10.99.1.${i + 1}`,
  mac: `02:99:01:00:00:${(i + 1).toString(16).padStart(2, '0')}`,
  priority: 100,
  addresses: [`10.99.2.${i + 1}`],
}));

ruleTester(vridCollision, {
  valid: [
    {
      name: 'one VRID on two VLANs with different addresses: two groups',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, { ...R1, vlan: [10] });
        s.every(0.5, 10.5, 1, { ...B1, vlan: [20] });
        return s;
      },
    },
    {
      name: 'one VRID for IPv4 and IPv6: two groups',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, R1);
        s.every(0.5, 10.5, 1, V6A);
        return s;
      },
    },
    {
      name: 'overlapping address lists are one cluster (a configuration mismatch)',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, { ...R1, addresses: [VIP, '10.99.0.101'] });
        s.every(13.61, 20, 1, R2);
        return s;
      },
      others: ['config-mismatch'],
    },
  ],
  invalid: [
    {
      // Over the size up to which the clusters are worked out on every change (64 routers): the
      // finding, from the file and live, counts every cluster as the group ends, and names the
      // first 16 routers and addresses and lists the first 8 clusters.
      name: 'a spoofing tool: 80 routers one after the other, each with an address of its own',
      scenario: () => {
        const s = new Scenario();
        for (const [i, r] of SPOOFED.entries()) s.every(4 * i, 4 * i + 2, 1, r);
        return s;
      },
      // From the second router's first advert (with the first's last), then every advert after.
      findings: [
        {
          routers: SPOOFED.slice(0, 16).map((r) => r.address),
          addresses: SPOOFED.slice(0, 16).map((r) => r.addresses![0]),
          from: 4,
          to: 4 * 79 + 2,
          frameCount: 2 + 3 * 79 - 1,
          messageId: 'collision',
          data: {
            group: VRID51,
            count: 80,
            clusters: `${SPOOFED.slice(0, 8)
              .map((r) => `${r.address} for ${r.addresses![0]}`)
              .join('; ')}; and 72 more`,
          },
        },
      ],
    },
    {
      name: 'two clusters, one master each',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 20, 1, R1);
        s.every(0.5, 20.5, 1, B1);
        return s;
      },
      // From B1's first advert (with R1's last), then every advert of either.
      findings: [
        {
          routers: [R1.address, B1.address],
          addresses: [VIP, VIP_B],
          from: 0.5,
          to: 20.5,
          frameCount: 42,
          messageId: 'collision',
          data: { group: VRID51, count: 2, clusters: `${R1.address} for ${VIP}; ${B1.address} for ${VIP_B}` },
        },
      ],
    },
    {
      name: 'two clusters; a failover in the first one adds its new master to the finding',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, R1);
        s.every(13.61, 20, 1, R2);
        s.every(0.5, 20.5, 1, B1);
        return s;
      },
      findings: [
        {
          routers: [R1.address, R2.address, B1.address],
          addresses: [VIP, VIP_B],
          from: 0.5,
          to: 20.5,
          messageId: 'collision',
          data: {
            group: VRID51,
            count: 2,
            clusters: `${R1.address}, ${R2.address} for ${VIP}; ${B1.address} for ${VIP_B}`,
          },
        },
      ],
    },
    {
      name: 'IPv6: two clusters',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, V6A);
        s.every(0.5, 10.5, 1, {
          address: 'fe80::11',
          mac: '02:99:00:00:00:11',
          priority: 100,
          addresses: ['fe80::200', '2001:db8::200'],
        });
        return s;
      },
      findings: [
        {
          group: 'ipv6/vrid51',
          routers: [V6A.address, 'fe80::11'],
          addresses: ['2001:db8::100', 'fe80::100', '2001:db8::200', 'fe80::200'],
          from: 0.5,
          to: 10.5,
          frameCount: 22,
          messageId: 'collision',
          data: {
            group: VRID51_V6,
            count: 2,
            clusters: `${V6A.address} for 2001:db8::100, fe80::100; fe80::11 for 2001:db8::200, fe80::200`,
          },
        },
      ],
    },
  ],
});

test('vrid-collision: thousands of routers each with an address of its own and the shared one are no collision', () => {
  const s = new Scenario();
  for (let i = 0; i < 3000; i++) {
    const r = floodRouter(i, { addresses: [`10.200.${i >> 8}.${i & 255}`, VIP] });
    s.advert(i * 0.01, r);
  }
  // (Each advert used to walk every other router's address set to find none disjoint: see the
  // router-flood bench case for the cost.)
  assert.deepEqual(s.analyze({ rules: [vridCollision] }).findings, []);
});
