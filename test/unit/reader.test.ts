/**
 * The capture reader (src/capture/reader.ts, inputs.ts, source.ts) on files built in memory with the
 * test writers: exact frame numbers, timestamps, lengths, link types, interfaces, sections and bytes.
 * Damaged files are covered by test/robustness/truncation.test.ts, not here.
 */
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { CaptureError } from '../../src/capture/errors.js';
import { readCaptures, type InputSummary, type PacketHandler } from '../../src/capture/inputs.js';
import { formatTime, type CapturedPacket } from '../../src/capture/packet.js';
import { BufferSource, StreamSource, type ByteSource } from '../../src/capture/source.js';
import {
  ARP_OP,
  BROADCAST_MAC,
  ETHERTYPE,
  IPPROTO,
  SLL_PKTTYPE,
  VRRP_GROUP_V4,
  arp,
  ethernet,
  ipv4,
  multicastMac,
  sll,
  sll2,
  vrrp2,
  vrrpMac,
} from '../support/frames.js';
import {
  LINKTYPE,
  pcapngBlocks,
  writePcap,
  writePcapng,
  type PcapngBlock,
  type Timestamp,
} from '../support/pcap-writer.js';

// ---------------------------------------------------------------------------
// Frames: distinct contents and lengths, so a frame delivered in the wrong place shows
// ---------------------------------------------------------------------------

/** An IPv4 VRRPv2 advert (no Ethernet padding: 54 bytes, not a multiple of 4). */
function advertIp(vrid: number): Buffer {
  return ipv4({
    src: `10.0.${vrid}.1`,
    dst: VRRP_GROUP_V4,
    proto: IPPROTO.VRRP,
    payload: vrrp2({ vrid, priority: 100 + vrid, addresses: [`10.0.${vrid}.254`] }),
  });
}

function advertEth(vrid: number): Buffer {
  return ethernet({
    dst: multicastMac(VRRP_GROUP_V4),
    src: vrrpMac(vrid),
    type: ETHERTYPE.IPV4,
    payload: advertIp(vrid),
  });
}

function garpArp(vip: string, mac: string): Buffer {
  return arp({ op: ARP_OP.REQUEST, sha: mac, spa: vip, tha: BROADCAST_MAC, tpa: vip });
}

/** An unpadded gratuitous ARP in Ethernet: 42 bytes. */
function garpEth(vip: string): Buffer {
  return ethernet({ dst: BROADCAST_MAC, src: vrrpMac(1), type: ETHERTYPE.ARP, payload: garpArp(vip, vrrpMac(1)) });
}

function garpSll(vip: string): Buffer {
  return sll({
    pktType: SLL_PKTTYPE.BROADCAST,
    addr: vrrpMac(2),
    protocol: ETHERTYPE.ARP,
    payload: garpArp(vip, vrrpMac(2)),
  });
}

function advertSll2(vrid: number): Buffer {
  return sll2({
    protocol: ETHERTYPE.IPV4,
    ifindex: 7,
    pktType: SLL_PKTTYPE.MULTICAST,
    addr: vrrpMac(vrid),
    payload: advertIp(vrid),
  });
}

/** `n` bytes counting up from `seed`: a payload whose every byte position is checkable. */
function pattern(n: number, seed = 0): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (seed + i * 7) & 0xff;
  return b;
}

const ts = (sec: number, nsec = 0): Timestamp => ({ sec, nsec });

// ---------------------------------------------------------------------------
// Reading helpers
// ---------------------------------------------------------------------------

/** Everything a reader says about one frame, copied out of the reused CapturedPacket. */
interface Frame {
  input: number;
  frame: number;
  sec: number;
  nsec: number;
  caplen: number;
  origLen: number;
  linkType: number;
  ifIndex: number;
  section: number;
  bytes: Buffer;
}

function snapshot(p: CapturedPacket): Frame {
  return {
    input: p.input,
    frame: p.frame,
    sec: p.sec,
    nsec: p.nsec,
    caplen: p.caplen,
    origLen: p.origLen,
    linkType: p.linkType,
    ifIndex: p.ifIndex,
    section: p.section,
    bytes: Buffer.from(p.data.subarray(p.offset, p.offset + p.caplen)),
  };
}

/** The Frame a test expects; caplen is the length of `data`, origLen defaults to it. */
function expected(o: {
  frame: number;
  ts: Timestamp;
  data: Buffer;
  linkType: number;
  origLen?: number;
  ifIndex?: number;
  section?: number;
  input?: number;
}): Frame {
  return {
    input: o.input ?? 0,
    frame: o.frame,
    sec: o.ts.sec,
    nsec: o.ts.nsec,
    caplen: o.data.length,
    origLen: o.origLen ?? o.data.length,
    linkType: o.linkType,
    ifIndex: o.ifIndex ?? 0,
    section: o.section ?? 0,
    bytes: o.data,
  };
}

/** Reads the sources and returns every frame (copied) and the per-input summaries. */
async function readFrames(
  sources: ByteSource[],
  stopAfter = Infinity,
): Promise<{ frames: Frame[]; summaries: InputSummary[] }> {
  const frames: Frame[] = [];
  const summaries = await readCaptures(sources, (p) => {
    frames.push(snapshot(p));
    if (frames.length >= stopAfter) return false;
  });
  return { frames, summaries };
}

/** One in-memory file read whole; `chunk` bounds every read of the source. */
async function readBytes(bytes: Buffer, chunk?: number): Promise<{ frames: Frame[]; summary: InputSummary }> {
  const { frames, summaries } = await readFrames([new BufferSource('mem', bytes, chunk)]);
  assert.equal(summaries.length, 1);
  return { frames, summary: summaries[0] };
}

/** The summary fields worth comparing, with the link-type map as sorted pairs. */
function summaryOf(s: InputSummary) {
  return {
    name: s.name,
    format: s.format,
    packets: s.packets,
    linkTypes: [...s.linkTypes].sort((a, b) => a[0] - b[0]),
    warnings: s.warnings.length,
    error: s.error?.message,
  };
}

/** Compact "input:frame@sec.nsec" labels, for order assertions with readable diffs. */
function order(frames: Frame[]): string[] {
  return frames.map((f) => `${f.input}:${f.frame}@${f.sec}.${String(f.nsec).padStart(9, '0')}`);
}

// ---------------------------------------------------------------------------
// Classic pcap
// ---------------------------------------------------------------------------

for (const variant of [
  { bigEndian: false, nanos: false, format: 'pcap' },
  { bigEndian: true, nanos: false, format: 'pcap' },
  { bigEndian: false, nanos: true, format: 'pcap-ns' },
  { bigEndian: true, nanos: true, format: 'pcap-ns' },
] as const) {
  const label = `${variant.bigEndian ? 'big' : 'little'}-endian ${variant.nanos ? 'nanosecond' : 'microsecond'}`;
  test(`classic pcap, ${label}: every field and byte of every frame`, async () => {
    const frac = variant.nanos ? 199_002_123 : 199_002_000;
    const packets = [
      { ts: ts(1795561302, frac), data: advertEth(51) },
      { ts: ts(1795561302, frac + 1000), data: garpEth('10.0.51.254') },
      // Snaplen cut: 20 bytes captured of a 1514-byte frame.
      { ts: ts(1795561303, 0), data: pattern(20, 3), origLen: 1514 },
      { ts: ts(4294967295, 999_999_000), data: pattern(1, 9) }, // largest u32 second, a 1-byte frame
    ];
    const file = writePcap({
      linkType: LINKTYPE.ETHERNET,
      bigEndian: variant.bigEndian,
      nanos: variant.nanos,
      packets,
    });
    const { frames, summary } = await readBytes(file);
    assert.deepEqual(
      frames,
      packets.map((p, i) =>
        expected({ frame: i + 1, ts: p.ts, data: p.data, origLen: p.origLen, linkType: LINKTYPE.ETHERNET }),
      ),
    );
    assert.deepEqual(summaryOf(summary), {
      name: 'mem',
      format: variant.format,
      packets: 4,
      linkTypes: [[LINKTYPE.ETHERNET, 4]],
      warnings: 0,
      error: undefined,
    });
  });
}

test('classic pcap: link type read in the file byte order, only its low 16 bits kept (FCS bits above)', async () => {
  for (const bigEndian of [false, true]) {
    const fcsBits = 0x14000000; // "FCS present, 4 bytes" per linktypes.html
    const file = writePcap({
      linkType: LINKTYPE.LINUX_SLL | fcsBits,
      bigEndian,
      packets: [{ ts: ts(1), data: garpSll('10.0.0.1') }],
    });
    const { frames, summary } = await readBytes(file);
    assert.equal(frames[0].linkType, LINKTYPE.LINUX_SLL, `${bigEndian ? 'BE' : 'LE'}: link type`);
    assert.deepEqual([...summary.linkTypes], [[LINKTYPE.LINUX_SLL, 1]]);
  }
});

test('classic pcap: a fraction field of a second or more carries into the seconds', async () => {
  const file = writePcap({ linkType: LINKTYPE.ETHERNET, packets: [{ ts: ts(10, 0), data: pattern(8) }] });
  file.writeUInt32LE(1_500_000, 24 + 4); // 1.5 s worth of microseconds in the fraction field
  const { frames } = await readBytes(file);
  assert.deepEqual([frames[0].sec, frames[0].nsec], [11, 500_000_000]);
});

test('classic pcap: a file with a header and no records is zero frames, no warning', async () => {
  const { frames, summary } = await readBytes(writePcap({ linkType: LINKTYPE.RAW, packets: [] }));
  assert.deepEqual(frames, []);
  assert.deepEqual(summaryOf(summary), {
    name: 'mem',
    format: 'pcap',
    packets: 0,
    linkTypes: [],
    warnings: 0,
    error: undefined,
  });
});

// ---------------------------------------------------------------------------
// pcapng
// ---------------------------------------------------------------------------

for (const bigEndian of [false, true]) {
  const endian = bigEndian ? 'big' : 'little';
  test(`pcapng, ${endian}-endian: enhanced packet blocks, default microsecond resolution`, async () => {
    const blocks = [
      { ts: ts(1795561302, 199_002_000), data: advertEth(20) }, // 54 bytes: padded in the block
      { ts: ts(1795561302, 199_003_000), data: garpEth('10.0.20.254'), comment: 'an option after the packet data' },
      { ts: ts(1795561304, 0), data: pattern(33, 1), origLen: 9000 },
    ];
    const file = writePcapng({
      sections: [
        {
          bigEndian,
          interfaces: [{ linkType: LINKTYPE.ETHERNET }],
          blocks: blocks.map((b) => ({ kind: 'epb', iface: 0, ...b })),
        },
      ],
    });
    const { frames, summary } = await readBytes(file);
    assert.deepEqual(
      frames,
      blocks.map((b, i) =>
        expected({ frame: i + 1, ts: b.ts, data: b.data, origLen: b.origLen, linkType: LINKTYPE.ETHERNET }),
      ),
    );
    assert.deepEqual(summaryOf(summary), {
      name: 'mem',
      format: 'pcapng',
      packets: 3,
      linkTypes: [[LINKTYPE.ETHERNET, 3]],
      warnings: 0,
      error: undefined,
    });
  });
}

/** Three sections of alternating byte order whose interface 0 has a different link type each time. */
function threeSections(): { file: Buffer; want: Frame[] } {
  const s0a = advertEth(1);
  const s0b = garpSll('10.0.0.2');
  const s1 = advertIp(3);
  const s2 = advertSll2(4);
  const file = writePcapng({
    sections: [
      {
        interfaces: [{ linkType: LINKTYPE.ETHERNET }, { linkType: LINKTYPE.LINUX_SLL, tsresol: 9 }],
        blocks: [
          { kind: 'epb', iface: 0, ts: ts(100, 1000), data: s0a },
          { kind: 'epb', iface: 1, ts: ts(101, 123_456_789), data: s0b },
        ],
      },
      {
        bigEndian: true,
        interfaces: [{ linkType: LINKTYPE.RAW, tsresol: 9 }],
        blocks: [{ kind: 'epb', iface: 0, ts: ts(102, 5), data: s1 }],
      },
      {
        interfaces: [{ linkType: LINKTYPE.LINUX_SLL2, tsresol: 3 }],
        blocks: [{ kind: 'epb', iface: 0, ts: ts(103, 7_000_000), data: s2 }],
      },
    ],
  });
  const want = [
    expected({ frame: 1, ts: ts(100, 1000), data: s0a, linkType: LINKTYPE.ETHERNET, section: 0, ifIndex: 0 }),
    expected({ frame: 2, ts: ts(101, 123_456_789), data: s0b, linkType: LINKTYPE.LINUX_SLL, section: 0, ifIndex: 1 }),
    expected({ frame: 3, ts: ts(102, 5), data: s1, linkType: LINKTYPE.RAW, section: 1, ifIndex: 0 }),
    expected({ frame: 4, ts: ts(103, 7_000_000), data: s2, linkType: LINKTYPE.LINUX_SLL2, section: 2, ifIndex: 0 }),
  ];
  return { file, want };
}

test('pcapng: several sections, mixed byte order: section counts up, interfaces redefined per section', async () => {
  const { file, want } = threeSections();
  const { frames, summary } = await readBytes(file);
  assert.deepEqual(frames, want);
  assert.deepEqual(summaryOf(summary).linkTypes, [
    [LINKTYPE.ETHERNET, 1],
    [LINKTYPE.RAW, 1],
    [LINKTYPE.LINUX_SLL, 1],
    [LINKTYPE.LINUX_SLL2, 1],
  ]);
});

test('pcapng: a new section forgets the previous section interfaces', async () => {
  // Section 1 describes only interface 0; point its packet at interface 1 (described in section 0 only).
  const { file, want } = threeSections();
  const blocks = pcapngBlocks(file);
  const epbInSection1 = blocks.filter((b) => b.type === 6)[2];
  assert.ok(epbInSection1.bigEndian, 'the third EPB is the big-endian section 1 packet');
  const damaged = Buffer.from(file);
  damaged.writeUInt32BE(1, epbInSection1.offset + 8);
  const { frames, summary } = await readBytes(damaged);
  assert.deepEqual(frames, want.slice(0, 2), 'the two section 0 frames are delivered');
  assert.ok(summary.error instanceof CaptureError, 'the section 1 packet is an error, not a section 0 interface');
  assert.match(summary.error.message, /refers to interface 1, which was not described/);
  assert.equal(summary.error.offset, epbInSection1.offset);
});

test('pcapng: if_tsresol absent, 6, 9, 3, 2^-10 and 2^-30; if_tsoffset positive and negative', async () => {
  const interfaces = [
    { linkType: LINKTYPE.ETHERNET }, // 0: absent = microseconds
    { linkType: LINKTYPE.ETHERNET, tsresol: 6 }, // 1
    { linkType: LINKTYPE.ETHERNET, tsresol: 9 }, // 2
    { linkType: LINKTYPE.ETHERNET, tsresol: 3 }, // 3: milliseconds
    { linkType: LINKTYPE.ETHERNET, tsresol: 0x80 | 10 }, // 4: 1/1024 s
    { linkType: LINKTYPE.ETHERNET, tsresol: 0x80 | 30 }, // 5: 2^-30 s, ticks beyond 2^53
    { linkType: LINKTYPE.ETHERNET, tsresol: 9, tsoffset: 1_795_561_300 }, // 6
    { linkType: LINKTYPE.ETHERNET, tsresol: 6, tsoffset: -3600 }, // 7
  ];
  const cases: Array<[iface: number, t: Timestamp, why: string]> = [
    [0, ts(1795561302, 199_002_000), 'default resolution is microseconds'],
    [1, ts(1795561302, 199_002_000), 'tsresol 6'],
    [1, ts(9_999_999_999, 999_999_000), 'microsecond ticks beyond 2^53 (year 2286)'],
    [2, ts(1795561302, 199_002_123), 'nanosecond ticks beyond 2^53, exact'],
    [2, ts(1795561302, 999_999_999), 'last nanosecond of a second'],
    [2, ts(0, 1), 'first nanosecond of the epoch'],
    [3, ts(1795561302, 199_000_000), 'tsresol 3'],
    [4, ts(1795561302, 500_000_000), '512/1024 s'],
    [4, ts(1795561302, 1_953_125), '2/1024 s, exact in nanoseconds'],
    [5, ts(1795561302, 195_312_500), '2^-30 s ticks, long division'],
    [6, ts(1795561302, 5_000), 'tsoffset added to a small tick count'],
    [7, ts(1795561302, 7_000), 'negative tsoffset'],
  ];
  const data = cases.map((_, i) => pattern(40 + i, i));
  const file = writePcapng({
    sections: [{ interfaces, blocks: cases.map(([iface, t], i) => ({ kind: 'epb', iface, ts: t, data: data[i] })) }],
  });
  // The offsets were applied by the writer: interface 6's raw ticks are just 2.000005 s.
  const epb6 = pcapngBlocks(file).filter((b) => b.type === 6)[10];
  assert.deepEqual([file.readUInt32LE(epb6.offset + 12), file.readUInt32LE(epb6.offset + 16)], [0, 2_000_005_000]);

  const { frames } = await readBytes(file);
  assert.equal(frames.length, cases.length);
  cases.forEach(([iface, t, why], i) => {
    assert.deepEqual(
      { sec: frames[i].sec, nsec: frames[i].nsec, ifIndex: frames[i].ifIndex },
      { sec: t.sec, nsec: t.nsec, ifIndex: iface },
      why,
    );
    assert.deepEqual(frames[i].bytes, data[i], `${why}: bytes`);
  });
});

test('pcapng: if_tsresol 12 (picoseconds) converts to nanoseconds exactly', async () => {
  // Picoseconds are exactly representable in nanoseconds when they are whole nanoseconds.
  const nsecs = [100_198_042, 1, 999_999_999, 123_456_789];
  for (let k = 1; k <= 400; k++) nsecs.push((k * 2_499_997) % 1_000_000_000);
  const file = writePcapng({
    sections: [
      {
        interfaces: [{ linkType: LINKTYPE.ETHERNET, tsresol: 12 }],
        blocks: nsecs.map((nsec, i) => ({ kind: 'epb', iface: 0, ts: ts(1000 + i, nsec), data: pattern(4) })),
      },
    ],
  });
  const { frames } = await readBytes(file);
  const wrong = frames
    .map((f, i) => ({
      want: `${1000 + i}.${String(nsecs[i]).padStart(9, '0')}`,
      got: `${f.sec}.${String(f.nsec).padStart(9, '0')}`,
    }))
    .filter((x) => x.want !== x.got);
  assert.deepEqual(
    wrong.slice(0, 5),
    [],
    `${wrong.length} of ${nsecs.length} picosecond timestamps misconverted (first five shown)`,
  );
});

test('pcapng: simple packet blocks have no timestamp and a captured length bounded by the snaplen', async () => {
  const long = pattern(100, 5);
  const odd = pattern(61, 6); // padded to 64 in the block: the padding is not part of the frame
  const cut = pattern(40, 7); // a frame written cut, with its original length
  const epbData = advertEth(9);
  const blocks: PcapngBlock[] = [
    { kind: 'spb', data: long },
    { kind: 'epb', iface: 0, ts: ts(1795561302, 1000), data: epbData },
    { kind: 'spb', data: odd },
    { kind: 'spb', data: cut, origLen: 1500 },
  ];
  const file = writePcapng({
    sections: [
      { interfaces: [{ linkType: LINKTYPE.ETHERNET, snaplen: 64 }], blocks },
      { bigEndian: true, interfaces: [{ linkType: LINKTYPE.ETHERNET, snaplen: 0 }], blocks }, // 0: no limit
    ],
  });
  const { frames } = await readBytes(file);
  const e = LINKTYPE.ETHERNET;
  assert.deepEqual(frames, [
    expected({ frame: 1, ts: ts(0, 0), data: long.subarray(0, 64), origLen: 100, linkType: e }),
    expected({ frame: 2, ts: ts(1795561302, 1000), data: epbData, linkType: e }),
    expected({ frame: 3, ts: ts(0, 0), data: odd, linkType: e }),
    expected({ frame: 4, ts: ts(0, 0), data: cut, origLen: 1500, linkType: e }),
    expected({ frame: 5, ts: ts(0, 0), data: long, linkType: e, section: 1 }),
    expected({ frame: 6, ts: ts(1795561302, 1000), data: epbData, linkType: e, section: 1 }),
    expected({ frame: 7, ts: ts(0, 0), data: odd, linkType: e, section: 1 }),
    expected({ frame: 8, ts: ts(0, 0), data: cut, origLen: 1500, linkType: e, section: 1 }),
  ]);
});

test('pcapng: unknown, statistics, name-resolution and custom blocks are skipped by their length', async () => {
  const a = advertEth(7);
  const b = garpEth('10.0.7.254');
  const skip = (type: number, n: number): PcapngBlock => ({ kind: 'unknown', type, body: pattern(n, type & 0xff) });
  const file = writePcapng({
    sections: [
      {
        interfaces: [{ linkType: LINKTYPE.ETHERNET, tsresol: 9 }],
        blocks: [
          skip(0x80000abc, 25), // local use
          { kind: 'epb', iface: 0, ts: ts(5, 1), data: a },
          skip(4, 0), // name resolution block (empty body)
          skip(5, 16), // interface statistics
          skip(0x00000bad, 3), // custom
          skip(0x40000bad, 1000),
          { kind: 'epb', iface: 0, ts: ts(5, 2), data: b },
          skip(0x12345678, 8),
        ],
      },
    ],
  });
  const { frames, summary } = await readBytes(file);
  assert.deepEqual(frames, [
    expected({ frame: 1, ts: ts(5, 1), data: a, linkType: LINKTYPE.ETHERNET }),
    expected({ frame: 2, ts: ts(5, 2), data: b, linkType: LINKTYPE.ETHERNET }),
  ]);
  assert.equal(summary.packets, 2);
  assert.deepEqual(summary.warnings, []);
});

test('pcapng: interfaces with different link types in one section, each packet carrying its own', async () => {
  const kinds = [
    { linkType: LINKTYPE.ETHERNET, data: (i: number) => advertEth(i) },
    { linkType: LINKTYPE.LINUX_SLL, data: (i: number) => garpSll(`10.1.0.${i}`) },
    { linkType: LINKTYPE.RAW, data: (i: number) => advertIp(i) },
    { linkType: LINKTYPE.LINUX_SLL2, data: (i: number) => advertSll2(i) },
  ];
  // Interleaved, not round-robin: 0 1 2 3 3 1 0 2 1 1
  const ifaceOrder = [0, 1, 2, 3, 3, 1, 0, 2, 1, 1];
  const blocks = ifaceOrder.map((iface, i) => ({
    kind: 'epb' as const,
    iface,
    ts: ts(50 + i),
    data: kinds[iface].data(i + 1),
  }));
  const file = writePcapng({ sections: [{ interfaces: kinds.map((k) => ({ linkType: k.linkType })), blocks }] });
  const { frames, summary } = await readBytes(file);
  assert.deepEqual(
    frames,
    blocks.map((b, i) =>
      expected({ frame: i + 1, ts: b.ts, data: b.data, linkType: kinds[b.iface].linkType, ifIndex: b.iface }),
    ),
  );
  assert.deepEqual(summaryOf(summary).linkTypes, [
    [LINKTYPE.ETHERNET, 2],
    [LINKTYPE.RAW, 2],
    [LINKTYPE.LINUX_SLL, 4],
    [LINKTYPE.LINUX_SLL2, 2],
  ]);
});

// ---------------------------------------------------------------------------
// Chunking and streams
// ---------------------------------------------------------------------------

/** A pcap and a pcapng whose records are of many sizes, so small chunks split them everywhere. */
function chunkingFiles(): Array<[string, Buffer]> {
  const datas = Array.from({ length: 40 }, (_, i) =>
    i % 3 === 0 ? advertEth(i + 1) : pattern(1 + ((i * 37) % 300), i),
  );
  const pcap = writePcap({
    linkType: LINKTYPE.ETHERNET,
    nanos: true,
    packets: datas.map((data, i) => ({ ts: ts(1000 + i, i * 3), data, origLen: data.length + (i % 2) })),
  });
  const pcapng = Buffer.concat([
    writePcapng({
      sections: [
        {
          interfaces: [{ linkType: LINKTYPE.ETHERNET, tsresol: 9 }, { linkType: LINKTYPE.RAW }],
          blocks: datas.flatMap((data, i): PcapngBlock[] => [
            {
              kind: 'epb',
              iface: i % 2,
              ts: ts(2000 + i, i % 2 ? 1000 * i : i),
              data,
              comment: i % 5 ? undefined : 'c'.repeat(i),
            },
            ...(i % 7 === 0 ? [{ kind: 'unknown', type: 0x80000001, body: pattern(i) } as PcapngBlock] : []),
          ]),
        },
      ],
    }),
    threeSections().file,
  ]);
  return [
    ['pcap', pcap],
    ['pcapng', pcapng],
  ];
}

test('chunking: chunk sizes 1, 7, 4096 and the default give identical frames', async () => {
  for (const [name, file] of chunkingFiles()) {
    const reference = await readBytes(file);
    assert.ok(reference.frames.length >= 40, `${name}: all frames read`);
    for (const chunk of [1, 7, 4096]) {
      const { frames, summary } = await readBytes(file, chunk);
      assert.deepEqual(frames, reference.frames, `${name}, chunk ${chunk}: frames`);
      assert.deepEqual(summaryOf(summary), summaryOf(reference.summary), `${name}, chunk ${chunk}: summary`);
    }
  }
});

test('StreamSource over a Readable of odd-sized Buffers gives the same frames as BufferSource', async () => {
  for (const [name, file] of chunkingFiles()) {
    const reference = await readBytes(file);
    const pieces: Buffer[] = [];
    for (let at = 0, i = 0; at < file.length; i++) {
      const n = [1, 3, 17, 4095, 2, 1000, 13][i % 7];
      pieces.push(file.subarray(at, at + n));
      at += n;
    }
    const { frames, summaries } = await readFrames([new StreamSource('stream', Readable.from(pieces))]);
    assert.deepEqual(frames, reference.frames, `${name}: frames`);
    assert.deepEqual(summaryOf(summaries[0]), { ...summaryOf(reference.summary), name: 'stream' }, `${name}: summary`);
  }
});

test('StreamSource: an empty chunk in the stream is not the end of the input', async () => {
  // Object-mode streams (Readable.from, many transforms) can yield zero-length Buffers.
  const packets = [advertEth(1), advertEth(2), advertEth(3)].map((data, i) => ({ ts: ts(10 + i), data }));
  const file = writePcap({ linkType: LINKTYPE.ETHERNET, packets });
  const pieces = [file.subarray(0, 30), Buffer.alloc(0), file.subarray(30)];
  const { frames, summaries } = await readFrames([new StreamSource('stream', Readable.from(pieces))]);
  assert.deepEqual(
    summaries[0].warnings.map((w) => w.message),
    [],
    'no truncation warning',
  );
  assert.equal(frames.length, 3, 'all three frames are read');
});

// ---------------------------------------------------------------------------
// Merging several inputs
// ---------------------------------------------------------------------------

test('merging three inputs: timestamp order, ties in input order, per-file frame numbers, early end', async () => {
  const T = 1_700_000_000;
  // A (pcap µs), B (pcapng ns), C (pcap ns, ends after one frame).
  const a = [ts(T, 1000), ts(T + 1, 0), ts(T + 1, 500_000_000), ts(T + 3, 0)];
  const b = [ts(T, 999), ts(T + 1, 0), ts(T + 1, 500_000_000), ts(T + 2, 1)];
  const c = [ts(T, 1000)];
  const fileA = writePcap({
    linkType: LINKTYPE.ETHERNET,
    packets: a.map((t, i) => ({ ts: t, data: pattern(20, 0xa0 + i) })),
  });
  const fileB = writePcapng({
    sections: [
      {
        interfaces: [{ linkType: LINKTYPE.ETHERNET }, { linkType: LINKTYPE.LINUX_SLL, tsresol: 9 }],
        blocks: b.map((t, i) => ({ kind: 'epb', iface: 1, ts: t, data: pattern(20, 0xb0 + i) })),
      },
    ],
  });
  const fileC = writePcap({
    linkType: LINKTYPE.RAW,
    nanos: true,
    packets: c.map((t, i) => ({ ts: t, data: pattern(20, 0xc0 + i) })),
  });

  // Read with small chunks too: a reader waiting for bytes must not reorder anything.
  for (const chunk of [undefined, 5]) {
    const { frames, summaries } = await readFrames([
      new BufferSource('A', fileA, chunk),
      new BufferSource('B', fileB, chunk),
      new BufferSource('C', fileC, chunk),
    ]);
    assert.deepEqual(
      order(frames),
      [
        `1:1@${T}.000000999`,
        `0:1@${T}.000001000`, // tie with C's only frame: A first (input order)
        `2:1@${T}.000001000`,
        `0:2@${T + 1}.000000000`, // tie with B: A first
        `1:2@${T + 1}.000000000`,
        `0:3@${T + 1}.500000000`,
        `1:3@${T + 1}.500000000`,
        `1:4@${T + 2}.000000001`,
        `0:4@${T + 3}.000000000`,
      ],
      `chunk ${chunk}: order`,
    );
    // Each frame's bytes and link type belong to its own input.
    for (const f of frames) {
      assert.equal(
        f.bytes[0],
        [0xa0, 0xb0, 0xc0][f.input] + f.frame - 1,
        `input ${f.input} frame ${f.frame}: its own bytes`,
      );
      assert.equal(f.linkType, [LINKTYPE.ETHERNET, LINKTYPE.LINUX_SLL, LINKTYPE.RAW][f.input]);
      assert.equal(f.ifIndex, f.input === 1 ? 1 : 0);
    }
    assert.deepEqual(summaries.map(summaryOf), [
      { name: 'A', format: 'pcap', packets: 4, linkTypes: [[LINKTYPE.ETHERNET, 4]], warnings: 0, error: undefined },
      { name: 'B', format: 'pcapng', packets: 4, linkTypes: [[LINKTYPE.LINUX_SLL, 4]], warnings: 0, error: undefined },
      { name: 'C', format: 'pcap-ns', packets: 1, linkTypes: [[LINKTYPE.RAW, 1]], warnings: 0, error: undefined },
    ]);
  }
});

test('merging two inputs, one without any packet', async () => {
  const packets = [ts(3), ts(1), ts(2)].map((t, i) => ({ ts: t, data: pattern(10, i) })); // out of order in the file
  const { frames, summaries } = await readFrames([
    new BufferSource(
      'empty',
      writePcapng({ sections: [{ interfaces: [{ linkType: LINKTYPE.ETHERNET }], blocks: [] }] }),
    ),
    new BufferSource('full', writePcap({ linkType: LINKTYPE.ETHERNET, packets })),
  ]);
  // A merge orders the heads of the inputs; within one file the file order is kept.
  assert.deepEqual(order(frames), ['1:1@3.000000000', '1:2@1.000000000', '1:3@2.000000000']);
  assert.deepEqual(
    summaries.map(summaryOf).map((s) => [s.name, s.format, s.packets, s.linkTypes]),
    [
      ['empty', 'pcapng', 0, []],
      ['full', 'pcap', 3, [[LINKTYPE.ETHERNET, 3]]],
    ],
  );
});

// ---------------------------------------------------------------------------
// Large records, the reused packet, stopping
// ---------------------------------------------------------------------------

test('a 2 MiB record (beyond the 1 MiB initial window) is read whole, in pcap and pcapng', async () => {
  const big = pattern(2 << 20, 11);
  const small1 = advertEth(1);
  const small2 = pattern(5, 99);
  const pcap = writePcap({
    linkType: LINKTYPE.ETHERNET,
    snaplen: 4 << 20,
    packets: [
      { ts: ts(1), data: small1 },
      { ts: ts(2), data: big },
      { ts: ts(3), data: small2 },
    ],
  });
  const pcapng = writePcapng({
    sections: [
      {
        interfaces: [{ linkType: LINKTYPE.ETHERNET, snaplen: 0 }],
        blocks: [
          { kind: 'epb', iface: 0, ts: ts(1), data: small1 },
          { kind: 'epb', iface: 0, ts: ts(2), data: big },
          { kind: 'epb', iface: 0, ts: ts(3), data: small2 },
        ],
      },
    ],
  });
  const want = [small1, big, small2].map((data, i) =>
    expected({ frame: i + 1, ts: ts(i + 1), data, linkType: LINKTYPE.ETHERNET }),
  );
  for (const [name, file] of [
    ['pcap', pcap],
    ['pcapng', pcapng],
  ] as const) {
    for (const chunk of [undefined, 65536, 999_983]) {
      const { frames, summary } = await readBytes(file, chunk);
      assert.equal(summary.error, undefined, `${name}, chunk ${chunk}: no error`);
      assert.equal(frames.length, 3, `${name}, chunk ${chunk}: three frames`);
      frames.forEach((f, i) => {
        // Compared field by field: a failing deepEqual of 2 MiB buffers would print all of them.
        assert.deepEqual(
          { ...f, bytes: undefined },
          { ...want[i], bytes: undefined },
          `${name}, chunk ${chunk}, frame ${i + 1}`,
        );
        assert.ok(f.bytes.equals(want[i].bytes), `${name}, chunk ${chunk}, frame ${i + 1}: bytes`);
      });
    }
  }
});

test('the CapturedPacket is one reused object per input: keep a copy, not the packet', async () => {
  const datas = [advertEth(1), garpEth('10.0.0.9'), pattern(30, 4)];
  const file = writePcap({ linkType: LINKTYPE.ETHERNET, packets: datas.map((data, i) => ({ ts: ts(100 + i), data })) });
  const kept: CapturedPacket[] = [];
  const copies: Buffer[] = [];
  await readCaptures([new BufferSource('mem', file)], (p) => {
    kept.push(p);
    copies.push(Buffer.from(p.data.subarray(p.offset, p.offset + p.caplen)));
  });
  assert.equal(kept.length, 3);
  assert.ok(
    kept.every((p) => p === kept[0]),
    'every call receives the same object',
  );
  assert.deepEqual([kept[0].frame, kept[0].sec], [3, 102], 'a kept reference shows the last frame, not the first');
  assert.deepEqual(copies, datas, 'copies made during the callback are the frames');

  // With several inputs, each input has its own object.
  const perInput = new Map<number, Set<CapturedPacket>>();
  await readCaptures([new BufferSource('x', file), new BufferSource('y', file)], (p) => {
    if (!perInput.has(p.input)) perInput.set(p.input, new Set());
    perInput.get(p.input)!.add(p);
  });
  assert.deepEqual(
    [...perInput.values()].map((s) => s.size),
    [1, 1],
  );
  const [x, y] = [...perInput.values()].map((s) => [...s][0]);
  assert.notEqual(x, y, 'two inputs never share a packet object');
});

test('onPacket returning false stops reading; undefined and true continue', async () => {
  const file = writePcap({
    linkType: LINKTYPE.ETHERNET,
    packets: Array.from({ length: 10 }, (_, i) => ({ ts: ts(i), data: pattern(8, i) })),
  });
  const calls = async (sources: ByteSource[], handler: (n: number) => boolean | void): Promise<number> => {
    let n = 0;
    const onPacket: PacketHandler = () => handler(++n);
    await readCaptures(sources, onPacket);
    return n;
  };
  assert.equal(await calls([new BufferSource('a', file)], (n) => n !== 3), 3, 'one input: stops at the third frame');
  assert.equal(await calls([new BufferSource('a', file)], () => false), 1, 'one input: false on the first frame');
  assert.equal(await calls([new BufferSource('a', file, 3)], (n) => (n < 7 ? undefined : false)), 7, 'small chunks');
  assert.equal(await calls([new BufferSource('a', file)], () => true), 10, 'true continues');
  assert.equal(
    await calls([new BufferSource('a', file), new BufferSource('b', file)], (n) => n !== 5),
    5,
    'two inputs: stops at the fifth',
  );
  assert.equal(
    await calls([new BufferSource('a', file), new BufferSource('b', file)], () => undefined),
    20,
    'two inputs: all',
  );
});

// ---------------------------------------------------------------------------
// formatTime
// ---------------------------------------------------------------------------

test('formatTime: exact decimal text, trailing zeros trimmed down to microseconds', () => {
  const cases: Array<[number, number, string]> = [
    [1795561302, 199_002_000, '1795561302.199002'],
    [1795561302, 199_002_123, '1795561302.199002123'],
    [1795561302, 199_002_120, '1795561302.19900212'],
    [1, 0, '1'],
    [0, 0, '0'],
    [1, 5, '1.000000005'],
    [1, 120_000_000, '1.120000'],
    [1, 1000, '1.000001'],
    [1, 100, '1.0000001'],
    [1, 999_999_999, '1.999999999'],
    [1700000000, 500_000_000, '1700000000.500000'],
    [4294967295, 1, '4294967295.000000001'],
  ];
  for (const [sec, nsec, text] of cases) assert.equal(formatTime(sec, nsec), text, `formatTime(${sec}, ${nsec})`);
});
