/** master-release: a master left gracefully with a priority-0 advert (informational). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { masterRelease } from '../../../src/analyze/rules/master-release.js';
import { floodRouter, R1, R2, R3, Scenario, VIP } from '../../support/scenario.js';
import { gracefulStop, metaTest, ruleTester, V6A, V6B, VRID51, VRID51_V6 } from './rule-tester.js';

metaTest(masterRelease, 'master-release', 'info', {});

ruleTester(masterRelease, {
  // The graceful stop is this rule's first invalid case.
  exceptCommon: ['graceful-stop'],
  valid: [],
  invalid: [
    {
      name: 'graceful stop: one priority-0 advert',
      scenario: gracefulStop,
      findings: [
        {
          routers: [R1.address],
          addresses: [VIP],
          from: 10.5,
          to: 10.5,
          frameCount: 1,
          messageId: 'released',
          data: { router: R1.address, group: VRID51 },
        },
      ],
    },
    {
      name: 'two graceful stops: two findings',
      scenario: () => {
        const s = gracefulStop(); // R2 master from 11.109 to 24.109
        s.advert(24.5, R2, { priority: 0 });
        s.every(25.109, 30, 1, R1);
        return s;
      },
      findings: [
        {
          routers: [R1.address],
          addresses: [VIP],
          from: 10.5,
          to: 10.5,
          frameCount: 1,
          messageId: 'released',
          data: { router: R1.address, group: VRID51 },
        },
        {
          routers: [R2.address],
          addresses: [VIP],
          from: 24.5,
          to: 24.5,
          frameCount: 1,
          messageId: 'released',
          data: { router: R2.address, group: VRID51 },
        },
      ],
    },
    {
      name: 'IPv6 graceful stop',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, V6A);
        s.advert(10.5, V6A, { priority: 0 });
        s.every(11.109, 20, 1, V6B);
        return s;
      },
      findings: [
        {
          group: 'ipv6/vrid51',
          routers: [V6A.address],
          addresses: V6A.addresses!,
          from: 10.5,
          to: 10.5,
          frameCount: 1,
          messageId: 'released',
          data: { router: V6A.address, group: VRID51_V6 },
        },
      ],
    },
    {
      name: 'keepalived with two unicast peers: one release, sent to each peer, is one finding',
      scenario: () => {
        const s = new Scenario();
        for (const peer of [R2.address, R3.address]) {
          s.every(0, 10, 1, R1, { dst: peer, ttl: 64 });
          s.advert(10.5, R1, { priority: 0, dst: peer, ttl: 64 });
        }
        return s;
      },
      findings: [
        {
          routers: [R1.address],
          addresses: [VIP],
          from: 10.5,
          to: 10.5,
          frameCount: 2,
          messageId: 'released',
          data: { router: R1.address, group: VRID51 },
        },
      ],
    },
  ],
});

test('master-release: a group of 300 addresses is named by its first 255 (an advert lists no more); 100 findings listed', () => {
  const s = new Scenario();
  // 300 routers, each with an address of its own beside the shared one, each releasing.
  for (let i = 0; i < 300; i++) {
    const r = floodRouter(i, { addresses: [`10.200.${i >> 8}.${i & 255}`, VIP] });
    s.advert(i * 0.5, r);
    s.advert(i * 0.5 + 0.1, r, { priority: 0 });
  }
  const f = s.analyze({ rules: [masterRelease] }).findings;
  // The first 100 releases are listed; the other 200 are one finding that counts them.
  assert.equal(f.length, 101);
  assert.deepEqual(f[0].addresses, ['10.200.0.0', VIP]);
  assert.equal(f[100].count, 200);
  assert.equal(f[100].addresses.length, 255);
  assert.equal(f[100].routers.length, 16);
});
