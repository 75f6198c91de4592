/**
 * Schema 3's activity data (src/analyze/activity.ts): priority changes, silences, advert buckets
 * and announcements, bounded whatever the capture's length.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACTIVITY_LIMIT, ADVERT_TIMES_KEPT, BUCKETS, Buckets } from '../../src/analyze/activity.js';
import { R1, R2, rel, Scenario, VIP } from '../support/scenario.js';

test('buckets that start counting late (count(times)) hold what counting all along gives', () => {
  let seed = 99;
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let run = 0; run < 50; run++) {
    const counted = new Buckets();
    const late = new Buckets(false);
    const times: number[] = [];
    const n = 1 + Math.floor(rnd() * 3000);
    const switchAt = Math.floor(rnd() * n);
    let t = 1795561300 + rnd() * 100;
    for (let i = 0; i < n; i++) {
      // Mostly forward, by steps from milliseconds to minutes; now and then a little back.
      t += rnd() < 0.05 ? -rnd() : rnd() ** 4 * 200;
      counted.add(t);
      if (i === switchAt) late.count(times);
      late.add(t);
      if (i < switchAt) times.push(t);
    }
    if (late.counts === null) late.count(times);
    assert.deepEqual(
      late.report((x) => x),
      counted.report((x) => x),
      `run ${run}`,
    );
  }
});

test('buckets: every event counted, the width doubles as time runs past the last bucket', () => {
  const b = new Buckets();
  const n = 10_000;
  for (let i = 0; i < n; i++) b.add(1000 + i * 0.37);
  const r = b.report((t) => t);
  assert.equal(
    r.counts.reduce((a, c) => a + c, 0),
    n,
  );
  assert.ok(r.counts.length <= BUCKETS);
  // 3700 s: the narrowest power-of-two multiple of 0.05 s whose buckets cover it.
  const span = (n - 1) * 0.37;
  assert.ok(r.width * BUCKETS > span && (r.width / 2) * BUCKETS <= span, `width ${r.width}`);
  assert.equal(Math.log2(r.width / 0.05) % 1, 0);
  assert.equal(r.from, 1000);
  // Each bucket holds the events in [from + i*width, from + (i+1)*width).
  const expected = new Array<number>(r.counts.length).fill(0);
  for (let i = 0; i < n; i++) expected[Math.floor((1000 + i * 0.37 - r.from) / r.width)]++;
  assert.deepEqual(r.counts, expected);
});

test('a crash, a takeover, a priority drop and a release: priority changes, silences, announcements', () => {
  const s = new Scenario();
  s.every(0, 10, 1, R1);
  // R1 crashes; R2 takes over 3.7 s after R1's last advert with a gratuitous ARP.
  s.garp(13.69, R2.mac, VIP);
  s.every(13.7, 30, 1, R2);
  // R1 comes back and preempts; R2 yields (quiet as a backup: not a silence).
  s.garp(30.49, R1.mac, VIP);
  s.every(30.5, 40.5, 1, R1);
  s.every(41.5, 44.5, 1, R1, { priority: 90 });
  s.advert(45, R1, { priority: 0 });
  const r = s.analyze();
  const g = r.groups[0];
  const r1 = g.routers.find((x) => x.address === R1.address)!;
  const r2 = g.routers.find((x) => x.address === R2.address)!;
  assert.deepEqual(
    r1.priorityChanges.map((c) => [rel(c.time), c.priority]),
    [
      [0, 150],
      [41.5, 90],
      [45, 0],
    ],
  );
  assert.equal(r1.priorityChangeCount, 3);
  assert.deepEqual(
    r2.priorityChanges.map((c) => c.priority),
    [100],
  );
  // R1's crash is a silence (10 -> 30.5); R2's quiet after yielding is not, nor R1's after its release.
  assert.deepEqual(
    r1.silences.map((x) => [rel(x.from), rel(x.to)]),
    [[10, 30.5]],
  );
  assert.deepEqual(r2.silences, []);
  assert.deepEqual(
    g.announcements.map((a) => [rel(a.time), a.mac]),
    [
      [13.69, R2.mac],
      [30.49, R1.mac],
    ],
  );
  assert.equal(g.announcementCount, 2);
  assert.equal(r1.advertTimes?.length, r1.adverts);
  // With every advert's time listed, the buckets would repeat them: left empty.
  assert.deepEqual(r1.activity.counts, []);
});

test('a master silent at the end of the capture: an open silence up to the end', () => {
  const s = new Scenario();
  s.every(0, 10, 1, R1);
  s.every(0, 30, 1, R2, { priority: 50, addresses: ['10.99.0.200'] }); // another cluster keeps the capture going
  const g = s.analyze().groups[0];
  const r1 = g.routers.find((x) => x.address === R1.address)!;
  assert.deepEqual(
    r1.silences.map((x) => [rel(x.from), rel(x.to), x.open]),
    [[10, 30, true]],
  );
});

test('bounded: priority changes and silences are capped with their totals, advert times dropped past the limit', () => {
  const s = new Scenario();
  const n = ACTIVITY_LIMIT + 200;
  for (let i = 0; i < n; i++) {
    // Alternating priorities, a 5 s silence between adverts (longer than Master_Down_Interval).
    s.advert(i * 5, R1, { priority: i % 2 ? 150 : 140 });
  }
  const r1 = s.analyze().groups[0].routers[0];
  assert.equal(r1.priorityChanges.length, ACTIVITY_LIMIT);
  assert.equal(r1.priorityChangeCount, n);
  assert.equal(r1.silences.length, ACTIVITY_LIMIT);
  assert.ok(r1.silenceCount >= n - 1);
  assert.ok(n > ADVERT_TIMES_KEPT);
  assert.equal(r1.advertTimes, undefined);
  assert.equal(
    r1.activity.counts.reduce((a, c) => a + c, 0),
    n,
  );
});
