/**
 * Bursts of 20,000 VRRP adverts on the test link (each carrying its index).
 *
 *  - At 10,000 frames/s, a storm cap keeps up with: every frame is delivered, once, in order,
 *    with its bytes.
 *  - Back to back (as fast as the sender goes, well over 100,000 frames/s here), faster than cap
 *    can read (about 80,000-90,000 packets/s on the test VM: the binding emits one JS event per
 *    packet): the kernel ring overflows. What is delivered is exact and in order, every packet the
 *    capture process received is delivered or counted as dropped, and both processes stay
 *    healthy. Frames lost in the kernel ring are not counted: cap does not expose libpcap's
 *    statistics (pcap_stats), so they are only reported here, from the sent indices.
 *
 * Needs root and the cap binding; skipped (visibly) otherwise.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test, type TestContext } from 'node:test';
import { openLiveCapture } from '../../src/capture/live/capture.js';
import { liveSkip, TestNet } from './netns.js';
import { garp, vrrpV4 } from '../support/traffic.js';

const COUNT = 20_000;

interface Outcome {
  delivered: number;
  batches: number;
  outOfOrder: number;
  badBytes: number;
  received: number;
  dropped: number;
  /** Packets kept from the batches (every 1000th), with the index they carried. */
  kept: [Buffer, number][];
}

async function burst(t: TestContext, net: TestNet, perSecond: number): Promise<Outcome> {
  const frame = vrrpV4(42);
  const indexAt = frame.length - 4; // the last bytes of the VRRPv2 authentication data
  const o: Outcome = { delivered: 0, batches: 0, outOfOrder: 0, badBytes: 0, received: 0, dropped: 0, kept: [] };
  const cap = await openLiveCapture(net.host);
  let last = -1;
  let arp = 0;
  const errors: Error[] = [];
  try {
    cap.start(
      (batch) => {
        o.batches++;
        for (const p of batch) {
          const b = p.data.subarray(p.offset, p.offset + p.caplen);
          if (b.length === 60 && b.readUInt16BE(12) === 0x0806) {
            arp++;
            continue;
          }
          const i = b.readUInt32BE(indexAt);
          if (i <= last) o.outOfOrder++;
          last = i;
          if (b.length !== frame.length || !b.subarray(0, indexAt).equals(frame.subarray(0, indexAt))) o.badBytes++;
          if (i % 1000 === 0) o.kept.push([b, i]); // packets own their bytes: keep some
          o.delivered++;
        }
      },
      (e) => errors.push(e),
    );
    const sent = await net.burst(frame, COUNT, indexAt, perSecond);
    t.diagnostic(
      `sent ${sent.sent} frames in ${(sent.seconds * 1000).toFixed(0)} ms (${Math.round(sent.sent / sent.seconds)} frames/s)`,
    );
    // Settled: everything the capture process received has been delivered.
    for (let end = Date.now() + 20_000; Date.now() < end;) {
      await new Promise((r) => setTimeout(r, 200));
      const s = cap.stats();
      if (s.received === o.delivered + s.dropped) break;
    }
    // Still healthy: a frame sent after the burst arrives.
    await net.send([garp()]);
    for (let end = Date.now() + 3000; arp === 0 && Date.now() < end;) await new Promise((r) => setTimeout(r, 20));
    assert.equal(arp, 1, 'a frame after the burst is delivered');
  } finally {
    await cap.stop();
  }
  assert.deepEqual(errors, []);
  const s = cap.stats();
  o.received = s.received - arp;
  o.dropped = s.dropped;
  t.diagnostic(
    `delivered ${o.delivered} in ${o.batches} batches; dropped and counted by vrrpscope ${o.dropped}; lost in the kernel ring (not visible through cap) ${COUNT - o.received}`,
  );
  return o;
}

function checkExact(o: Outcome): void {
  assert.equal(o.received, o.delivered + o.dropped, 'every packet received is delivered or counted as dropped');
  assert.equal(o.outOfOrder, 0, 'in order, no duplicates');
  assert.equal(o.badBytes, 0, 'bytes as sent');
  for (const [b, i] of o.kept) assert.equal(b.readUInt32BE(b.length - 4), i, 'kept packets still hold their own bytes');
}

describe('live capture under a burst', { skip: liveSkip }, () => {
  let net: TestNet;
  before(() => {
    net = TestNet.create('b');
  });
  after(() => net?.destroy());

  test(`${COUNT} packets at 10,000/s: all delivered, in order`, async (t) => {
    const o = await burst(t, net, 10_000);
    checkExact(o);
    assert.equal(o.delivered, COUNT, 'all delivered');
    assert.equal(o.dropped, 0);
  });

  test(`${COUNT} packets back to back: exact and in order as far as delivered, both processes healthy`, async (t) => {
    const o = await burst(t, net, 0);
    checkExact(o);
    assert.ok(o.delivered >= 500, `at least a kernel ring's worth delivered (${o.delivered})`);
    assert.ok(o.delivered + o.dropped <= COUNT);
  });
});
