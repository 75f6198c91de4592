/** unicast-vrrp: adverts sent to a unicast address (keepalived unicast_peer): informational. */
import { unicastVrrp } from '../../../src/analyze/rules/unicast-vrrp.js';
import { R1, R2, R3, Scenario } from '../../support/scenario.js';
import { metaTest, restFinding, ruleTester, threeRouters, V6A, V6B, VRID51, VRID51_V6 } from './rule-tester.js';

metaTest(unicastVrrp, 'unicast-vrrp', 'info', { routers: 100 });

ruleTester(unicastVrrp, {
  valid: [],
  invalid: [
    {
      name: 'three routers sending unicast, a finding of its own for one (option routers=1): the other two are one finding',
      scenario: () => threeRouters({ dst: R2.address }, { dst: R1.address }),
      settings: { 'unicast-vrrp': { options: { routers: 1 } } },
      findings: [
        {
          routers: [R1.address],
          addresses: [],
          from: 0,
          to: 4,
          frameCount: 5,
          messageId: 'unicast',
          data: { router: R1.address, group: VRID51, destination: R2.address },
        },
        restFinding('unicasts'),
      ],
    },
    {
      name: 'two keepalived peers advertising unicast to each other across a failover',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, R1, { dst: R2.address, ttl: 64 });
        s.every(13.61, 19.61, 1, R2, { dst: R1.address, ttl: 64 });
        return s;
      },
      findings: [
        {
          routers: [R1.address],
          addresses: [],
          from: 0,
          to: 10,
          frameCount: 11,
          messageId: 'unicast',
          data: { router: R1.address, group: VRID51, destination: R2.address },
        },
        {
          routers: [R2.address],
          addresses: [],
          from: 13.61,
          to: 19.61,
          frameCount: 7,
          messageId: 'unicast',
          data: { router: R2.address, group: VRID51, destination: R1.address },
        },
      ],
    },
    {
      name: 'one master with two unicast peers: one finding per peer',
      scenario: () => {
        const s = new Scenario();
        for (const peer of [R2.address, R3.address]) s.every(0, 5, 1, R1, { dst: peer });
        return s;
      },
      findings: [
        {
          routers: [R1.address],
          addresses: [],
          from: 0,
          to: 5,
          frameCount: 6,
          messageId: 'unicast',
          data: { router: R1.address, group: VRID51, destination: R2.address },
        },
        {
          routers: [R1.address],
          addresses: [],
          from: 0,
          to: 5,
          frameCount: 6,
          messageId: 'unicast',
          data: { router: R1.address, group: VRID51, destination: R3.address },
        },
      ],
    },
    {
      name: "IPv6 unicast to the peer's link-local address",
      scenario: () => {
        const s = new Scenario();
        s.every(0, 5, 1, V6A, { dst: V6B.address });
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
          messageId: 'unicast',
          data: { router: V6A.address, group: VRID51_V6, destination: V6B.address },
        },
      ],
    },
  ],
});
