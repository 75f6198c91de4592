/**
 * ineffective-tracking: a master lowers its priority (a tracked check failed) and stays master: no
 * takeover within the longest Master_Down_Interval (a priority-1 backup's: 3.996 s at 1 s) + 0.5 s
 * after its last advert at the old priority.
 */
import { ineffectiveTracking } from '../../../src/analyze/rules/ineffective-tracking.js';
import { R1, R2, Scenario, VIP } from '../../support/scenario.js';
import { hostArp, keepalivedGarps, metaTest, ruleTester, VRID51 } from './rule-tester.js';

metaTest(ineffectiveTracking, 'ineffective-tracking', 'warning', { slack: 0.5 });

const R1_103 = { ...R1, priority: 103 };

/**
 * R2 (100) master first, R1 (103) preempts at 5.1; R1's check fails after its advert at 8: it
 * advertises `lowered` from 9 to `until`, then 103 again; R2 stays silent.
 */
function lowered(lowered: number, until: number, end = until + 5): Scenario {
  const s = new Scenario();
  s.every(0, 5, 1, R2);
  s.every(5.1, 8.1, 1, R1_103);
  s.every(9.1, until, 1, R1_103, { priority: lowered });
  s.every(until + 1, end, 1, R1_103);
  keepalivedGarps(s, 0, R2.mac, [VIP]);
  keepalivedGarps(s, 5.1, R1.mac, [VIP]);
  hostArp(s, 0.5, end);
  return s;
}

const base = { router: R1.address, group: VRID51, from: 103 };

/** R1 (150) advertised 90 from 9 s to `to` with no backup ever heard: the finding. */
const noBackupHeard = (to: number) => ({
  routers: [R1.address],
  addresses: [VIP],
  from: 9,
  to,
  frameCount: 1,
  messageId: 'noBackupHeard',
  data: { router: R1.address, group: VRID51, from: 150, to: 90, addresses: VIP },
});

ruleTester(ineffectiveTracking, {
  valid: [
    {
      name: 'the drop moves the VIP: the backup takes over 3.61 s after the last advert at the old priority',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, R1);
        s.every(11, 13, 1, R1, { priority: 90 });
        s.every(13.61, 25, 1, R2);
        keepalivedGarps(s, 0, R1.mac, [VIP]);
        keepalivedGarps(s, 13.61, R2.mac, [VIP]);
        return s;
      },
    },
    {
      name: 'a blip: the check recovers within the Master_Down_Interval',
      scenario: () => lowered(101, 10.1),
      others: [],
    },
    {
      name: 'the capture ends before any backup would have taken over',
      scenario: () => lowered(101, 11.1, 11.1),
    },
  ],
  invalid: [
    {
      name: "keepalived weight -2: 103 -> 101 stays above the backup's 100 (the recording's story)",
      scenario: () => lowered(101, 17.1),
      findings: [
        {
          routers: [R1.address],
          addresses: [VIP],
          from: 9.1,
          to: 17.1,
          frameCount: 1,
          messageId: 'stayedAbove',
          data: { ...base, to: 101, backups: `${R2.address} at 100`, addresses: VIP },
        },
      ],
    },
    {
      name: 'no backup ever heard: the drop cannot be judged against one, said so',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 8, 1, R1);
        s.every(9, 20, 1, R1, { priority: 90 });
        return s;
      },
      findings: [noBackupHeard(20)],
    },
    {
      // The drop ends with the period: adverts of a later period (it came back at the lowered
      // priority) are not the same drop, and the finding ends at the last lowered advert.
      name: 'the lowered master falls silent (its period expires) and comes back later: one finding, to its silence',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 8, 1, R1);
        s.every(9, 20, 1, R1, { priority: 90 });
        s.every(30, 40, 1, R1, { priority: 90 });
        return s;
      },
      findings: [noBackupHeard(20)],
    },
    {
      // keepalived stopped after its check failed: the priority-0 advert is the drop's last word.
      name: 'the lowered master releases the group: the finding runs to its priority-0 advert',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 8, 1, R1);
        s.every(9, 20, 1, R1, { priority: 90 });
        s.advert(20.5, R1, { priority: 0 });
        s.every(21.1, 30, 1, R2);
        return s;
      },
      findings: [noBackupHeard(20.5)],
    },
    {
      name: 'a backup that advertised more does not take over (nopreempt, or it no longer hears the master)',
      scenario: () => {
        const s = new Scenario();
        s.every(0, 5, 1, R2);
        s.every(5.1, 8.1, 1, R1);
        s.every(9.1, 20.1, 1, R1, { priority: 90 });
        return s;
      },
      findings: [
        {
          routers: [R1.address],
          addresses: [VIP],
          from: 9.1,
          to: 20.1,
          frameCount: 1,
          messageId: 'outranked',
          data: { router: R1.address, group: VRID51, from: 150, to: 90, backups: `${R2.address} at 100` },
        },
      ],
    },
  ],
});
