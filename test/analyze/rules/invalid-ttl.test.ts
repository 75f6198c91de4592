/** invalid-ttl: a multicast advert with TTL / hop limit other than 255; unicast adverts are exempt. */
import { invalidTtl } from '../../../src/analyze/rules/invalid-ttl.js';
import { R1, R2, Scenario } from '../../support/scenario.js';
import { metaTest, restFinding, ruleTester, threeRouters, V6A, VRID51, VRID51_V6 } from './rule-tester.js';

metaTest(invalidTtl, 'invalid-ttl', 'warning', { routers: 100 });

ruleTester(invalidTtl, {
  valid: [
    {
      name: 'keepalived unicast peers: TTL below 255 is fine for unicast',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, R1, { dst: R2.address, ttl: 64 });
        s.every(13.61, 20, 1, R2, { dst: R1.address, ttl: 63 });
        return s;
      },
      others: ['unicast-vrrp'],
    },
    {
      name: 'IPv6 unicast with hop limit 64',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, V6A, { dst: 'fe80::2', ttl: 64 });
        return s;
      },
      others: ['unicast-vrrp'],
    },
  ],
  invalid: [
    {
      name: 'three routers with TTL 64, a finding of its own for one (option routers=1): the other two are one finding',
      scenario: () => threeRouters({ ttl: 64 }),
      settings: { 'invalid-ttl': { options: { routers: 1 } } },
      findings: [
        {
          routers: [R1.address],
          addresses: [],
          from: 0,
          to: 4,
          frameCount: 5,
          messageId: 'ttl',
          data: { router: R1.address, group: VRID51, ttl: 64 },
        },
        restFinding('ttls'),
      ],
    },
    {
      name: 'every advert crossed a router (TTL 254)',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, R1, { ttl: 254 });
        return s;
      },
      findings: [
        {
          routers: [R1.address],
          addresses: [],
          from: 0,
          to: 10,
          frameCount: 11,
          messageId: 'ttl',
          data: { router: R1.address, group: VRID51, ttl: 254 },
        },
      ],
    },
    {
      name: "the backup's stack sends TTL 1 after it takes over; the master was fine",
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, R1);
        s.every(13.61, 19.61, 1, R2, { ttl: 1 });
        return s;
      },
      findings: [
        {
          routers: [R2.address],
          addresses: [],
          from: 13.61,
          to: 19.61,
          frameCount: 7,
          messageId: 'ttl',
          data: { router: R2.address, group: VRID51, ttl: 1 },
        },
      ],
    },
    {
      name: 'two different TTLs from one router: one finding each',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 4, 1, R1, { ttl: 1 });
        s.every(5, 9, 1, R1, { ttl: 64 });
        return s;
      },
      findings: [
        {
          routers: [R1.address],
          addresses: [],
          from: 0,
          to: 4,
          frameCount: 5,
          messageId: 'ttl',
          data: { router: R1.address, group: VRID51, ttl: 1 },
        },
        {
          routers: [R1.address],
          addresses: [],
          from: 5,
          to: 9,
          frameCount: 5,
          messageId: 'ttl',
          data: { router: R1.address, group: VRID51, ttl: 64 },
        },
      ],
    },
    {
      name: 'IPv6: hop limit 1',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 5, 1, V6A, { ttl: 1 });
        return s;
      },
      findings: [
        {
          group: 'ipv6/vrid51',
          routers: [V6A.address],
          addresses: [],
          from: 0,
          to: 5,
          frameCount: 6,
          messageId: 'hopLimit',
          data: { router: V6A.address, group: VRID51_V6, ttl: 1 },
        },
      ],
    },
  ],
});
