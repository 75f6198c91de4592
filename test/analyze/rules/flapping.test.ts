/** flapping: more than `threshold` (3) master changes within `window` (60 s). Startups do not count. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Pipeline } from '../../../src/analyze/pipeline.js';
import { flapping } from '../../../src/analyze/rules/flapping.js';
import { R1, R2, R3, Scenario, VIP, type RouterSpec } from '../../support/scenario.js';
import { analyzeBoth, hostArp, keepalivedGarps, metaTest, R4, ruleTester, VRID51 } from './rule-tester.js';

metaTest(flapping, 'flapping', 'warning', { threshold: 3, window: 60 });

/**
 * `changes` master changes, keepalived style: R1 is killed and R2 takes over 3.61 s later; R1
 * comes back and preempts 0.4 s after R2's last advert; each master advertises for `hold` s.
 * With hold 5 the changes are at 8.61, 14.01, 22.62, 28.02, 36.63, 42.03 s.
 */
function flap(changes: number, hold = 5): Scenario {
  const s = new Scenario();
  let cur: RouterSpec = R1;
  s.every(0, hold, 1, R1);
  keepalivedGarps(s, 0, R1.mac, [VIP]);
  let last = hold;
  for (let i = 0; i < changes; i++) {
    const next = cur === R1 ? R2 : R1;
    const at = Number((cur === R1 ? last + 3.61 : last + 0.4).toFixed(3));
    s.every(at, at + hold, 1, next);
    keepalivedGarps(s, at, next.mac, [VIP], { second: false });
    last = at + hold;
    cur = next;
  }
  hostArp(s, 0.5, last);
  return s;
}

/**
 * A track script moves R1's priority (150, 90) `cycles` times: R2 preempts 0.4 s after R1's
 * priority-90 advert, R1 preempts back at the next cycle (or at the end).
 */
function trackScript(cycles: number): Scenario {
  const s = new Scenario();
  for (let i = 0; i < cycles; i++) {
    const b = 10 * i;
    s.every(b, b + 4, 1, R1);
    s.advert(b + 5, R1, { priority: 90 });
    s.every(b + 5.4, b + 9.4, 1, R2);
  }
  s.every(10 * cycles, 10 * cycles + 4, 1, R1);
  return s;
}

/** What the messages say about R1 and R2 flapping in VRID 51 with the default options. */
const BETWEEN = { group: VRID51, routers: `${R1.address}, ${R2.address}`, threshold: 3, window: 60 };
const TRACKED = { priorityChanges: `${R1.address} advertised priorities 150, 90` };

ruleTester(flapping, {
  valid: [
    { name: 'three master changes within 60 s (the threshold)', scenario: () => flap(3) },
    { name: 'four master changes, each more than 20 s apart (at most 3 in any 60 s)', scenario: () => flap(4, 25) },
    {
      name: 'three real changes whose takeovers were equal-priority ties (lower address first) are three changes',
      // R1 dies twice and comes back once: R1 -> R4 -> R1 -> R4. Each tie shows R2 advertising once
      // before R4 (equal priority, higher address) takes over 8 ms later; R2 never really was master.
      scenario: () => {
        const s = new Scenario();
        s.every(0, 10, 1, R1);
        s.advert(13.641, R2);
        s.every(13.649, 20, 1, R4);
        s.every(20.4, 30.4, 1, R1);
        s.advert(34.041, R2);
        s.every(34.049, 45, 1, R4);
        return s;
      },
      others: ['priority-conflict'],
    },
  ],
  invalid: [
    {
      name: 'four master changes within 20 s',
      scenario: () => flap(4),
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [VIP],
          from: 8.61,
          to: 28.02,
          frameCount: 4,
          messageId: 'flapping',
          data: { ...BETWEEN, count: 4, seconds: 19.4 },
        },
      ],
    },
    {
      name: 'six changes: one finding, extended',
      scenario: () => flap(6),
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [VIP],
          from: 8.61,
          to: 42.03,
          frameCount: 6,
          messageId: 'stillFlapping',
          data: { ...BETWEEN, count: 6 },
        },
      ],
    },
    {
      name: "a track script moving R1's priority (150, 90): the message names the changing priorities",
      scenario: () => trackScript(2),
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [VIP],
          from: 5.4,
          to: 20,
          frameCount: 4,
          messageId: 'flappingPriorities',
          data: { ...BETWEEN, ...TRACKED, count: 4, seconds: 14.6 },
        },
      ],
    },
    {
      name: 'the track script goes on: the finding is extended and still names the changing priorities',
      scenario: () => trackScript(3),
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [VIP],
          from: 5.4,
          to: 30,
          frameCount: 6,
          messageId: 'stillFlappingPriorities',
          data: { ...BETWEEN, ...TRACKED, count: 6 },
        },
      ],
    },
    {
      name: "a third router joining the flapping is added to the finding's routers, as in its message",
      scenario: () => {
        const s = flap(4); // R1 master again from 28.02 to 33.02
        s.every(36.489, 40, 1, R3); // 3 + 136/256 after R1's last advert
        return s;
      },
      findings: [
        {
          routers: [R1.address, R2.address, R3.address],
          addresses: [VIP],
          from: 8.61,
          to: 36.489,
          frameCount: 5,
          messageId: 'stillFlapping',
          data: { ...BETWEEN, routers: `${R1.address}, ${R2.address}, ${R3.address}`, count: 5 },
        },
      ],
    },
    {
      name: 'option threshold 1: two changes are flapping',
      scenario: () => flap(2),
      settings: { flapping: { options: { threshold: 1 } } },
      findings: [
        {
          routers: [R1.address, R2.address],
          addresses: [VIP],
          from: 8.61,
          to: 14.01,
          frameCount: 2,
          messageId: 'flapping',
          data: { ...BETWEEN, threshold: 1, count: 2, seconds: 5.4 },
        },
      ],
    },
  ],
});

test('flapping: option threshold 5 tolerates four changes', () => {
  const r = analyzeBoth(
    { name: 'threshold 5', scenario: () => flap(4), settings: { flapping: { options: { threshold: 5 } } } },
    [flapping],
  );
  assert.deepEqual(r.findings, []);
});

test('flapping: option window 10 s: four changes over 20 s are not flapping', () => {
  const r = analyzeBoth(
    { name: 'window 10', scenario: () => flap(4), settings: { flapping: { options: { window: 10 } } } },
    [flapping],
  );
  assert.deepEqual(r.findings, []);
});

test('flapping: a flood of routers taking over in turn names the latest 16, sorted, and counts the rest', () => {
  const s = new Scenario();
  // 40 routers, each master for 0.5 s with a higher priority than the last (a spoofing tool).
  for (let i = 0; i < 40; i++) {
    const r = {
      address: `10.99.1.${i + 1}`,
      mac: `02:99:01:00:00:${(i + 1).toString(16).padStart(2, '0')}`,
      priority: 60 + i,
    };
    s.every(i * 0.5, i * 0.5 + 0.4, 0.2, r);
  }
  const f = s.analyze().findings.filter((x) => x.rule === 'flapping');
  assert.equal(f.length, 1);
  const latest = Array.from({ length: 16 }, (_, i) => `10.99.1.${25 + i}`).sort();
  assert.deepEqual(f[0].routers, latest);
  assert.equal(f[0].data.routers, `${latest.join(', ')} and 24 more`);
  assert.ok(String(f[0].data.count) === String(f[0].frameCount));
});

test('flapping: six split brains in 60 s, the second master yielding each time, never changed the master', () => {
  // R1 advertises throughout; R2 stops hearing it for 4 s in every 10 (a link that flaps): a second
  // master six times, each one duplicate-master's, and R1 the master all along.
  const s = new Scenario();
  s.every(0, 60, 1, R1);
  for (let c = 0; c < 6; c++) s.every(10 * c + 0.5, 10 * c + 4.5, 1, R2);
  const r = s.analyze();
  const causes = r.groups[0].transitionCauses;
  assert.deepEqual([causes['split-brain'], causes['split-brain-end']], [6, 6]);
  assert.deepEqual(
    r.findings.filter((f) => f.rule === 'flapping'),
    [],
  );
});

test('flapping: split brains that end with the first master falling silent do change the master', () => {
  // Each cycle: R1 master, R2 appears beside it (split brain), R1 falls silent and R2 stays (the
  // master changed), then R2 falls silent and R1 takes over again: two changes per cycle.
  const s = new Scenario();
  for (let c = 0; c < 3; c++) {
    s.every(20 * c, 20 * c + 6, 1, R1);
    s.every(20 * c + 2.5, 20 * c + 12.5, 1, R2);
  }
  const r = s.analyze({ rules: [flapping] });
  const g = r.groups[0];
  assert.equal(g.transitionCauses['split-brain-end'], 3);
  assert.deepEqual(
    g.transitions.filter((t) => t.cause === 'split-brain-end').map((t) => [t.from, t.to]),
    [0, 1, 2].map(() => [R1.address, R2.address]),
  );
  const [f] = r.findings;
  assert.equal(f?.rule, 'flapping');
  // The three ends and the two takeovers back by R1 (its first start is a startup).
  assert.equal(f.data.count, 5);
});

test('flapping: a finding read mid-run (a live view) and extended after says the later count', () => {
  // The message of an extended finding is made when it is read: a read in between must not freeze it.
  const packets = flap(6).sorted();
  const pipeline = new Pipeline({ inputs: ['flap.pcap'], rules: [flapping] });
  const inputs = [{ name: 'flap.pcap', format: 'pcap', packets: packets.length, warnings: [] }];
  const counts: number[] = [];
  for (const p of packets) {
    pipeline.decoded(p);
    const t = p.sec + p.nsec / 1e9;
    // Read after each change from the fifth on (36.63 s and 42.03 s after the start).
    const f = pipeline.snapshot(t, inputs).findings[0];
    if (f && counts.at(-1) !== f.data.count) counts.push(f.data.count as number);
  }
  const last = packets.at(-1)!;
  const end = pipeline.finish(inputs, last.sec + last.nsec / 1e9).findings;
  assert.deepEqual(counts, [4, 5, 6]);
  assert.equal(end.length, 1);
  assert.equal(end[0].data.count, 6);
  assert.match(end[0].message, /changed master 6 times between/);
});
