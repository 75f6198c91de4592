/**
 * Damaged capture files: every complete frame before the damage is delivered, the damage is named
 * with its byte offset, and nothing throws anything but a CaptureError.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CaptureError } from '../../src/capture/errors.js';
import { readCaptures } from '../../src/capture/inputs.js';
import { BufferSource } from '../../src/capture/source.js';
import { Dissector } from '../../src/dissect/decode.js';
import { HAVE_PUBLIC_CAPTURES, NO_PUBLIC_CAPTURES, PUBLIC_CAPTURES } from '../support/paths.js';

/**
 * The file's structure, walked independently of the reader: the end offset of the file header and of
 * every record (classic pcap) or block (pcapng), and whether it holds a packet. Little-endian files only.
 */
function structure(bytes: Buffer): { end: number; packet: boolean }[] {
  const out: { end: number; packet: boolean }[] = [];
  if (bytes.readUInt32LE(0) === 0x0a0d0d0a) {
    assert.equal(bytes.readUInt32LE(8), 0x1a2b3c4d, 'little-endian pcapng');
    for (let p = 0; p < bytes.length;) {
      const type = bytes.readUInt32LE(p);
      p += bytes.readUInt32LE(p + 4);
      out.push({ end: p, packet: type === 6 || type === 3 || type === 2 });
    }
  } else {
    assert.equal(bytes.readUInt32LE(0), 0xa1b2c3d4, 'little-endian microsecond pcap');
    out.push({ end: 24, packet: false });
    for (let p = 24; p < bytes.length;) {
      p += 16 + bytes.readUInt32LE(p + 8);
      out.push({ end: p, packet: true });
    }
  }
  return out;
}

async function readAll(bytes: Uint8Array, chunk?: number) {
  const d = new Dissector();
  let frames = 0;
  const [summary] = await readCaptures([new BufferSource('cut', bytes, chunk)], (p) => {
    frames++;
    d.decode(p);
  });
  return { frames, summary };
}

const FILES = [
  'tcpdump-vrrp.pcap', // classic pcap, microseconds, VRRP v2/v3 over IPv4 and IPv6
  'ndpi-vrrp3.pcapng', // pcapng, VLAN
  'chrissanders-arppoison.pcapng', // pcapng, many blocks
  'zeek-linuxsll-arp.pcap', // SLL
  'packetlife-VRRP_failover.cap',
];

if (!HAVE_PUBLIC_CAPTURES) {
  test('truncated copies of real captures', { skip: NO_PUBLIC_CAPTURES }, () => {});
} else {
  for (const file of FILES) {
    test(`truncated copies of ${file}: every complete frame, then a warning with the offset`, async () => {
      const path = join(PUBLIC_CAPTURES, file);
      assert.ok(existsSync(path));
      const bytes = readFileSync(path);
      const blocks = structure(bytes);
      const ends = blocks.filter((b) => b.packet).map((b) => b.end);
      const boundaries = new Set(blocks.map((b) => b.end));
      assert.ok(ends.length > 0);
      // Every cut in the first 64 bytes and around each record end, plus a stride through the rest.
      const cuts = new Set<number>();
      for (let c = 0; c <= Math.min(64, bytes.length); c++) cuts.add(c);
      for (const e of boundaries)
        for (const d of [-1, 0, 1, 7]) if (e + d >= 0 && e + d <= bytes.length) cuts.add(e + d);
      for (let c = 0; c <= bytes.length; c += Math.max(1, Math.floor(bytes.length / 400))) cuts.add(c);

      for (const cut of cuts) {
        const expected = ends.filter((e) => e <= cut).length;
        let result;
        try {
          result = await readAll(bytes.subarray(0, cut), 97); // an odd chunk size crosses every boundary
        } catch (err) {
          assert.ok(err instanceof CaptureError, `cut ${cut}: ${String(err)}`);
          assert.equal(expected, 0, `cut ${cut}: a CaptureError after ${expected} complete frames`);
          assert.match(err.message, /^cut: /);
          continue;
        }
        assert.equal(result.frames, expected, `cut at ${cut}`);
        assert.equal(result.summary.error, undefined, `cut at ${cut}: truncation is a warning, not an error`);
        if (boundaries.has(cut)) {
          assert.deepEqual(result.summary.warnings, [], `cut at ${cut} is between records: no warning`);
        } else {
          assert.equal(result.summary.warnings.length, 1, `cut at ${cut}: expected one truncation warning`);
          assert.match(result.summary.warnings[0].message, /truncated.*byte offset \d+/);
        }
      }
    });
  }
}

// ---- synthetic damage on a small classic pcap built here ----

function pcap(frames: Buffer[]): Buffer {
  const parts: Buffer[] = [];
  const head = Buffer.alloc(24);
  head.writeUInt32LE(0xa1b2c3d4, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(65535, 16);
  head.writeUInt32LE(1, 20);
  parts.push(head);
  frames.forEach((f, i) => {
    const h = Buffer.alloc(16);
    h.writeUInt32LE(1795561300 + i, 0);
    h.writeUInt32LE(i * 1000, 4);
    h.writeUInt32LE(f.length, 8);
    h.writeUInt32LE(f.length, 12);
    parts.push(h, f);
  });
  return Buffer.concat(parts);
}

const FRAME = Buffer.from('ffffffffffff0299000000010806000108000604000102990000000100000000000000000000', 'hex');

test('a record length beyond any sane bound is an error naming the offset, after the frames before it', async () => {
  const file = pcap([FRAME, FRAME, FRAME, FRAME]);
  const third = 24 + 2 * (16 + FRAME.length);
  for (const bogus of [0xfffffff0, 300000, 0x7fffffff]) {
    const bad = Buffer.from(file);
    bad.writeUInt32LE(bogus, third + 8);
    const t0 = process.hrtime.bigint();
    const { frames, summary } = await readAll(bad);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    assert.equal(frames, 2, 'the two frames before the bad record are delivered');
    assert.ok(summary.error instanceof CaptureError);
    assert.equal(summary.error.offset, third);
    assert.match(summary.error.message, new RegExp(`record length ${bogus} exceeds the maximum`));
    assert.ok(ms < 1000, `rejected quickly (${ms} ms), without allocating the claimed size`);
  }
});

test('inputs that are not captures get one clear error each', async () => {
  const cases: Array<[string, Buffer, RegExp]> = [
    ['empty', Buffer.alloc(0), /empty file/],
    [
      'text',
      Buffer.from('hello, this is not a capture\n'),
      /not a capture file \(magic 0x68656c6c; expected pcap or pcapng\)/,
    ],
    ['json', Buffer.from('{"a": 1}'), /looks like text/],
    ['gzip', Buffer.from('1f8b0800000000000003', 'hex'), /gzip-compressed/],
    ['short', Buffer.from('d4c3b2a10200', 'hex'), /truncated pcap file header/],
    ['three bytes', Buffer.from('0a0d0d', 'hex'), /only 3 bytes/],
  ];
  for (const [name, bytes, re] of cases) {
    await assert.rejects(
      readCaptures([new BufferSource(name, bytes)], () => {}),
      (err: unknown) => err instanceof CaptureError && re.test(err.message) && err.message.startsWith(`${name}: `),
      name,
    );
  }
});

test('pcapng block damage: bad length, bad trailer, unknown interface', async () => {
  // SHB + IDB + one EPB, built by hand (little-endian).
  const shb = Buffer.from('0a0d0d0a1c0000004d3c2b1a01000000ffffffffffffffff1c000000', 'hex');
  const idb = Buffer.from('01000000140000000100000000000400' + '14000000', 'hex');
  const data = Buffer.concat([FRAME, Buffer.alloc((4 - (FRAME.length % 4)) % 4)]);
  const epbLen = 32 + data.length;
  const epb = Buffer.alloc(epbLen);
  epb.writeUInt32LE(6, 0);
  epb.writeUInt32LE(epbLen, 4);
  epb.writeUInt32LE(0, 8);
  epb.writeUInt32LE(0x0006, 12);
  epb.writeUInt32LE(0x12345678, 16);
  epb.writeUInt32LE(FRAME.length, 20);
  epb.writeUInt32LE(FRAME.length, 24);
  data.copy(epb, 28);
  epb.writeUInt32LE(epbLen, epbLen - 4);
  const good = Buffer.concat([shb, idb, epb, epb]);
  assert.equal((await readAll(good)).frames, 2);

  const secondEpb = shb.length + idb.length + epb.length;
  const mutate = (f: (b: Buffer) => void) => {
    const b = Buffer.from(good);
    f(b);
    return b;
  };
  const cases: Array<[Buffer, RegExp]> = [
    [mutate((b) => b.writeUInt32LE(0x7ffffff0, secondEpb + 4)), /block length 2147483632 exceeds the maximum/],
    [mutate((b) => b.writeUInt32LE(13, secondEpb + 4)), /block length 13 is invalid/],
    [mutate((b) => b.writeUInt32LE(epbLen + 4, secondEpb + epbLen - 4)), /trailing length that does not match/],
    [mutate((b) => b.writeUInt32LE(3, secondEpb + 8)), /refers to interface 3, which was not described/],
    [mutate((b) => b.writeUInt32LE(epbLen, secondEpb + 20)), /captured length \d+ does not fit/],
  ];
  for (const [bytes, re] of cases) {
    const { frames, summary } = await readAll(bytes);
    assert.equal(frames, 1, `${re}: the frame before the damage is delivered`);
    assert.ok(summary.error, `${re}: an error is reported`);
    assert.match(summary.error.message, re);
    assert.equal(summary.error.offset, secondEpb);
  }
});
