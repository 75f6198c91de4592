/**
 * Several inputs merged in time order: a scan of the heads for a few inputs, a heap for many (rotated
 * files). Both must give the same order: by time, ties in input order, each input's own order kept.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readCaptures } from '../../src/capture/inputs.js';
import { BufferSource } from '../../src/capture/source.js';
import { writePcap } from '../support/pcap-writer.js';

/** Input `i`'s frames: payload "i:k", at the given seconds (nanosecond pcap). */
function input(i: number, times: number[]): BufferSource {
  const packets = times.map((t, k) => ({
    ts: { sec: Math.floor(t), nsec: Math.round((t % 1) * 1e9) },
    data: Buffer.from(`${i}:${k}`),
  }));
  return new BufferSource(`in${i}`, writePcap({ linkType: 1, nanos: true, packets }));
}

async function order(inputs: number[][]): Promise<string[]> {
  const out: string[] = [];
  await readCaptures(
    inputs.map((t, i) => input(i, t)),
    (p) => void out.push(p.data.subarray(p.offset, p.offset + p.caplen).toString()),
  );
  return out;
}

/** The order the merge promises, computed directly. */
function expected(inputs: number[][]): string[] {
  return inputs
    .flatMap((times, i) => times.map((t, k) => ({ t, i, k })))
    .sort((a, b) => a.t - b.t || a.i - b.i || a.k - b.k)
    .map((x) => `${x.i}:${x.k}`);
}

test('a few inputs and many (heap): time order, ties in input order, each input in its own order', async () => {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (const n of [2, 5, 8, 9, 40, 300]) {
    // Sorted times per input, on a coarse grid so that ties across inputs are common.
    const inputs = Array.from({ length: n }, () => {
      const times = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => 1000 + Math.floor(rand() * 20) / 4);
      return times.sort((a, b) => a - b);
    });
    assert.deepEqual(await order(inputs), expected(inputs), `${n} inputs`);
  }
});

test('rotated files (no overlap): read one after the other, whatever order they are named in', async () => {
  const files = Array.from({ length: 50 }, (_, i) => [2000 + i * 10, 2000 + i * 10 + 1, 2000 + i * 10 + 2]);
  const shuffled = [...files].reverse();
  const out = await order(shuffled);
  assert.equal(out.length, 150);
  assert.deepEqual(out.slice(0, 3), ['49:0', '49:1', '49:2']);
  assert.deepEqual(out.slice(-3), ['0:0', '0:1', '0:2']);
});
