/** config-mismatch: members of one group disagree on interval, address list, authentication or version. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configMismatch } from '../../../src/analyze/rules/config-mismatch.js';
import { floodRouter, R1, R2, type RouterSpec, Scenario, VIP } from '../../support/scenario.js';
import { metaTest, ruleTester, VRID51 } from './rule-tester.js';

metaTest(configMismatch, 'config-mismatch', 'error', {});

const VIP2 = '10.99.0.101';

/** R1 master until 10, R2 takes over after 3.61 s: each side's settings in `a` and `b`. */
function failover(a: Partial<RouterSpec>, b: Partial<RouterSpec>): Scenario {
  const s = new Scenario();
  s.every(0, 10, 1, { ...R1, ...a });
  s.every(13.61, 19.61, 1, { ...R2, ...b });
  return s;
}

ruleTester(configMismatch, {
  valid: [
    {
      name: 'the same simple-text password on both routers',
      scenario: () => failover({ authType: 1, authData: 'vrrp-pw' }, { authType: 1, authData: 'vrrp-pw' }),
      others: ['plaintext-auth'],
    },
    {
      name: 'VRRPv3 routers with the same 50 cs interval',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 0.5, { ...R1, version: 3, intervalCs: 50 });
        s.every(11.805, 15, 0.5, { ...R2, version: 3, intervalCs: 50 });
        return s;
      },
    },
    {
      name: "an address list cut short by the capture's snaplen is not compared",
      scenario: () => {
        const s = new Scenario({ vrid: 51, addresses: [VIP, VIP2] });
        s.every(0, 10, 1, R1);
        for (let t = 13.61; t < 20; t += 1) {
          const p = s.advert(Number(t.toFixed(3)), R2, { addresses: [VIP] });
          p.vrrp!.count = 2;
          p.vrrp!.checksum = 'unverified';
          p.issues.push({ code: 'vrrp.truncated', detail: 'VRRP message cut short by the capture (16 of 24 bytes)' });
        }
        return s;
      },
      others: ['malformed-packet'],
    },
    {
      name: 'auth type 0 (none): the authentication data is ignored on reception (RFC 3768 5.3.6.1)',
      // Should be zero on transmission, but receivers ignore it: stray bytes are no mismatch.
      scenario: () => failover({ authType: 0, authData: '' }, { authType: 0, authData: 'old-pw' }),
    },
    {
      name: 'two clusters sharing a VRID with different intervals: a collision, not one group disagreeing',
      // The rule itself leaves disjoint address lists to vrid-collision; the clusters are not meant
      // to agree on anything else either.
      scenario: () => {
        const s = new Scenario();
        s.every(0, 20, 1, R1);
        s.every(0.5, 20.5, 2, {
          address: '10.99.0.11',
          mac: '02:99:00:00:00:11',
          priority: 100,
          intervalCs: 200,
          addresses: ['10.99.0.200'],
        });
        return s;
      },
      others: ['vrid-collision'],
    },
  ],
  invalid: [
    {
      name: 'a flood: past 32 routers, those that disagree are counted in one finding per aspect',
      scenario: () => {
        const s = new Scenario();
        const r = (i: number, intervalCs: number): RouterSpec => ({
          address: `10.99.2.${i}`,
          mac: `02:99:02:00:00:${i.toString(16).padStart(2, '0')}`,
          priority: 200 - i,
          intervalCs,
        });
        // 32 routers that agree, then a 33rd and a 34th with intervals of their own.
        for (let i = 1; i <= 32; i++) s.advert(i * 0.01, r(i, 100));
        s.advert(1, r(33, 200));
        s.advert(2, r(34, 300));
        return s;
      },
      findings: [
        {
          routers: ['10.99.2.1', '10.99.2.33', '10.99.2.34'],
          addresses: [VIP],
          from: 1,
          to: 2,
          frames: [1, 33, 34],
          frameCount: 3,
          messageId: 'many',
          data: {
            count: 3,
            group: VRID51,
            aspect: 'the advertisement interval',
            routers: '10.99.2.1, 10.99.2.33, 10.99.2.34',
          },
        },
      ],
    },
    {
      name: 'VRRPv2 advert interval 1 s vs 2 s: both become master',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 20, 1, R1);
        s.every(5, 19, 2, { ...R2, intervalCs: 200 });
        return s;
      },
      // Created at R2's first advert (with R1's last), then every advert of either router.
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [VIP],
          from: 5,
          to: 20,
          frameCount: 24,
          messageId: 'interval',
          data: { a: R1.address, b: R2.address, group: VRID51, aValue: 100, bValue: 200, aText: '1 s', bText: '2 s' },
        },
      ],
    },
    {
      name: 'different simple-text passwords: the message does not reveal them',
      scenario: () => failover({ authType: 1, authData: 'secret-a' }, { authType: 1, authData: 'secret-b' }),
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [VIP],
          from: 13.61,
          to: 19.61,
          frameCount: 8,
          messageId: 'authData',
          data: { a: R1.address, b: R2.address, group: VRID51 },
          secrets: ['secret-a', 'secret-b'],
        },
      ],
    },
    {
      name: 'authentication type 0 vs 1',
      scenario: () => failover({ authType: 0 }, { authType: 1, authData: 'pw' }),
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [VIP],
          from: 13.61,
          to: 19.61,
          frameCount: 8,
          messageId: 'authType',
          data: {
            a: R1.address,
            b: R2.address,
            group: VRID51,
            aValue: 0,
            bValue: 1,
            aText: 'none',
            bText: 'simple-text password',
          },
          secrets: ['pw'],
        },
      ],
    },
    {
      name: 'VRRP version 2 vs 3',
      scenario: () => failover({ version: 2 }, { version: 3 }),
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [VIP],
          from: 13.61,
          to: 19.61,
          frameCount: 8,
          messageId: 'version',
          data: { a: R1.address, b: R2.address, group: VRID51, aValue: 2, bValue: 3 },
        },
      ],
    },
    {
      name: 'overlapping but different virtual address lists',
      scenario: () => failover({ addresses: [VIP, VIP2] }, { addresses: [VIP] }),
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [VIP, VIP2],
          from: 13.61,
          to: 19.61,
          frameCount: 8,
          messageId: 'addresses',
          data: { a: R1.address, b: R2.address, group: VRID51, aValue: `${VIP}, ${VIP2}`, bValue: VIP },
        },
      ],
    },
    {
      name: "VRRPv3 interval 100 cs vs 50 cs: the message says backups adopt the master's interval",
      scenario: () => failover({ version: 3, intervalCs: 100 }, { version: 3, intervalCs: 50 }),
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [VIP],
          from: 13.61,
          to: 19.61,
          frameCount: 8,
          messageId: 'intervalV3',
          data: { a: R1.address, b: R2.address, group: VRID51, aValue: 100, bValue: 50, aText: '1 s', bText: '0.5 s' },
        },
      ],
    },
  ],
});

test('config-mismatch: 1,200 routers in two versions make 256 pair findings (100 listed) and one counting the rest, not 360,000', () => {
  const s = new Scenario();
  for (let i = 0; i < 1200; i++) {
    const r = floodRouter(i, { version: i % 2 ? 3 : 2 });
    for (let k = 0; k < 3; k++) s.advert(i * 0.01 + k * 0.001, r);
  }
  const findings = s.analyze({ rules: [configMismatch] }).findings;
  const pairs = findings.filter((f) => f.messageId === 'version');
  const many = findings.filter((f) => f.messageId === 'many');
  // The first 32 routers (16 of each version) are compared pair by pair, as in any group: 256 pair
  // findings, of which the first 100 are listed and the rest counted by one more.
  assert.equal(pairs.length, 100);
  const more = findings.filter((f) => f.messageId === 'moreFindings');
  assert.equal(more.length, 1);
  assert.equal(more[0].count, 16 * 16 - 100);
  assert.equal(many.length, 1);
  assert.equal(many[0].data.count, 1200 - 32 + 2);
  assert.match(String(many[0].data.routers), / and 1154 more$/);
  assert.equal(many[0].routers.length, 16);
});
