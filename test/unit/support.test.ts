// Tests for the test-side packet writer (test/support/*).
//
// Pure unit tests pin the checksum and encodings to known vectors; the oracle
// tests write every fixture (plus a file of builder extras) to a temporary
// directory and check what an independent implementation, Wireshark's tshark
// (and capinfos, mergecap, tcpdump), reads back. All fixtures are merged into
// one file so tshark starts only twice.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  ARP_OP,
  BROADCAST_MAC,
  ETHERTYPE,
  IPPROTO,
  VRRP_GROUP_V4,
  arp,
  arpRaw,
  bytesToIpv6,
  bytesToMac,
  carp,
  ethernet,
  icmpv6Nd,
  inetChecksum,
  ipv4,
  ipv6,
  ipv6ToBytes,
  macToBytes,
  multicastMac,
  onesComplementSum,
  pseudoHeader,
  tcp,
  udp,
  vrrp2,
  vrrp3,
  vrrpMac,
} from '../support/frames.js';
import {
  LINKTYPE,
  pcapRecords,
  pcapngBlocks,
  setPcapRecordLength,
  setPcapngBlockLength,
  toTimestampUnits,
  truncate,
  writePcap,
  writePcapng,
} from '../support/pcap-writer.js';
import { FIXTURES, T0, repoRoot } from '../support/make-fixtures.js';

const run = promisify(execFile);

// ---------------------------------------------------------------------------
// Pure unit tests
// ---------------------------------------------------------------------------

test('inetChecksum matches known vectors', () => {
  // RFC 1071 §3: the sum of 0001 f203 f4f5 f6f7 is ddf2, so the checksum is 220d.
  const rfc1071 = Buffer.from('0001f203f4f5f6f7', 'hex');
  assert.equal(onesComplementSum(rfc1071), 0xddf2);
  assert.equal(inetChecksum(rfc1071), 0x220d);
  // The same bytes split at an odd boundary: words must not shift.
  assert.equal(inetChecksum(rfc1071.subarray(0, 3), rfc1071.subarray(3)), 0x220d);
  // A textbook IPv4 header (checksum field zeroed) whose checksum is b861.
  assert.equal(inetChecksum(Buffer.from('450000730000400040110000c0a80001c0a800c7', 'hex')), 0xb861);
  // Odd length: the last byte is the high byte of a zero-padded word.
  assert.equal(inetChecksum(Buffer.from([0x01])), 0xfeff);
  // End-around carry: ffff + ffff folds to ffff.
  assert.equal(onesComplementSum(Buffer.from('ffffffff', 'hex')), 0xffff);
  assert.equal(inetChecksum(Buffer.alloc(0)), 0xffff);
  // A message carrying its own checksum sums to ffff.
  assert.equal(
    onesComplementSum(ipv4({ src: '10.0.0.1', dst: '10.0.0.2', proto: 17, payload: Buffer.alloc(0) })),
    0xffff,
  );
});

test('address helpers', () => {
  assert.deepEqual(macToBytes('00:00:5E:00:01:33'), Buffer.from('00005e000133', 'hex'));
  assert.equal(bytesToMac(Buffer.from('00005e000133', 'hex')), '00:00:5e:00:01:33');
  assert.equal(vrrpMac(51), '00:00:5e:00:01:33');
  assert.equal(vrrpMac(30, 6), '00:00:5e:00:02:1e');
  assert.equal(multicastMac('224.0.0.18'), '01:00:5e:00:00:12');
  assert.equal(multicastMac('239.128.1.2'), '01:00:5e:00:01:02'); // only 23 bits map
  assert.equal(multicastMac('ff02::12'), '33:33:00:00:00:12');
  const v6 = (s: string): string => ipv6ToBytes(s).toString('hex');
  assert.equal(v6('::'), '0'.repeat(32));
  assert.equal(v6('::1'), '0'.repeat(31) + '1');
  assert.equal(v6('fe80::1'), 'fe80' + '0'.repeat(27) + '1');
  assert.equal(v6('2001:db8:0:0:1:0:0:1'), '20010db8000000000001000000000001');
  assert.equal(v6('::ffff:192.0.2.1'), '00000000000000000000ffffc0000201');
  assert.throws(() => ipv6ToBytes('1::2::3'));
  assert.throws(() => ipv6ToBytes('1:2:3:4:5:6:7:8:9'));
  // RFC 5952 §4: compress the longest zero run, the first on a tie, never a single group.
  const canon = (s: string): string => bytesToIpv6(ipv6ToBytes(s));
  assert.equal(canon('2001:db8:0:0:1:0:0:1'), '2001:db8::1:0:0:1');
  assert.equal(canon('2001:db8:0:1:1:1:1:1'), '2001:db8:0:1:1:1:1:1');
  assert.equal(canon('FF02:0:0:0:0:0:0:12'), 'ff02::12');
  assert.equal(canon('::'), '::');
});

test('builders encode lengths and checksums', () => {
  // VRRPv3/IPv4, rfc5798 style: the RFC 8200-layout pseudo-header with 4-byte
  // addresses sums exactly like the RFC 768 layout.
  const src = '192.0.2.2';
  const msg = vrrp3({ vrid: 1, priority: 100, addresses: ['192.0.2.254'], family: 4, src, dst: VRRP_GROUP_V4 });
  assert.equal(onesComplementSum(pseudoHeader(src, VRRP_GROUP_V4, IPPROTO.VRRP, msg.length), msg), 0xffff);
  const v9568 = vrrp3({
    vrid: 1,
    priority: 100,
    addresses: ['192.0.2.254'],
    family: 4,
    src,
    dst: VRRP_GROUP_V4,
    checksumStyle: 'rfc9568',
  });
  assert.equal(onesComplementSum(v9568), 0xffff);
  const bad = vrrp3({
    vrid: 1,
    priority: 100,
    addresses: ['192.0.2.254'],
    family: 4,
    src,
    dst: VRRP_GROUP_V4,
    checksumStyle: 'bad',
  });
  assert.notEqual(bad.readUInt16BE(6), msg.readUInt16BE(6));
  assert.notEqual(bad.readUInt16BE(6), v9568.readUInt16BE(6));
  // VRRPv2: 8 header + 4 per address + 8 auth bytes; count can lie on request.
  const v2 = vrrp2({
    vrid: 7,
    priority: 1,
    addresses: ['10.0.0.1', '10.0.0.2'],
    authType: 1,
    authData: 'pw',
    count: 9,
  });
  assert.equal(v2.length, 24);
  assert.equal(v2[3], 9);
  assert.equal(v2.subarray(16).toString('latin1'), 'pw\0\0\0\0\0\0');
  assert.equal(carp({ vhid: 1, advskew: 0, advbase: 1, counter: 1n }).length, 36);
  // IPv6 extension headers are padded to 8-octet multiples with a valid PadN.
  const p = ipv6({
    src: 'fe80::1',
    dst: 'ff02::12',
    nextHeader: IPPROTO.VRRP,
    payload: Buffer.alloc(4),
    extHeaders: [{ type: IPPROTO.HOPOPTS, data: Buffer.alloc(0) }],
  });
  assert.equal(p[6], IPPROTO.HOPOPTS);
  assert.deepEqual([...p.subarray(40, 48)], [IPPROTO.VRRP, 0, 1, 4, 0, 0, 0, 0]);
  assert.equal(p.readUInt16BE(4), 12);
  // Ethernet: tags in order, padding to 60, 802.3 length field.
  const f = ethernet({
    dst: BROADCAST_MAC,
    src: vrrpMac(1),
    vlans: [
      { tpid: 0x88a8, id: 5 },
      { id: 6, pcp: 7 },
    ],
    type: ETHERTYPE.ARP,
    payload: Buffer.alloc(1),
    pad: true,
  });
  assert.equal(f.length, 60);
  assert.equal(f.subarray(12, 22).toString('hex'), '88a800058100e0060806');
  assert.equal(
    ethernet({ dst: BROADCAST_MAC, src: vrrpMac(1), type: 'length', payload: Buffer.alloc(36) }).readUInt16BE(12),
    36,
  );
});

test('writePcap: header and record layout in both byte orders', () => {
  const data = Buffer.from('abc');
  const le = writePcap({ linkType: LINKTYPE.ETHERNET, packets: [{ ts: { sec: 5, nsec: 6000 }, data, origLen: 9 }] });
  assert.equal(le.subarray(0, 4).toString('hex'), 'd4c3b2a1');
  assert.deepEqual(
    [le.readUInt16LE(4), le.readUInt16LE(6), le.readUInt32LE(16), le.readUInt32LE(20)],
    [2, 4, 262144, 1],
  );
  assert.deepEqual([le.readUInt32LE(24), le.readUInt32LE(28), le.readUInt32LE(32), le.readUInt32LE(36)], [5, 6, 3, 9]);
  const be = writePcap({
    linkType: LINKTYPE.LINUX_SLL2,
    nanos: true,
    bigEndian: true,
    packets: [{ ts: { sec: 5, nsec: 7 }, data }],
  });
  assert.equal(be.subarray(0, 4).toString('hex'), 'a1b23c4d');
  assert.deepEqual([be.readUInt32BE(20), be.readUInt32BE(28)], [276, 7]);
  assert.throws(() => writePcap({ linkType: 1, packets: [{ ts: { sec: 0, nsec: 1 }, data }] }), /microseconds/);
  assert.deepEqual(pcapRecords(be), [{ offset: 24, inclLen: 3, origLen: 3 }]);
});

test('writePcapng: block framing, endianness and timestamp units', () => {
  const file = writePcapng({
    sections: [
      {
        interfaces: [{ linkType: 1, name: 'x' }],
        blocks: [{ kind: 'epb', iface: 0, ts: { sec: 1, nsec: 5000 }, data: Buffer.alloc(5) }],
      },
      {
        bigEndian: true,
        interfaces: [{ linkType: 1, tsresol: 0x8a, tsoffset: 100 }],
        blocks: [
          { kind: 'spb', data: Buffer.alloc(3) },
          { kind: 'unknown', type: 0x80000001, body: Buffer.alloc(1) },
        ],
      },
    ],
  });
  const blocks = pcapngBlocks(file);
  assert.deepEqual(
    blocks.map((b) => [b.type, b.bigEndian]),
    [
      [0x0a0d0d0a, false],
      [1, false],
      [6, false],
      [0x0a0d0d0a, true],
      [1, true],
      [3, true],
      [0x80000001, true],
    ],
  );
  for (const b of blocks) {
    assert.equal(b.totalLength % 4, 0);
    const trailing = b.bigEndian
      ? file.readUInt32BE(b.offset + b.totalLength - 4)
      : file.readUInt32LE(b.offset + b.totalLength - 4);
    assert.equal(trailing, b.totalLength, `trailing length of block at ${b.offset}`);
  }
  assert.equal(blocks.at(-1)!.offset + blocks.at(-1)!.totalLength, file.length);
  assert.equal(file.readBigInt64LE(16), -1n); // section length unspecified
  // µs by default; 2^-10 s with an offset; exactness is enforced.
  assert.equal(toTimestampUnits({ sec: 1, nsec: 5000 }), 1_000_005n);
  assert.equal(toTimestampUnits({ sec: 110, nsec: 250_000_000 }, 0x8a, 100), 10n * 1024n + 256n);
  assert.equal(toTimestampUnits({ sec: 0, nsec: 123_456_789 }, 9), 123_456_789n);
  assert.throws(() => toTimestampUnits({ sec: 0, nsec: 1 }, 0x8a), /not representable/);
});

test('damage helpers', () => {
  const pcap = writePcap({
    linkType: 1,
    packets: [
      { ts: { sec: 0, nsec: 0 }, data: Buffer.alloc(4) },
      { ts: { sec: 1, nsec: 0 }, data: Buffer.alloc(6) },
    ],
  });
  assert.equal(truncate(pcap, 30).length, 30);
  assert.equal(truncate(pcap, -2).length, pcap.length - 2);
  const damaged = setPcapRecordLength(pcap, 1, 0xffffffff);
  assert.equal(damaged.readUInt32LE(24 + 16 + 4 + 8), 0xffffffff);
  assert.equal(pcap.readUInt32LE(24 + 16 + 4 + 8), 6, 'the original is untouched');
  assert.equal(setPcapRecordLength(pcap, 0, 99, 'orig').readUInt32LE(36), 99);
  const ng = writePcapng({
    sections: [
      {
        bigEndian: true,
        interfaces: [{ linkType: 1 }],
        blocks: [{ kind: 'epb', iface: 0, ts: { sec: 0, nsec: 0 }, data: Buffer.alloc(4) }],
      },
    ],
  });
  const epb = pcapngBlocks(ng)[2];
  const both = setPcapngBlockLength(ng, 2, 13, 'both');
  assert.deepEqual([both.readUInt32BE(epb.offset + 4), both.readUInt32BE(epb.offset + epb.totalLength - 4)], [13, 13]);
  const trailingOnly = setPcapngBlockLength(ng, 2, 13, 'trailing');
  assert.equal(trailingOnly.readUInt32BE(epb.offset + 4), epb.totalLength);
});

test('fixtures are small and captures/ is up to date', () => {
  const dir = join(repoRoot(), 'captures');
  for (const f of FIXTURES) {
    const bytes = f.build();
    assert.ok(bytes.length < 4096, `${f.name} is ${bytes.length} bytes`);
    const path = join(dir, f.name);
    assert.ok(existsSync(path), `${path} missing: run node build/test/support/make-fixtures.js`);
    assert.ok(readFileSync(path).equals(bytes), `${f.name} is stale: run node build/test/support/make-fixtures.js`);
  }
});

// ---------------------------------------------------------------------------
// Oracle tests: Wireshark tools read back what the builders were asked for
// ---------------------------------------------------------------------------

function installed(cmd: string): boolean {
  return spawnSync('which', [cmd]).status === 0;
}

const GOOD = '1';
const BAD = '0';
const UNVERIFIED = '2';
const time = (sec: number, nsec = 0): string => `${T0 + sec}.${String(nsec).padStart(9, '0')}`;

type Row = Record<string, string>;

const vrrpRow = (vrid: number, prio: number, addrs: string[], extra: Row = {}): Row => ({
  'vrrp.version': '2',
  'vrrp.virt_rtr_id': String(vrid),
  'vrrp.prio': String(prio),
  'vrrp.addr_count': String(addrs.length),
  'vrrp.ip_addr': addrs.join(','),
  'vrrp.checksum.status': GOOD,
  'ip.ttl': '255',
  'ip.checksum.status': GOOD,
  ...extra,
});

const garpRow = (vip: string, mac: string, extra: Row = {}): Row => ({
  'arp.opcode': '1',
  'arp.isgratuitous': '1',
  'arp.src.hw_mac': mac,
  'arp.src.proto_ipv4': vip,
  'arp.dst.hw_mac': BROADCAST_MAC,
  'arp.dst.proto_ipv4': vip,
  ...extra,
});

/** Builder features not exercised by the fixtures; written only to the temporary directory. */
function builderExtras(): Buffer {
  const a = { mac: '02:00:00:00:00:0a', ip: '10.0.0.1', ip6: '2001:db8::a' };
  const b = { mac: '02:00:00:00:00:0b', ip: '10.0.0.2', ip6: '2001:db8::b' };
  const eth = (type: number, payload: Buffer): Buffer => ethernet({ dst: b.mac, src: a.mac, type, payload, pad: true });
  const v4 = (proto: number, payload: Buffer, extra: Partial<Parameters<typeof ipv4>[0]> = {}): Buffer =>
    eth(ETHERTYPE.IPV4, ipv4({ src: a.ip, dst: b.ip, ttl: 64, proto, payload, ...extra }));
  const v6 = (nextHeader: number, payload: Buffer, extHeaders?: Parameters<typeof ipv6>[0]['extHeaders']): Buffer =>
    eth(ETHERTYPE.IPV6, ipv6({ src: a.ip6, dst: b.ip6, hopLimit: 64, nextHeader, payload, extHeaders }));
  const frames = [
    // IPv4 with a Router Alert option (RFC 2113) carrying UDP.
    v4(IPPROTO.UDP, udp({ srcPort: 5000, dstPort: 514, payload: Buffer.from('hello'), src: a.ip, dst: b.ip }), {
      options: Buffer.from([0x94, 0x04, 0, 0]),
    }),
    // IPv6 UDP behind destination options and a routing header (type 0, segments left 0).
    v6(IPPROTO.UDP, udp({ srcPort: 5000, dstPort: 514, payload: Buffer.from('hi'), src: a.ip6, dst: b.ip6 }), [
      { type: IPPROTO.DSTOPTS, data: Buffer.alloc(0) },
      { type: IPPROTO.ROUTING, data: Buffer.from([0, 0, 0, 0, 0, 0]) },
    ]),
    v4(IPPROTO.TCP, tcp({ srcPort: 40000, dstPort: 22, seq: 1, flags: { syn: true }, src: a.ip, dst: b.ip })),
    v6(
      IPPROTO.TCP,
      tcp({
        srcPort: 40000,
        dstPort: 7,
        seq: 2,
        ack: 3,
        flags: { ack: true, psh: true },
        payload: Buffer.from('odd'),
        src: a.ip6,
        dst: b.ip6,
      }),
    ),
    v4(IPPROTO.UDP, udp({ srcPort: 1, dstPort: 2, payload: Buffer.alloc(0), src: a.ip, dst: b.ip }), {
      badChecksum: true,
    }),
    v4(IPPROTO.VRRP, vrrp2({ vrid: 9, priority: 100, addresses: ['10.0.0.9'], badChecksum: true }), { ttl: 255 }),
    v4(IPPROTO.VRRP, carp({ vhid: 9, advskew: 0, advbase: 1, counter: 1, badChecksum: true }), { ttl: 255 }),
    eth(ETHERTYPE.ARP, arp({ op: ARP_OP.REPLY, sha: a.mac, spa: a.ip, tha: b.mac, tpa: b.ip })),
    eth(
      ETHERTYPE.ARP,
      arpRaw({ op: ARP_OP.REQUEST, htype: 1, ptype: ETHERTYPE.IPV4, hlen: 8, plen: 4, body: Buffer.alloc(24, 0x11) }),
    ),
    eth(
      ETHERTYPE.IPV6,
      ipv6({
        src: a.ip6,
        dst: 'ff02::1:ff00:b',
        nextHeader: IPPROTO.ICMPV6,
        payload: icmpv6Nd({
          type: 135,
          src: a.ip6,
          dst: 'ff02::1:ff00:b',
          target: b.ip6,
          options: [{ kind: 'source', mac: a.mac }],
        }),
      }),
    ),
  ];
  return writePcap({
    linkType: LINKTYPE.ETHERNET,
    packets: frames.map((data, i) => ({ ts: { sec: T0 + i, nsec: 0 }, data })),
  });
}

const EXTRAS_EXPECTED: Row[] = [
  {
    'frame.protocols': 'eth:ethertype:ip:udp:syslog',
    'ip.hdr_len': '24',
    'ip.opt.type': '148',
    'ip.checksum.status': GOOD,
    'udp.checksum.status': GOOD,
  },
  {
    'frame.protocols': 'eth:ethertype:ipv6:ipv6.dstopts:ipv6.routing:udp:syslog',
    'ipv6.dstopts.len': '0',
    'ipv6.routing.len': '0',
    'udp.checksum.status': GOOD,
  },
  { 'tcp.flags.syn': '1', 'tcp.checksum.status': GOOD },
  { 'tcp.flags.syn': '0', 'tcp.checksum.status': GOOD, 'tcp.len': '3' },
  { 'ip.checksum.status': BAD },
  { 'vrrp.checksum.status': BAD, 'ip.checksum.status': GOOD },
  { 'carp.vhid': '9', 'carp.checksum.status': BAD },
  {
    'arp.opcode': '2',
    'arp.isgratuitous': '',
    'arp.dst.hw_mac': '02:00:00:00:00:0b',
    'arp.dst.proto_ipv4': '10.0.0.2',
  },
  { 'arp.hw.size': '8', 'arp.proto.size': '4' },
  {
    'icmpv6.type': '135',
    'icmpv6.checksum.status': GOOD,
    'icmpv6.nd.ns.target_address': '2001:db8::b',
    'icmpv6.opt.linkaddr': '02:00:00:00:00:0a',
  },
];

const VMAC51 = vrrpMac(51);
const VMAC30 = vrrpMac(30, 6);

/** What tshark must see in each fixture, frame by frame (only the listed fields are compared). */
const EXPECTED: Record<string, Row[]> = {
  'synth-vrrp2-basic.pcap': [
    vrrpRow(51, 150, ['10.99.0.100'], {
      'vrrp.adver_int': '1',
      'eth.src': VMAC51,
      'eth.dst': '01:00:5e:00:00:12',
      'frame.time_epoch': time(0),
    }),
    ...[1, 2, 3, 4, 5].map((i) =>
      garpRow('10.99.0.100', VMAC51, { 'eth.dst': BROADCAST_MAC, 'frame.time_epoch': time(0, i * 1_000_000) }),
    ),
    ...[1, 2, 3, 4].map((s) => vrrpRow(51, 150, ['10.99.0.100'], { 'frame.time_epoch': time(s) })),
  ],
  'synth-vrrp3-v4-checksums.pcapng': [GOOD, BAD, BAD].map((status) => ({
    'vrrp.version': '3',
    'vrrp.virt_rtr_id': '20',
    'vrrp.short_adver_int': '100',
    'vrrp.ip_addr': '192.0.2.254',
    'vrrp.checksum.status': status, // rfc5798, rfc9568 (valid only as "message only"), bad
  })),
  'synth-vrrp3-v6-nd.pcapng': [
    {
      'frame.protocols': 'eth:ethertype:ipv6:vrrp',
      'vrrp.version': '3',
      'vrrp.virt_rtr_id': '30',
      'vrrp.prio': '200',
      'vrrp.ipv6_addr': 'fe80::1,2001:db8:30::1',
      'vrrp.checksum.status': GOOD,
      'ipv6.hlim': '255',
      'eth.dst': '33:33:00:00:00:12',
      'eth.src': VMAC30,
      'frame.time_epoch': time(0),
    },
    ...['fe80::1', '2001:db8:30::1'].map((target, i) => ({
      'icmpv6.type': '136',
      'icmpv6.checksum.status': GOOD,
      'icmpv6.nd.na.target_address': target,
      'icmpv6.nd.na.flag.r': '1',
      'icmpv6.nd.na.flag.s': '0',
      'icmpv6.nd.na.flag.o': '1',
      'icmpv6.opt.linkaddr': VMAC30,
      'ipv6.dst': 'ff02::1',
      'ipv6.hlim': '255',
      'frame.time_epoch': time(0, (i + 1) * 1_000_000),
    })),
    {
      'frame.protocols': 'eth:ethertype:ipv6:ipv6.hopopts:vrrp',
      'ipv6.hopopts.len': '0',
      'vrrp.checksum.status': GOOD,
      'frame.time_epoch': time(1),
    },
    { 'frame.protocols': 'eth:ethertype:ipv6:vrrp', 'vrrp.checksum.status': GOOD, 'frame.time_epoch': time(2) },
  ],
  'synth-vlan-stacks.pcap': [
    ...(<Row[]>[
      { 'vlan.id': '100', 'ieee8021ad.id': '' },
      { 'vlan.id': '201', 'ieee8021ad.id': '200' },
      { 'vlan.id': '300,301', 'ieee8021ad.id': '' }, // 0x9100 is dissected as 802.1Q
      { 'vlan.id': '401,402', 'ieee8021ad.id': '400', 'vlan.priority': '0,6' },
    ]).flatMap((tags, i) => [
      vrrpRow(41 + i, 100, [`10.40.${i + 1}.254`], tags),
      garpRow(`10.40.${i + 1}.254`, vrrpMac(41 + i), tags),
    ]),
    garpRow('10.40.5.254', vrrpMac(45), { 'frame.protocols': 'eth:llc:arp', 'eth.len': '36', 'llc.type': '0x0806' }),
  ],
  'synth-sll.pcap': [
    vrrpRow(52, 120, ['10.99.3.100'], {
      'frame.protocols': 'sll:ethertype:ip:vrrp',
      'sll.pkttype': '2',
      'sll.src.eth': vrrpMac(52),
    }),
    garpRow('10.99.3.100', vrrpMac(52), { 'frame.protocols': 'sll:ethertype:arp', 'sll.pkttype': '1' }),
    vrrpRow(52, 120, ['10.99.3.100'], { 'sll.pkttype': '4' }),
  ],
  'synth-sll2.pcap': [
    vrrpRow(52, 120, ['10.99.3.100'], {
      'frame.protocols': 'sll:ethertype:ip:vrrp',
      'sll.pkttype': '2',
      'sll.ifindex': '3',
      'sll.src.eth': vrrpMac(52),
    }),
    garpRow('10.99.3.100', vrrpMac(52), { 'sll.pkttype': '1', 'sll.ifindex': '3' }),
    vrrpRow(52, 120, ['10.99.3.100'], { 'sll.pkttype': '4', 'sll.ifindex': '3' }),
  ],
  'synth-rawip.pcap': [
    vrrpRow(53, 100, ['10.99.4.100'], { 'frame.protocols': 'raw:ip:vrrp' }),
    {
      'frame.protocols': 'raw:ipv6:vrrp',
      'vrrp.version': '3',
      'vrrp.ipv6_addr': 'fe80::1',
      'vrrp.checksum.status': GOOD,
    },
  ],
  // Read with ip.try_heuristic_first, so CARP's heuristic gets the packet before VRRP.
  'synth-carp.pcap': ['4294967297', '4294967298'].map((counter) => ({
    'frame.protocols': 'eth:ethertype:ip:carp',
    'carp.version': '2',
    'carp.vhid': '1',
    'carp.advskew': '0',
    'carp.adver_int': '1',
    'carp.authlen': '7',
    'carp.counter': counter,
    'carp.checksum.status': GOOD,
    'vrrp.virt_rtr_id': '',
  })),
  'synth-icmp-quoted-vrrp.pcap': [
    vrrpRow(61, 100, ['10.99.1.100'], { 'ip.dst': '10.99.1.2', 'eth.dst': '02:00:00:00:01:02' }),
    {
      'frame.protocols': 'eth:ethertype:ip:icmp:ip:vrrp',
      'icmp.type': '3',
      'icmp.code': '2',
      'icmp.checksum.status': GOOD,
      'ip.checksum.status': `${GOOD},${GOOD}`,
      'vrrp.virt_rtr_id': '61',
      'vrrp.checksum.status': GOOD,
    },
  ],
  'synth-multi-section.pcapng': [
    vrrpRow(54, 100, ['10.99.5.100'], {
      'frame.time_epoch': time(0, 1000),
      'frame.comment': 'section 0, little-endian',
    }),
    garpRow('10.99.5.100', vrrpMac(54), {
      'frame.protocols': 'sll:ethertype:arp',
      'frame.time_epoch': time(0, 123_456_789),
    }),
    vrrpRow(54, 100, ['10.99.5.100'], { 'frame.protocols': 'eth:ethertype:ip:vrrp' }), // the simple packet block
    vrrpRow(54, 100, ['10.99.5.100'], { 'frame.time_epoch': time(1, 2000) }),
    vrrpRow(54, 100, ['10.99.5.100'], {
      'frame.time_epoch': time(10, 500_000_000),
      'frame.comment': 'section 1, big-endian',
    }),
    vrrpRow(54, 100, ['10.99.5.100'], { 'frame.time_epoch': time(11, 250_000_000) }),
    vrrpRow(54, 100, ['10.99.5.100'], {
      'frame.protocols': 'sll:ethertype:ip:vrrp',
      'frame.time_epoch': time(12, 987_654_321),
    }),
  ],
  'synth-pcap-be-nanos.pcap': [
    vrrpRow(55, 100, ['10.99.6.100'], { 'frame.time_epoch': time(0, 123_456_789) }),
    vrrpRow(55, 100, ['10.99.6.100'], { 'frame.time_epoch': time(1, 123_456_790) }),
    garpRow('10.99.6.100', vrrpMac(55), { 'frame.time_epoch': time(1, 123_999_999) }),
    vrrpRow(55, 100, ['10.99.6.100'], { 'frame.time_epoch': time(2, 999_999_999) }),
  ],
  'synth-edge.pcap': [
    vrrpRow(71, 100, ['10.99.2.71'], { 'ip.ttl': '64' }),
    vrrpRow(72, 0, ['10.99.2.72']),
    vrrpRow(73, 255, ['10.99.2.73'], { 'ip.src': '10.99.2.73' }),
    vrrpRow(74, 100, ['10.99.2.74'], { 'vrrp.auth_type': '1', 'vrrp.auth_string': 'secret' }),
    vrrpRow(75, 100, [], { 'vrrp.addr_count': '0' }),
    // Count 5, one address: tshark reads the 8 auth bytes as two more addresses, then runs out.
    vrrpRow(76, 100, ['10.99.2.76', '0.0.0.0', '0.0.0.0'], { 'vrrp.addr_count': '5', '_ws.malformed': 'malformed' }),
    {
      'frame.protocols': 'eth:ethertype:ip:data',
      'ip.proto': '112',
      'ip.flags.mf': '1',
      'ip.frag_offset': '0',
      'vrrp.virt_rtr_id': '',
    },
    vrrpRow(78, 100, ['10.99.2.78'], {
      'vrrp.addr_count': '3',
      'frame.len': '62',
      'frame.cap_len': '48',
      'vrrp.checksum.status': UNVERIFIED,
    }),
  ],
  'builder-extras.pcap': EXTRAS_EXPECTED,
};

/** capinfos -T -m -t -E -c: file type, encapsulation, packet count. */
const EXPECTED_FILE_INFO: Record<string, [string, string]> = {
  'synth-vrrp3-v4-checksums.pcapng': ['pcapng', 'ether'],
  'synth-vrrp3-v6-nd.pcapng': ['pcapng', 'ether'],
  'synth-sll.pcap': ['pcap', 'linux-sll'],
  'synth-sll2.pcap': ['pcap', 'linux-sll2'],
  'synth-rawip.pcap': ['pcap', 'rawip'],
  'synth-multi-section.pcapng': ['pcapng', 'per-packet'],
  'synth-pcap-be-nanos.pcap': ['nsecpcap', 'ether'],
};

/** Every field named in the expectations, so one tshark run extracts them all. */
const FIELDS = [...new Set(Object.values(EXPECTED).flatMap((rows) => rows.flatMap((r) => Object.keys(r))))].sort();

function parseFields(stdout: string): Row[] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const cells = line.split('\t');
      const row: Row = Object.fromEntries(FIELDS.map((f, i) => [f, cells[i] ?? '']));
      if (row['_ws.malformed']) row['_ws.malformed'] = 'malformed'; // tshark prints the label, not a value
      return row;
    });
}

function pick(rows: Row[], like: Row[]): Row[] {
  return rows.map((r, i) => Object.fromEntries(Object.keys(like[i] ?? {}).map((k) => [k, r[k] ?? ''])));
}

async function tsharkFields(file: string, prefs: string[]): Promise<Row[]> {
  const args = [
    '-n',
    '-r',
    file,
    ...prefs.flatMap((p) => ['-o', p]),
    '-T',
    'fields',
    '-E',
    'occurrence=a',
    '-E',
    'aggregator=,',
  ];
  const { stdout } = await run('tshark', [...args, ...FIELDS.flatMap((f) => ['-e', f])], { maxBuffer: 16 << 20 });
  return parseFields(stdout);
}

function withFixtureDir(t: TestContext): { dir: string; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-fixtures-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const files = FIXTURES.map((f) => {
    writeFileSync(join(dir, f.name), f.build());
    return f.name;
  });
  writeFileSync(join(dir, 'builder-extras.pcap'), builderExtras());
  files.push('builder-extras.pcap');
  return { dir, files };
}

test('tshark reads back what the builders were asked for', async (t) => {
  if (!['tshark', 'mergecap', 'capinfos'].every(installed)) {
    t.skip('tshark not installed');
    return;
  }
  const { dir, files } = withFixtureDir(t);
  const paths = files.map((f) => join(dir, f));

  // capinfos reads every file (no dissection): types, encapsulations, counts.
  const info = await run('capinfos', ['-T', '-m', '-r', '-t', '-E', '-c', ...paths]);
  const counts = new Map<string, number>();
  for (const line of info.stdout.trim().split('\n')) {
    const [path, type, encap, count] = line.split(',');
    const name = path.slice(dir.length + 1);
    counts.set(name, Number(count));
    const expected = EXPECTED_FILE_INFO[name] ?? [name.endsWith('.pcapng') ? 'pcapng' : 'pcap', 'ether'];
    assert.deepEqual([type, encap], expected, `capinfos on ${name}`);
  }

  // One tshark run over all files concatenated (mergecap -a keeps order), and
  // one over the VRRPv3 file with the "checksum as in v2" reading, in parallel.
  const merged = join(dir, 'all.pcapng');
  await run('mergecap', ['-a', '-F', 'pcapng', '-w', merged, ...paths]);
  const [all, asInV2] = await Promise.all([
    tsharkFields(merged, [
      'ip.try_heuristic_first:TRUE',
      'ip.check_checksum:TRUE',
      'udp.check_checksum:TRUE',
      'tcp.check_checksum:TRUE',
    ]),
    tsharkFields(join(dir, 'synth-vrrp3-v4-checksums.pcapng'), ['vrrp.v3_checksum_as_in_v2:TRUE']),
  ]);

  let offset = 0;
  for (const name of files) {
    const n = counts.get(name)!;
    const rows = all.slice(offset, offset + n);
    offset += n;
    await t.test(name, () => {
      const expected = EXPECTED[name];
      assert.equal(n, expected.length, 'frame count');
      assert.deepEqual(pick(rows, expected), expected);
      if (name !== 'synth-edge.pcap')
        assert.deepEqual(
          rows.map((r) => r['_ws.malformed']),
          rows.map(() => ''),
          'no malformed frames',
        );
    });
  }
  assert.equal(offset, all.length, 'every merged frame belongs to a file');

  await t.test('rfc9568 checksum is valid under "V3 checksum as in V2"', () => {
    assert.deepEqual(
      asInV2.map((r) => r['vrrp.checksum.status']),
      [BAD, GOOD, BAD],
    );
  });
});

test('tcpdump agrees on the VRRPv3 checksums', async (t) => {
  if (!installed('tcpdump')) {
    t.skip('tcpdump not installed');
    return;
  }
  const { dir } = withFixtureDir(t);
  const out = async (name: string): Promise<string[]> =>
    (await run('tcpdump', ['-nn', '-v', '-r', join(dir, name)])).stdout.split('\n').filter((l) => l.includes('VRRPv3'));
  // tcpdump verifies VRRPv3 checksums with the pseudo-header for both families.
  const v4 = await out('synth-vrrp3-v4-checksums.pcapng');
  assert.deepEqual(
    v4.map((l) => l.includes('bad vrrp cksum')),
    [false, true, true],
  );
  const v6 = await out('synth-vrrp3-v6-nd.pcapng');
  assert.deepEqual(
    v6.map((l) => l.includes('bad vrrp cksum')),
    [false, false, false],
  );
});
