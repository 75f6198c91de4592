/**
 * arp-conflict's window of claims (numbers in a ring and an open-addressing table) against a plain
 * Map that remembers every claim: the same previous claim for every address, through growth of
 * both and through deletions from the table.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClaimWindow, ipv4Number, macNumber, macText } from '../../src/analyze/rules/claims.js';
import { mulberry32 } from '../support/random.js';

test('ipv4Number takes only the printed dotted quad', () => {
  assert.equal(ipv4Number('10.1.2.3'), 0x0a010203);
  assert.equal(ipv4Number('255.255.255.255'), 0xffffffff);
  assert.equal(ipv4Number('0.0.0.0'), 0);
  for (const bad of ['', '1.2.3', '1.2.3.4.5', '01.2.3.4', '256.1.1.1', '1..2.3', 'fe80::1', '1.2.3.4 ', '1.2.3.'])
    assert.equal(ipv4Number(bad), -1, bad);
});

test('macNumber and macText round-trip the printed form only', () => {
  for (const m of ['00:00:00:00:00:00', 'ff:ff:ff:ff:ff:ff', '02:99:00:0a:bc:01', '00:00:5e:00:01:33'])
    assert.equal(macText(macNumber(m)), m);
  for (const bad of [
    '02:99:00:0A:bc:01',
    '02-99-00-0a-bc-01',
    '02:99:00:0a:bc',
    '02:99:00:0a:bc:011',
    'zz:99:00:0a:bc:01',
  ])
    assert.equal(macNumber(bad), -1, bad);
});

test('the previous claim within the window, as a Map of every claim says', () => {
  const window = 5;
  const w = new ClaimWindow(window);
  const all = new Map<string, { mac: string; time: number; frame: number }>();
  const rnd = mulberry32(7);
  const segments = ['1||', '1||vlan10', '2||'];
  const macs = ['02:00:00:00:00:01', '02:00:00:00:00:02', 'aa:bb:cc:dd:ee:ff', '00:11:22', 'AA:BB:CC:DD:EE:FF'];
  let t = 0;
  let latest = -Infinity;
  let found = 0;
  for (let frame = 1; frame <= 60_000; frame++) {
    t += rnd() * 0.01;
    // One frame in twenty a little out of order: a claim that later frames put out of the window
    // stays out (the window is measured from the latest claim too).
    const time = rnd() < 0.05 ? t - rnd() * 0.5 : t;
    const seg = segments[Math.floor(rnd() * segments.length)];
    // A few thousand addresses, some IPv6 (kept as text), so that addresses come back within and
    // after the window, and the ring and the table both grow and shrink.
    const n = Math.floor(rnd() * 3000);
    const address = n % 10 === 0 ? `fe80::${n.toString(16)}` : `10.0.${n >> 8}.${n & 255}`;
    const mac = macs[Math.floor(rnd() * macs.length)];
    const key = `${seg}|${address}`;
    const prev = all.get(key);
    const expected = prev && time - prev.time <= window && latest - prev.time <= window ? prev : undefined;
    const got = w.add(seg, address, mac, time, frame);
    assert.equal(got, expected !== undefined, `frame ${frame}`);
    if (expected) {
      found++;
      assert.deepEqual(
        [w.prevMac, w.prevSameMac, w.prevTime, w.prevFrame],
        [expected.mac, expected.mac === mac, expected.time, expected.frame],
      );
    }
    all.set(key, { mac, time, frame });
    latest = Math.max(latest, time);
  }
  assert.ok(found > 1000 && found < 59_000, `${found} previous claims found`);
});

test('a scan of distinct senders keeps the window of claims, not the capture', () => {
  const window = 2;
  const w = new ClaimWindow(window);
  // 200,000 senders at 1,000 claims/s: 2,000 within the window at any time, each address once
  // (IPv4 as numbers) or once in ten (IPv6, kept as text).
  let most = 0;
  for (let i = 0; i < 200_000; i++) {
    const t = i / 1000;
    const address = i % 10 === 0 ? `2001:db8::${i.toString(16)}` : `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    assert.equal(w.add('1||', address, '02:00:00:00:00:01', t, i + 1), false);
    most = Math.max(most, w.tableSlots);
  }
  // Room grows only when more than three quarters stay live after a sweep: the 1,800 IPv4 claims
  // within the window fit 4,096 entries (never the 180,000 of the capture).
  assert.ok(most <= 4096, `room for ${most}`);
  // And the claims within the window are still found, with their frame: the last sender (i 199,999)
  // and the last IPv6 one (i 199,990).
  assert.equal(w.add('1||', '10.3.13.63', '02:00:00:00:00:02', 200, 300_000), true);
  assert.deepEqual([w.prevFrame, w.prevSameMac, w.prevMac], [200_000, false, '02:00:00:00:00:01']);
  assert.equal(w.add('1||', '2001:db8::30d36', '02:00:00:00:00:01', 200, 300_001), true);
  assert.deepEqual([w.prevFrame, w.prevSameMac], [199_991, true]);
  // The first senders, long out of the window, are not.
  assert.equal(w.add('1||', '10.0.0.1', '02:00:00:00:00:02', 200, 300_002), false);
});
