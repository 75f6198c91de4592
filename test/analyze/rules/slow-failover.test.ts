/**
 * slow-failover: a takeover later than expected x (1 + tolerance) + slack, expected being the
 * Master_Down_Interval (3.609 s for priority 100, 1 s interval) or Skew_Time (0.609 s) after a release.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slowFailover } from '../../../src/analyze/rules/slow-failover.js';
import { R1, R2, R3, Scenario, VIP } from '../../support/scenario.js';
import { analyzeBoth, hostArp, keepalivedGarps, metaTest, ruleTester, VRID51 } from './rule-tester.js';

metaTest(slowFailover, 'slow-failover', 'warning', { tolerance: 0.25, slack: 0.3 });

/** R1 killed after its advert at 10; R2 takes over at `at`. */
function takeoverAt(at: number): Scenario {
  const s = new Scenario();
  s.every(0, 10, 1, R1);
  s.every(at, at + 10, 1, R2);
  keepalivedGarps(s, 0, R1.mac, [VIP]);
  keepalivedGarps(s, at, R2.mac, [VIP]);
  hostArp(s, 0.5, at + 10);
  return s;
}

/** R1 releases at 10.5; R2 takes over at `at`. */
function releaseThen(at: number): Scenario {
  const s = new Scenario();
  s.every(0, 10, 1, R1);
  s.advert(10.5, R1, { priority: 0 });
  s.every(at, at + 10, 1, R2);
  keepalivedGarps(s, at, R2.mac, [VIP]);
  hostArp(s, 0.5, at + 10);
  return s;
}

/** R1 lowers its priority 150 -> 90 after its advert at 10 (a failed check); R2 (100) takes over at `at`. */
function priorityDropThen(at: number): Scenario {
  const s = new Scenario();
  s.every(0, 10, 1, R1);
  s.every(11, Math.floor(at), 1, R1, { priority: 90 });
  s.every(at, at + 10, 1, R2);
  keepalivedGarps(s, 0, R1.mac, [VIP]);
  keepalivedGarps(s, at, R2.mac, [VIP]);
  hostArp(s, 0.5, at + 10);
  return s;
}

/** What the messages say about R2 taking over VRID 51 from R1 after `delay` s (`expected` for priority 100). */
function takeover(delay: number, expected: number) {
  return { master: R2.address, group: VRID51, delay, previous: R1.address, priority: 100, expected };
}

ruleTester(slowFailover, {
  valid: [
    { name: 'a 4.5 s takeover is within 3.609 x 1.25 + 0.3 = 4.81 s', scenario: () => takeoverAt(14.5) },
    {
      name: 'a priority drop: the takeover 3.61 s after the last advert at the old priority is on time',
      scenario: () => priorityDropThen(13.61),
    },
    {
      name: 'VRRPv3, 50 cs: takeover 1.77 s after the kill (Master_Down_Interval 1.805 s)',
      scenario: () => {
        const s = new Scenario();
        const v3 = { version: 3 as const, intervalCs: 50 };
        s.every(0, 5, 0.5, { ...R1, ...v3 });
        s.every(6.77, 10, 0.5, { ...R2, ...v3 });
        return s;
      },
    },
    {
      name: 'the highest backup (120) takes over sooner than a 100 would',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, R1);
        s.every(13.469, 20, 1, R3);
        return s;
      },
    },
    {
      name: "a lone master back after a long outage: no-master's business, not a slow takeover by itself",
      // Nobody took over; the message "R1 took over 30 s after R1 fell silent" would mislead.
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, R1);
        s.every(40, 50, 1, R1);
        return s;
      },
      others: ['no-master'],
    },
  ],
  invalid: [
    {
      name: 'takeover 6 s after the master fell silent',
      scenario: () => takeoverAt(16),
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [VIP],
          from: 10,
          to: 16,
          frameCount: 1,
          messageId: 'afterSilence',
          data: takeover(6, 3.609),
        },
      ],
      check: (f, report) => assert.deepEqual(f[0].frames, [report.groups[0].transitions[1].frame]),
    },
    {
      name: 'takeover 2 s after a release (Skew_Time 0.609 s)',
      scenario: () => releaseThen(12.5),
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [VIP],
          from: 10.5,
          to: 12.5,
          frameCount: 1,
          messageId: 'afterRelease',
          data: takeover(2, 0.609),
        },
      ],
    },
    {
      name: 'a priority drop: the takeover 6 s after the last advert at the old priority',
      scenario: () => priorityDropThen(16),
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [VIP],
          from: 10,
          to: 16,
          frameCount: 1,
          messageId: 'afterPriorityDrop',
          data: { ...takeover(6, 3.609), old: 150, new: 90 },
        },
      ],
    },
    {
      name: 'option tolerance 0, slack 0: 4 s is more than 3.609 s',
      scenario: () => takeoverAt(14),
      settings: { 'slow-failover': { options: { tolerance: 0, slack: 0 } } },
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [VIP],
          from: 10,
          to: 14,
          frameCount: 1,
          messageId: 'afterSilence',
          data: takeover(4, 3.609),
        },
      ],
    },
    {
      name: 'severity override: error',
      scenario: () => takeoverAt(16),
      settings: { 'slow-failover': { severity: 'error' } },
      findings: [
        {
          severity: 'error',
          routers: [R1.address, R2.address],
          addresses: [VIP],
          from: 10,
          to: 16,
          frameCount: 1,
          messageId: 'afterSilence',
          data: takeover(6, 3.609),
        },
      ],
    },
  ],
});

test('slow-failover: option tolerance 1 accepts 6 s (limit 7.5 s)', () => {
  const r = analyzeBoth(
    {
      name: 'tolerance 1',
      scenario: () => takeoverAt(16),
      settings: { 'slow-failover': { options: { tolerance: 1 } } },
    },
    [slowFailover],
  );
  assert.deepEqual(r.findings, []);
});

test('slow-failover: option slack 2 accepts 6 s (limit 6.51 s)', () => {
  const r = analyzeBoth(
    { name: 'slack 2', scenario: () => takeoverAt(16), settings: { 'slow-failover': { options: { slack: 2 } } } },
    [slowFailover],
  );
  assert.deepEqual(r.findings, []);
});

test('slow-failover: severity off', () => {
  const r = analyzeBoth({
    name: 'off',
    scenario: () => takeoverAt(16),
    settings: { 'slow-failover': { severity: 'off' } },
  });
  assert.ok(!r.findings.some((f) => f.rule === 'slow-failover'));
});
