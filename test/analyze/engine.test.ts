/**
 * The engine's reconstruction: master periods, transitions, causes and delays, from scenarios that
 * follow the measured keepalived behaviour in ../shared/docs/vrrp-field-notes.md.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { masterDownInterval, skewTime } from '../../src/analyze/timers.js';
import type { Rule } from '../../src/analyze/rule.js';
import { floodRouter, flappingPair, R1, R2, R3, rel, Scenario, VIP } from '../support/scenario.js';
import { compareAddresses } from '../../src/analyze/addresses.js';
import { groupMetrics } from '../../src/render/nagios.js';
import { groupLine } from '../../src/monitor/verdict.js';
import { renderText } from '../../src/render/report-text.js';
import { prometheusLines } from '../../src/render/prometheus.js';

test('RFC timers: the worked examples of the field notes', () => {
  assert.equal(Number(skewTime(2, 100, 100).toFixed(3)), 0.609);
  assert.equal(Number(masterDownInterval(2, 100, 100).toFixed(3)), 3.609);
  assert.equal(Number(masterDownInterval(3, 100, 100).toFixed(3)), 3.609);
  assert.equal(Number(skewTime(3, 100, 50).toFixed(4)), 0.3047);
  assert.equal(Number(masterDownInterval(3, 100, 50).toFixed(3)), 1.805);
  // v2 skew does not scale with the interval; v3 skew does.
  assert.equal(Number(masterDownInterval(2, 100, 300).toFixed(3)), 9.609);
  assert.equal(Number(masterDownInterval(3, 100, 300).toFixed(3)), 10.828);
});

test('a healthy master: one startup transition, one open period, no findings', () => {
  const s = new Scenario();
  s.every(0, 20, 1, R1);
  const r = s.analyze();
  assert.equal(r.groups.length, 1);
  const g = r.groups[0];
  assert.deepEqual([g.vrid, g.family, g.vlan, g.version, g.virtualAddresses], [51, 'ipv4', [], 2, [VIP]]);
  assert.deepEqual(
    g.timeline.map((p) => [p.master, rel(p.from), rel(p.to), p.open]),
    [[R1.address, 0, 20, true]],
  );
  assert.deepEqual(
    g.transitions.map((t) => [t.from, t.to, t.cause]),
    [[null, R1.address, 'startup']],
  );
  assert.equal(g.routers[0].adverts, 21);
  assert.deepEqual(r.findings, []);
});

test('master crash: master-down after the Master_Down_Interval, delay against the RFC timer', () => {
  const s = new Scenario();
  s.every(0, 10, 1, R1);
  s.every(13.61, 25, 1, R2); // keepalived measured 3.61 s for priority 100
  s.garp(13.611, R2.mac, VIP);
  const g = s.analyze().groups[0];
  assert.deepEqual(
    g.transitions.map((t) => [t.from, t.to, t.cause]),
    [
      [null, R1.address, 'startup'],
      [R1.address, R2.address, 'master-down'],
    ],
  );
  const t = g.transitions[1];
  assert.equal(Number(t.delay!.toFixed(3)), 3.61);
  assert.equal(Number(t.expectedDelay!.toFixed(3)), 3.609);
  assert.deepEqual(
    g.timeline.map((p) => [p.master, rel(p.from), rel(p.to)]),
    [
      [R1.address, 0, 10],
      [R2.address, 13.61, 24.61],
    ],
  );
});

test('graceful stop: priority 0 ends the period; the takeover is a release after Skew_Time', () => {
  const s = new Scenario();
  s.every(0, 10, 1, R1);
  s.advert(10.5, R1, { priority: 0 });
  s.every(11.109, 20, 1, R2);
  const g = s.analyze().groups[0];
  const t = g.transitions[1];
  assert.deepEqual([t.from, t.to, t.cause], [R1.address, R2.address, 'release']);
  assert.equal(Number(t.delay!.toFixed(3)), 0.609);
  assert.equal(Number(t.expectedDelay!.toFixed(3)), 0.609);
  assert.equal(rel(g.timeline[0].to), 10.5, 'the period ends at the priority-0 advert');
  assert.deepEqual(g.routers.find((x) => x.address === R1.address)!.priorities, [150, 0]);
});

test('preemption: a higher priority router takes over a live master, which falls silent', () => {
  const s = new Scenario();
  s.every(0, 10, 1, R2);
  s.every(10.4, 20, 1, R1);
  const g = s.analyze().groups[0];
  assert.deepEqual(
    g.transitions.map((t) => t.cause),
    ['startup', 'preemption'],
  );
  assert.equal(Number(g.transitions[1].delay!.toFixed(3)), 0.4);
  assert.equal(g.transitions[1].expectedDelay, null);
});

test('split brain: interleaved adverts from two masters; the second master is a split-brain transition', () => {
  const s = new Scenario();
  s.every(0, 30, 1, R1);
  s.every(10.5, 20.5, 1, R2); // R2 stops hearing R1 for 10 s (nftables drop in the recordings)
  const r = s.analyze();
  const g = r.groups[0];
  assert.deepEqual(
    g.transitions.map((t) => [t.from, t.to, t.cause, rel(t.time)]),
    [
      [null, R1.address, 'startup', 0],
      [R1.address, R2.address, 'split-brain', 10.5],
      // R2 yields: R1's first advert after R2's last is what it heard.
      [R2.address, R1.address, 'split-brain-end', 21],
    ],
  );
  assert.deepEqual(
    g.timeline.map((p) => [p.master, rel(p.from), rel(p.to)]),
    [
      [R1.address, 0, 30],
      [R2.address, 10.5, 20.5],
    ],
  );
  const dup = r.findings.filter((f) => f.rule === 'duplicate-master');
  assert.equal(dup.length, 1);
  assert.deepEqual([rel(dup[0].from), rel(dup[0].to), dup[0].routers], [10.5, 20.5, [R1.address, R2.address]]);
});

test('a backup that stops hearing the master again and again: a split brain and its end each time', () => {
  // R1 advertises throughout; R2 stops hearing it for 5 s in every 15 (a flapping link): keepalived
  // on R2 enters MASTER each time and BACKUP when R1's adverts reach it again.
  const s = new Scenario();
  for (let c = 0; c < 3; c++) {
    s.every(15 * c, 15 * c + 14, 1, R1);
    s.every(15 * c + 0.5, 15 * c + 4.5, 1, R2);
  }
  const r = s.analyze();
  const g = r.groups[0];
  assert.deepEqual(
    g.transitions.map((t) => [t.from, t.to, t.cause, rel(t.time)]),
    [
      [null, R1.address, 'startup', 0],
      [R1.address, R2.address, 'split-brain', 0.5],
      [R2.address, R1.address, 'split-brain-end', 5],
      [R1.address, R2.address, 'split-brain', 15.5],
      [R2.address, R1.address, 'split-brain-end', 20],
      [R1.address, R2.address, 'split-brain', 30.5],
      [R2.address, R1.address, 'split-brain-end', 35],
    ],
  );
  assert.deepEqual(
    g.splitBrains.map((x) => [x.a, x.b, rel(x.from), rel(x.to)]),
    [0, 15, 30].map((t) => [R1.address, R2.address, t + 0.5, t + 4.5]),
  );
  assert.equal(g.splitBrainCount, 3);
  // The text report lists them, each with how long both were master.
  const text = renderText(r, { time: 'utc', color: false });
  const table = text.slice(text.indexOf('  split brains\n'));
  assert.equal(table.match(/10\.99\.0\.1 and 10\.99\.0\.2 +\S+ +\S+ +4(\.0+)? ?s/g)?.length, 3, table);
});

test('keepalived split brain with ~3.7 s gaps in each stream stays one period per router', () => {
  const s = new Scenario();
  // The two masters share about one advert per second; each one's own gaps reach 3.7 s.
  const times1 = [0, 1, 2, 3, 4, 7.7, 9, 12.7, 14, 15, 18.7, 20];
  const times2 = [5, 6, 8, 10, 11, 13, 16, 17, 19];
  for (const t of times1) s.advert(t, R1);
  for (const t of times2) s.advert(t, R2);
  const g = s.analyze().groups[0];
  assert.equal(g.timeline.length, 2);
  assert.equal(g.transitions.length, 2);
});

test('equal priorities timing out together: the lower address yields after one advert; no extra transition', () => {
  // The Cisco failover capture: .20 and .30 (both 100) take over at once; .20 yields to the higher address.
  const s = new Scenario();
  const a = { address: '192.168.0.20', mac: '00:00:5e:00:01:01', priority: 100 };
  const b = { address: '192.168.0.30', mac: '00:00:5e:00:01:01', priority: 100 };
  s.every(0, 10, 1, { address: '192.168.0.10', mac: '00:00:5e:00:01:01', priority: 200 });
  s.every(13.641, 30, 1, b);
  s.advert(13.649, a);
  const r = s.analyze();
  const g = r.groups[0];
  assert.deepEqual(
    g.transitions.map((t) => [t.to, t.cause]),
    [
      ['192.168.0.10', 'startup'],
      ['192.168.0.30', 'master-down'],
    ],
  );
  assert.equal(r.findings.filter((f) => f.rule === 'duplicate-master').length, 0);
  assert.deepEqual(
    r.findings.map((f) => f.rule),
    ['priority-conflict'],
  );
});

test('a contender that keeps going after the master stops did take over (master-down, late)', () => {
  const s = new Scenario();
  s.every(0, 10, 1, R1);
  s.every(9.5, 20, 1, R2); // starts while R1 is still live, without outranking it; R1 then stops
  const g = s.analyze().groups[0];
  assert.deepEqual(
    g.transitions.map((t) => [t.to, t.cause]),
    [
      [R1.address, 'startup'],
      [R2.address, 'master-down'],
    ],
  );
});

test('VRRPv3 with a sub-second interval and three routers: two master-down takeovers', () => {
  const s = new Scenario();
  const v3 = { version: 3 as const, intervalCs: 50 };
  s.every(0, 5, 0.5, { ...R1, ...v3 });
  s.every(5 + 1.805 - 0.05, 10, 0.5, { ...R3, ...v3 }); // R3 (120) waits 3*0.5 + (136*0.5/256)
  s.every(10 + 1.77, 15, 0.5, { ...R2, ...v3 });
  const g = s.analyze().groups[0];
  assert.deepEqual(
    g.transitions.map((t) => [t.to, t.cause]),
    [
      [R1.address, 'startup'],
      [R3.address, 'master-down'],
      [R2.address, 'master-down'],
    ],
  );
  assert.equal(Number(g.transitions[1].expectedDelay!.toFixed(3)), Number((1.5 + (136 * 0.5) / 256).toFixed(3)));
});

test('groups are keyed by VLAN, family and VRID: one VRID on two VLANs is two groups', () => {
  const s = new Scenario();
  s.every(0, 5, 1, { ...R1, vlan: [10] });
  s.every(0, 5, 1, { ...R2, vlan: [20] });
  s.every(0, 5, 1, { address: 'fe80::1', mac: '02:99:00:00:00:01', priority: 100, addresses: ['fe80::100'] });
  const r = s.analyze();
  assert.deepEqual(
    r.groups.map((g) => g.id),
    ['ipv6/vrid51', 'vlan10/ipv4/vrid51', 'vlan20/ipv4/vrid51'],
  );
  assert.deepEqual(r.findings, [], 'no collision across VLANs');
});

test('who answered for the virtual address is tracked per group', () => {
  const s = new Scenario();
  s.every(0, 10, 1, R1);
  s.garp(0.001, R1.mac, VIP);
  s.garp(0.002, R1.mac, VIP);
  s.arpReply(5, R1.mac, VIP);
  const g = s.analyze().groups[0];
  assert.deepEqual(
    g.owners.map((o) => [o.address, o.mac, o.gratuitous, o.replies]),
    [[VIP, R1.mac, 2, 1]],
  );
});

test('address owners: at most 1000 kept, the routers and the virtual MAC always, every pair counted', () => {
  const s = new Scenario();
  s.every(0, 30, 1, R1);
  s.advert(0.5, R2); // a router of the group (a backup, heard once)
  const mac = (n: number) =>
    `02:00:00:02:${(n >> 8).toString(16).padStart(2, '0')}:${(n & 255).toString(16).padStart(2, '0')}`;
  // R1 answers first; then 1,200 MACs that are no router's (a flood); then R2, the virtual MAC,
  // R1 again, and one of the flood's MACs again.
  s.arpReply(1, R1.mac, VIP);
  for (let n = 0; n < 1200; n++) s.arpReply(2 + n / 100, mac(n), VIP);
  s.arpReply(20, R2.mac, VIP);
  s.arpReply(21, '00:00:5e:00:01:33', VIP);
  s.arpReply(22, R1.mac, VIP);
  s.arpReply(23, mac(1199), VIP);
  const g = s.analyze().groups[0];
  // Kept: R1 and the first 999 of the flood (1000 in all), then R2 and the virtual MAC past the cap.
  assert.deepEqual(
    g.owners.map((o) => o.mac),
    [R1.mac, ...Array.from({ length: 999 }, (_, n) => mac(n)), R2.mac, '00:00:5e:00:01:33'],
  );
  // Counted: every address-MAC pair once (the flood's 1,200, R1, R2, the virtual MAC).
  assert.equal(g.ownerCount, 1203);
  assert.equal(g.owners[0].replies, 2);
});

test('live replay equals file reading: clock ticks between packets change nothing', () => {
  const s = new Scenario();
  s.every(0, 10, 1, R1);
  s.advert(10.5, R1, { priority: 0 });
  s.every(11.109, 20, 1, R2);
  s.garp(11.11, R2.mac, VIP);
  s.every(20.3, 40, 1, R1);
  s.every(25, 30, 1, R3);
  const file = s.analyze({ end: 70 });
  const live = s.analyze({ end: 70, tickEvery: 0.1 });
  assert.deepEqual(live, file);
  assert.ok(
    file.findings.some((f) => f.rule === 'no-master'),
    'silence after 40 s until 70 s',
  );
});

test("the report's state: the master at its time, the status, the last advert against Master_Down_Interval", () => {
  // One master, 0.4 s after its last advert: master-down measured for a priority-100 backup (v2, 1 s).
  const healthy = new Scenario();
  healthy.every(0, 10, 1, R1);
  healthy.every(0.5, 10.5, 1, R2, { priority: 0 }); // priority 0 from a backup changes nothing
  const h = healthy.analyze({ end: 10.4 }).groups[0].state;
  assert.deepEqual(h.masters, [R1.address]);
  assert.equal(h.status, 'master');
  assert.equal(h.lastAdvertAge, 0.4);
  assert.equal(h.masterDown, 3.609375);

  // VRRPv3 at 50 cs: 3 x 0.5 s + (256 - 100) / 256 x 0.5 s.
  const v3 = new Scenario();
  v3.every(0, 5, 0.5, { ...R1, version: 3, intervalCs: 50 });
  assert.equal(v3.analyze().groups[0].state.masterDown, 1.804688);

  // Two masters at the end: split brain, the latest to take over first.
  const split = new Scenario();
  split.every(0, 20, 1, R1);
  split.every(5.5, 20.5, 1, R2);
  const sb = split.analyze().groups[0].state;
  assert.equal(sb.status, 'split-brain');
  assert.deepEqual(sb.masters, [R2.address, R1.address]);

  // The master fell silent and nobody took over: no master; the age is the silent master's.
  const silent = new Scenario();
  silent.every(0, 10, 1, R1);
  const ns = silent.analyze({ end: 30 }).groups[0].state;
  assert.deepEqual([ns.status, ns.masters, ns.lastAdvertAge], ['no-master', [], 20]);

  // Only priority-0 adverts ever: no master known at all.
  const released = new Scenario();
  released.advert(0, { ...R1, priority: 0 });
  const u = released.analyze().groups[0].state;
  assert.deepEqual([u.status, u.masters, u.lastAdvertAge, u.masterDown], ['unknown', [], null, null]);
});

test('a failed health check: the master lowers its priority below a backup, which takes over (priority-drop)', () => {
  // keepalived vrrp_script weight -60: R1 150 -> 90 after its advert at 10; R2 (100) discards the
  // lowered adverts and takes over Master_Down_Interval after R1's last advert at 150.
  const s = new Scenario();
  s.every(0, 10, 1, R1);
  s.every(11, 13, 1, R1, { priority: 90 });
  s.every(13.61, 25, 1, R2);
  const g = s.analyze().groups[0];
  assert.deepEqual(
    g.transitions.map((t) => [t.from, t.to, t.cause]),
    [
      [null, R1.address, 'startup'],
      [R1.address, R2.address, 'priority-drop'],
    ],
  );
  const t = g.transitions[1];
  assert.equal(Number(t.delay!.toFixed(3)), 3.61, 'from the last advert at the old priority, not the lowered one');
  assert.equal(Number(t.expectedDelay!.toFixed(3)), 3.609);

  // A higher-priority router appearing while the master keeps its priority is a preemption.
  const p = new Scenario();
  p.every(0, 5, 1, R2); // R2 hears R1 and falls silent
  p.every(5.3, 10, 1, R1);
  assert.deepEqual(
    p.analyze().groups[0].transitions.map((x) => x.cause),
    ['startup', 'preemption'],
  );
});

test('a takeover starts with its first evidence: FRR IPv6 sends its NA one interval before its advert', () => {
  const vmac = '00:00:5e:00:02:33';
  const a = { address: 'fe80::1', mac: vmac, priority: 150, version: 3 as const, addresses: ['2001:db8::100'] };
  const b = { ...a, address: 'fe80::2', priority: 100 };
  const s = new Scenario();
  s.na(0, vmac, '2001:db8::100', '2001:db8::100'); // before the group's first advert: startup anchors on it too
  s.every(1, 10, 1, a);
  s.na(13.605, vmac, '2001:db8::100', '2001:db8::100');
  s.every(14.605, 25, 1, b);
  const r = s.analyze();
  const g = r.groups[0];
  assert.deepEqual(
    g.transitions.map((t) => [t.from, t.to, t.cause, rel(t.time)]),
    [
      [null, a.address, 'startup', 0],
      [a.address, b.address, 'master-down', 13.605],
    ],
  );
  assert.equal(Number(g.transitions[1].delay!.toFixed(3)), 3.605, 'from the NA, not from the advert a second later');
  assert.deepEqual(
    g.timeline.map((p) => [p.master, rel(p.from)]),
    [
      [a.address, 0],
      [b.address, 13.605],
    ],
  );
  assert.deepEqual(r.findings, [], 'the NA is the takeover announcement: no missing-gratuitous-arp, no slow failover');
});

test('findings own their values: frameCount is the true total past 100 frames; addresses are not live', () => {
  // A split brain of 200 s: two adverts a second, each proof counted once.
  const s = new Scenario();
  s.every(0, 300, 1, R1);
  s.every(50.5, 250.5, 1, R2);
  s.every(260, 270, 1, R1, { addresses: [VIP, '10.99.0.101'] }); // a second address, advertised later
  const dup = s.analyze().findings.find((f) => f.rule === 'duplicate-master')!;
  assert.equal(dup.frames.length, 100);
  assert.ok(
    dup.frameCount >= 390 && dup.frameCount <= 402,
    `frameCount ${dup.frameCount}: both streams, each frame once`,
  );
  assert.deepEqual(dup.addresses, [VIP], 'the addresses at the time, not the group list that grew afterwards');
});

test('liveness: a crashed master is silent since its last advert, a preempted one backup, a stopped one released', () => {
  const roles = (s: Scenario, end?: number) =>
    s.analyze(end === undefined ? {} : { end }).groups[0].state.routers.map((r) => [r.address, r.role, r.silentFor]);
  const crash = new Scenario();
  crash.every(0, 10, 1, R1);
  crash.every(13.61, 30, 1, R2);
  assert.deepEqual(roles(crash), [
    [R1.address, 'silent', 19.61], // the capture ends with R2's advert at 29.61
    [R2.address, 'master', 0],
  ]);
  const preempted = new Scenario();
  preempted.every(0, 5, 1, R2);
  preempted.every(5.3, 30, 1, R1);
  assert.deepEqual(roles(preempted), [
    [R1.address, 'master', 0],
    [R2.address, 'backup', 24.3],
  ]);
  const stopped = new Scenario();
  stopped.every(0, 10, 1, R1);
  stopped.advert(10.5, R1, { priority: 0 });
  stopped.every(11.109, 30, 1, R2);
  assert.deepEqual(roles(stopped)[0], [R1.address, 'released', 18.609]);
});

test('nothing at all for 80 s is a capture gap, not an outage: no no-master, no slow takeover, no self-transition', () => {
  const s = new Scenario();
  s.every(0, 20, 1, R1);
  s.every(100, 120, 1, R2); // another router after the gap
  s.every(130.5, 140, 1, R2); // and a real silence after it, inside the capture
  const r = s.analyze();
  assert.deepEqual(
    r.gaps.map((x) => [rel(x.from), rel(x.to)]),
    [[20, 100]],
  );
  const g = r.groups[0];
  assert.deepEqual(
    g.transitions.map((t) => [t.from, t.to, t.cause]),
    [
      [null, R1.address, 'startup'],
      [null, R2.address, 'startup'],
      [R2.address, R2.address, 'master-down'],
    ],
  );
  assert.deepEqual(
    r.findings.map((f) => f.rule),
    ['no-master'],
    'only the silence inside the capture',
  );
  assert.deepEqual([rel(r.findings[0].from), rel(r.findings[0].to)], [120, 130.5]);

  const same = new Scenario();
  same.every(0, 20, 1, R1);
  same.every(100, 120, 1, R1);
  assert.deepEqual(
    same.analyze().groups[0].transitions.map((t) => [t.from, t.to, t.cause]),
    [
      [null, R1.address, 'startup'],
      [null, R1.address, 'startup'],
    ],
  );
});

test('the state is contested while a second master has not proved a split brain, then split-brain', () => {
  // R2 never outranks R1: contested until both have advertised through two intervals.
  const at = (end: number) => {
    const s = new Scenario();
    s.every(0, end, 1, R1);
    s.every(10.5, end, 1, R2);
    return s.analyze().groups[0].state.status;
  };
  assert.equal(at(11), 'contested');
  assert.equal(at(13), 'split-brain');
});

test('a rule is ticked at the first packet, then only at the times it asks for, by packets and clock ticks alike', () => {
  const probe = (calls: number[]): Rule => ({
    meta: { id: 'probe', defaultSeverity: 'info', description: 'test', options: {}, messages: {} },
    create(ctx) {
      return {
        advert(e) {
          assert.equal(ctx.now(), e.time);
          if (rel(e.time) === 0) ctx.wake(e.time + 5.5);
          // An earlier time wins; the later one is forgotten with the call (the rule asks again).
          if (rel(e.time) === 2) ctx.wake(e.time + 1);
        },
        tick(now) {
          calls.push(rel(now));
          if (rel(now) === 3) ctx.wake(now + 3);
          // Asked again for a time already reached: the next packet or clock tick, not this one again.
          if (rel(now) === 6) ctx.wake(now);
        },
      };
    },
  });
  const s = new Scenario();
  s.every(0, 10, 1, R1);
  const file: number[] = [];
  s.analyze({ rules: [probe(file)] });
  assert.deepEqual(file, [0, 3, 6, 7]);
  const live: number[] = [];
  s.analyze({ rules: [probe(live)], tickEvery: 0.25 });
  assert.deepEqual(live, [0, 3, 6, 6.25]);
});

test('a long flapping history: the first 500 and the latest 500 transitions and master periods, every one counted', () => {
  // A takeover every 6 s, 1,400 in all.
  const report = flappingPair(700).analyze();
  const g = report.groups[0];
  const kept = [...Array.from({ length: 500 }, (_, k) => k), ...Array.from({ length: 500 }, (_, k) => 900 + k)];
  assert.equal(g.transitionCount, 1400);
  assert.deepEqual(
    g.transitions.map((t) => rel(t.time)),
    kept.map((k) => 6 * k),
  );
  assert.deepEqual(
    g.transitions.map((t) => t.to),
    kept.map((k) => (k % 2 ? R2 : R1).address),
  );
  // Per cause, every transition, kept or not.
  assert.deepEqual(g.transitionCauses, { startup: 1, 'master-down': 1399 });
  assert.equal(g.timelineCount, 1400);
  assert.deepEqual(
    g.timeline.map((p) => [p.master, rel(p.from), rel(p.to)]),
    kept.map((k) => [(k % 2 ? R2 : R1).address, 6 * k, 6 * k + 2]),
  );
  // What the renderers make of it: the text says how many are left out where; the metrics count all.
  const text = renderText(report, { time: 'epoch', color: false });
  assert.match(text, /master timeline \(1400 periods: the first 500 and the latest 500\)/);
  assert.match(text, /transitions \(1400: the first 500 and the latest 500\)/);
  assert.equal(text.match(/\.\.\. +400 more/g)?.length, 2);
  const metrics = [...prometheusLines(report, { version: '1', now: null })].join('\n');
  assert.match(metrics, /^vrrpscope_transitions_total\{.*cause="master-down"\} 1399$/m);
  assert.match(metrics, /^vrrpscope_transitions_total\{.*cause="startup"\} 1$/m);
});

test('a flood of 1,200 spoofed routers: 1000 listed (the master, the last heard, the busiest), every one counted', () => {
  // R1 is master throughout; R2 a backup that was master once, long before; 1,200 spoofed routers
  // advertise priority 50 once each (backups to R1), the last of them heard last of all.
  const s = new Scenario();
  s.every(0, 5, 1, R2);
  s.every(10, 200, 1, R1);
  for (let n = 0; n < 1200; n++) s.advert(11 + n * 0.15, floodRouter(n, { priority: 50 }));
  const report = s.analyze();
  const g = report.groups[0];
  assert.equal(g.routerCount, 1202);
  assert.equal(g.routers.length, 1000);
  const listed = g.routers.map((r) => r.address);
  assert.deepEqual(
    g.state.routers.map((r) => r.address),
    listed,
    'the state lists the same routers',
  );
  assert.deepEqual(
    listed,
    [...listed].sort((a, b) => compareAddresses(a, b)),
    'by address',
  );
  // The master, the busiest backup, and the spoofed router heard last are listed.
  for (const a of [R1.address, R2.address, floodRouter(1199).address]) assert.ok(listed.includes(a), a);
  assert.deepEqual(g.state.masters, [R1.address]);
  // Of the spoofed routers (one advert each), the latest heard.
  assert.ok(!listed.includes(floodRouter(0).address));
  // What the monitoring outputs make of it: every router counted.
  assert.ok(groupMetrics(g).some((m) => m.name === 'routers' && m.value === 1202));
  assert.match(groupLine(g), /, 202 more routers heard,/);
});

test('a flood of 300 spoofed routers each with a bad TTL and checksum: 100 findings of their own per rule, one for the rest', () => {
  const s = new Scenario();
  for (let i = 0; i < 300; i++) s.advert(i * 0.01, floodRouter(i, { ttl: 64, checksum: 'invalid' }));
  const r = s.analyze();
  for (const [rule, rest] of [
    ['invalid-ttl', 'ttls'],
    ['invalid-checksum', 'wrongChecksums'],
  ]) {
    const found = r.findings.filter((f) => f.rule === rule);
    assert.equal(found.length, 101, rule);
    const others = found.filter((f) => f.messageId === rest);
    assert.equal(others.length, 1, `${rule}: one finding for the rest`);
    assert.equal(others[0].data.count, 200);
    assert.equal(others[0].routers.length, 16, 'it names 16');
    assert.equal(others[0].frameCount, 200);
    const own = new Set(found.filter((f) => f !== others[0]).flatMap((f) => f.routers));
    assert.equal(own.size, 100);
    assert.ok(!others[0].routers.some((a) => own.has(a)), 'no router in both');
  }
});

test('a flood of routers each with an address of its own: the first 1000 addresses listed, every one counted', () => {
  const s = new Scenario();
  s.every(0, 200, 1, R1);
  for (let n = 0; n < 1100; n++)
    s.advert(1 + n * 0.15, floodRouter(n, { priority: 50, addresses: [VIP, `10.200.${n >> 8}.${n & 255}`] }));
  const report = s.analyze();
  const g = report.groups[0];
  assert.equal(g.virtualAddressCount, 1101);
  assert.deepEqual(g.virtualAddresses, [VIP, ...Array.from({ length: 999 }, (_, n) => `10.200.${n >> 8}.${n & 255}`)]);
  // The text report's title: every address one advert can carry (255), then how many more.
  const title = renderText(report, { time: 'epoch', color: false })
    .split('\n')
    .find((l) => l.startsWith('VRID 51'))!;
  assert.match(title, /virtual 10\.99\.0\.100, 10\.200\.0\.0, .*, 10\.200\.0\.253 and 846 more$/);
});
