/**
 * arp-conflict's window of claims (numbers in a ring and an open-addressing table) against a plain
 * Map that remembers every claim: the same previous claim for every address, through growth of
 * both and through deletions from the table.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClaimWindow, ipv4Number, macNumber, macText } from '../../src/analyze/rules/claims.js';

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

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('the previous claim within the window, as a Map of every claim says', () => {
  const window = 5;
  const w = new ClaimWindow(window);
  const all = new Map<string, { mac: string; time: number; frame: number }>();
  const rnd = mulberry32(7);
  const segments = ['1||', '1||vlan10', '2||'];
  const macs = ['02:00:00:00:00:01', '02:00:00:00:00:02', 'aa:bb:cc:dd:ee:ff', '00:11:22', 'AA:BB:CC:DD:EE:FF'];
  let t = 0;
  let found = 0;
  for (let frame = 1; frame <= 60_000; frame++) {
    t += rnd() * 0.01;
    const seg = segments[Math.floor(rnd() * segments.length)];
    // A few thousand addresses, some IPv6 (kept as text), so that addresses come back within and
    // after the window, and the ring and the table both grow and shrink.
    const n = Math.floor(rnd() * 3000);
    const address = n % 10 === 0 ? `fe80::${n.toString(16)}` : `10.0.${n >> 8}.${n & 255}`;
    const mac = macs[Math.floor(rnd() * macs.length)];
    const key = `${seg}|${address}`;
    const prev = all.get(key);
    const expected = prev && t - prev.time <= window ? prev : undefined;
    const got = w.add(seg, address, mac, t, frame);
    assert.equal(got, expected !== undefined, `frame ${frame}`);
    if (expected) {
      found++;
      assert.deepEqual(
        [w.prevMac, w.prevSameMac, w.prevTime, w.prevFrame],
        [expected.mac, expected.mac === mac, expected.time, expected.frame],
      );
    }
    all.set(key, { mac, time: t, frame });
  }
  assert.ok(found > 1000 && found < 59_000, `${found} previous claims found`);
});
