/**
 * no-master: nobody advertised for longer than `factor` x Master_Down_Interval (priority 100 backup):
 * 2 x 3.609 s = 7.219 s for a 1 s interval.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noMaster } from '../../../src/analyze/rules/no-master.js';
import { R1, R2, R3, Scenario, VIP } from '../../support/scenario.js';
import { analyzeBoth, crashFailover, hostArp, keepalivedGarps, metaTest, ruleTester, VRID51 } from './rule-tester.js';

metaTest(noMaster, 'no-master', 'error', { factor: 2 });

/** R1 killed after its advert at 10; R2 takes over only at `takeover` (its keepalived was down too). */
function lateTakeover(takeover: number): Scenario {
  const s = new Scenario();
  s.every(0, 10, 1, R1);
  s.every(takeover, takeover + 10, 1, R2);
  keepalivedGarps(s, 0, R1.mac, [VIP]);
  keepalivedGarps(s, takeover, R2.mac, [VIP]);
  hostArp(s, 0.5, takeover + 10);
  return s;
}

/** What the messages say about VRID 51 without a master for `seconds` after R1 (Master_Down_Interval 3.609 s). */
function gap(seconds: number) {
  return { group: VRID51, seconds, last: R1.address, interval: 3.609, addresses: VIP };
}

ruleTester(noMaster, {
  valid: [
    { name: 'capture filtered to VRRP only', scenario: () => crashFailover({ arp: false }) },
    {
      name: 'the capture ends 5 s after the last advert (less than 2 x 3.609 s)',
      scenario: () => crashFailover({ arp: false }),
      end: 30,
    },
    {
      name: 'VRRPv3, 50 cs interval, three routers: 1.77 s takeovers',
      scenario: () => {
        const s = new Scenario();
        const v3 = { version: 3 as const, intervalCs: 50 };
        s.every(0, 5, 0.5, { ...R1, ...v3 });
        s.every(6.755, 10, 0.5, { ...R3, ...v3 });
        s.every(11.77, 15, 0.5, { ...R2, ...v3 });
        return s;
      },
      end: 16,
    },
    {
      name: 'a 10 s advert interval: 10 s between adverts is normal',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 100, 10, { ...R1, intervalCs: 1000 });
        return s;
      },
      end: 105,
    },
    {
      name: 'a slow failover (6 s) is below 2 x Master_Down_Interval',
      scenario: () => lateTakeover(16),
      others: ['slow-failover'],
    },
  ],
  invalid: [
    {
      name: 'after a gap in the capture, silence is counted from where the capture resumed',
      captureGap: 'nothing at all from 20 to 100',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 20, 1, R1);
        hostArp(s, 100, 120); // the capture resumes at 100 (nothing at all from 20 to 100): no advert since
        return s;
      },
      findings: [
        {
          routers: [R1.address],
          addresses: [VIP],
          from: 100,
          to: 120,
          frameCount: 1,
          messageId: 'sinceGap',
          data: { group: VRID51, seconds: 20, interval: 3.609, addresses: VIP },
        },
      ],
    },
    {
      name: 'nobody took over for 15 s',
      scenario: () => lateTakeover(25),
      // R1's last advert, then R2's first advert when it took over at the end.
      findings: [
        {
          routers: [R1.address],
          addresses: [VIP],
          from: 10,
          to: 25,
          frameCount: 2,
          messageId: 'tookOver',
          data: { ...gap(15), by: R2.address },
        },
      ],
    },
    {
      name: 'the capture ends 30 s after the last master fell silent',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, R1);
        return s;
      },
      end: 40,
      findings: [
        {
          routers: [R1.address],
          addresses: [VIP],
          from: 10,
          to: 40,
          frameCount: 1,
          messageId: 'fellSilent',
          data: gap(30),
        },
      ],
    },
    {
      name: 'a release that nobody picked up',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, R1);
        s.advert(10.5, R1, { priority: 0 });
        return s;
      },
      end: 30,
      findings: [
        {
          routers: [R1.address],
          addresses: [VIP],
          from: 10.5,
          to: 30,
          frameCount: 1,
          messageId: 'released',
          data: gap(19.5),
        },
      ],
    },
    {
      name: 'only the silent group is reported (VRID 52 stays healthy)',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, R1);
        s.every(0, 40, 1, { ...R2, vrid: 52, addresses: ['10.99.0.152'] });
        return s;
      },
      findings: [
        {
          routers: [R1.address],
          addresses: [VIP],
          from: 10,
          to: 40,
          frameCount: 1,
          messageId: 'fellSilent',
          data: gap(30),
        },
      ],
    },
    {
      name: 'option factor 1: a 5 s gap (more than one Master_Down_Interval) counts',
      scenario: () => lateTakeover(15),
      settings: { 'no-master': { options: { factor: 1 } } },
      findings: [
        {
          routers: [R1.address],
          addresses: [VIP],
          from: 10,
          to: 15,
          frameCount: 2,
          messageId: 'tookOver',
          data: { ...gap(5), by: R2.address },
        },
      ],
    },
  ],
});

test('no-master: option factor 5 tolerates a 15 s gap (limit 18.05 s)', () => {
  const r = analyzeBoth(
    { name: 'factor 5', scenario: () => lateTakeover(25), settings: { 'no-master': { options: { factor: 5 } } } },
    [noMaster],
  );
  assert.deepEqual(r.findings, []);
});
