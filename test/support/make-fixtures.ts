// (Re)writes the synthetic capture fixtures in captures/.
//
//   npm run build:test && node build/test/support/make-fixtures.js
//
// Output is deterministic: fixed timestamps, addresses and payloads, so the
// files only change when this script does. captures/README.md describes each.
import { Buffer } from 'node:buffer';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  ARP_OP,
  BROADCAST_MAC,
  ETHERTYPE,
  IPPROTO,
  SLL_PKTTYPE,
  VRRP_GROUP_V4,
  VRRP_GROUP_V6,
  arp,
  carp,
  ethernet,
  icmpv4Error,
  icmpv6Nd,
  ipv4,
  ipv6,
  llcSnap,
  multicastMac,
  sll,
  sll2,
  vrrp2,
  vrrp3,
  vrrpMac,
  type VlanTag,
  type Vrrp2Options,
  type Vrrp3ChecksumStyle,
} from './frames.js';
import { LINKTYPE, type PcapPacket, type Timestamp, truncate, writePcap, writePcapng } from './pcap-writer.js';

/** 2023-11-14T22:13:20Z: every fixture's clock starts here. */
export const T0 = 1_700_000_000;

function at(sec: number, nsec = 0): Timestamp {
  return { sec: T0 + sec, nsec };
}

// ---------------------------------------------------------------------------
// Composite frames
// ---------------------------------------------------------------------------

interface Vrrp2PacketOptions extends Omit<Vrrp2Options, 'addresses'> {
  src: string;
  vips: string[];
  dst?: string;
  ttl?: number;
}

/** IPv4 packet carrying a VRRPv2 advert (RFC 3768 §5.2: TTL 255, group 224.0.0.18). */
function vrrp2Packet(o: Vrrp2PacketOptions): Buffer {
  const { src, vips, dst = VRRP_GROUP_V4, ttl = 255, ...msg } = o;
  return ipv4({ src, dst, ttl, proto: IPPROTO.VRRP, payload: vrrp2({ ...msg, addresses: vips }) });
}

/** Ethernet frame of an IPv4 packet to a multicast group, from the virtual router MAC. */
function multicastFrame(vrid: number, dstGroup: string, payload: Buffer, vlans?: VlanTag[]): Buffer {
  return ethernet({ dst: multicastMac(dstGroup), src: vrrpMac(vrid), vlans, type: ETHERTYPE.IPV4, payload, pad: true });
}

/** keepalived-style gratuitous ARP: a request with sender IP = target IP = VIP, target MAC all ones. */
function garp(vip: string, mac: string): Buffer {
  return arp({ op: ARP_OP.REQUEST, sha: mac, spa: vip, tha: BROADCAST_MAC, tpa: vip });
}

function garpFrame(vip: string, mac: string, vlans?: VlanTag[]): Buffer {
  return ethernet({ dst: BROADCAST_MAC, src: mac, vlans, type: ETHERTYPE.ARP, payload: garp(vip, mac), pad: true });
}

function pcap(linkType: number, packets: PcapPacket[], extra: { nanos?: boolean; bigEndian?: boolean } = {}): Buffer {
  return writePcap({ linkType, packets, ...extra });
}

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

function vrrp2Basic(): Buffer {
  const vrid = 51;
  const vip = '10.99.0.100';
  const advert = multicastFrame(
    vrid,
    VRRP_GROUP_V4,
    vrrp2Packet({ vrid, priority: 150, src: '10.99.0.1', vips: [vip] }),
  );
  const packets: PcapPacket[] = [{ ts: at(0), data: advert }];
  for (let i = 1; i <= 5; i++) packets.push({ ts: at(0, i * 1_000_000), data: garpFrame(vip, vrrpMac(vrid)) });
  for (let s = 1; s <= 4; s++) packets.push({ ts: at(s), data: advert });
  return pcap(LINKTYPE.ETHERNET, packets);
}

function vrrp3V4Checksums(): Buffer {
  const src = '192.0.2.2';
  const styles: Vrrp3ChecksumStyle[] = ['rfc5798', 'rfc9568', 'bad'];
  const frames = styles.map((checksumStyle) => {
    const msg = vrrp3({
      vrid: 20,
      priority: 100,
      addresses: ['192.0.2.254'],
      family: 4,
      src,
      dst: VRRP_GROUP_V4,
      checksumStyle,
    });
    return multicastFrame(20, VRRP_GROUP_V4, ipv4({ src, dst: VRRP_GROUP_V4, proto: IPPROTO.VRRP, payload: msg }));
  });
  return writePcapng({
    sections: [
      {
        interfaces: [{ linkType: LINKTYPE.ETHERNET, name: 'eth0' }],
        blocks: frames.map((data, i) => ({ kind: 'epb' as const, iface: 0, ts: at(i), data })),
      },
    ],
  });
}

function vrrp3V6Nd(): Buffer {
  const vrid = 30;
  const vmac = vrrpMac(vrid, 6);
  const routerLl = 'fe80::2';
  const vips = ['fe80::1', '2001:db8:30::1']; // RFC 5798 §5.2.9: the first address is link-local
  const advertPacket = (hopByHop: boolean): Buffer =>
    ipv6({
      src: routerLl,
      dst: VRRP_GROUP_V6,
      nextHeader: IPPROTO.VRRP,
      payload: vrrp3({ vrid, priority: 200, addresses: vips, family: 6, src: routerLl, dst: VRRP_GROUP_V6 }),
      extHeaders: hopByHop ? [{ type: IPPROTO.HOPOPTS, data: Buffer.alloc(0) }] : undefined,
    });
  const advertFrame = (hopByHop: boolean): Buffer =>
    ethernet({ dst: multicastMac(VRRP_GROUP_V6), src: vmac, type: ETHERTYPE.IPV6, payload: advertPacket(hopByHop) });
  // RFC 5798 §6.4.2: unsolicited NA per address, R=1 S=0 O=1, target link-layer address = virtual MAC.
  const naFrame = (target: string): Buffer =>
    ethernet({
      dst: multicastMac('ff02::1'),
      src: vmac,
      type: ETHERTYPE.IPV6,
      payload: ipv6({
        src: routerLl,
        dst: 'ff02::1',
        nextHeader: IPPROTO.ICMPV6,
        payload: icmpv6Nd({
          type: 136,
          src: routerLl,
          dst: 'ff02::1',
          target,
          flags: { r: true, s: false, o: true },
          options: [{ kind: 'target', mac: vmac }],
        }),
      }),
    });
  const frames: Array<[Timestamp, Buffer]> = [
    [at(0), advertFrame(false)],
    [at(0, 1_000_000), naFrame(vips[0])],
    [at(0, 2_000_000), naFrame(vips[1])],
    [at(1), advertFrame(true)],
    [at(2), advertFrame(false)],
  ];
  return writePcapng({
    sections: [
      {
        interfaces: [{ linkType: LINKTYPE.ETHERNET, name: 'eth0', tsresol: 9 }],
        blocks: frames.map(([ts, data]) => ({ kind: 'epb' as const, iface: 0, ts, data })),
      },
    ],
  });
}

/** The tag stacks of synth-vlan-stacks.pcap, outermost first; VRID 41..44 in order. */
export const VLAN_STACKS: VlanTag[][] = [
  [{ id: 100 }],
  [{ tpid: ETHERTYPE.QINQ, id: 200 }, { id: 201 }],
  [{ tpid: ETHERTYPE.QINQ_LEGACY, id: 300 }, { id: 301 }],
  [{ tpid: ETHERTYPE.QINQ, id: 400 }, { id: 401 }, { id: 402, pcp: 6 }],
];

function vlanStacks(): Buffer {
  const packets: PcapPacket[] = [];
  VLAN_STACKS.forEach((vlans, i) => {
    const vrid = 41 + i;
    const vip = `10.40.${i + 1}.254`;
    const advert = vrrp2Packet({ vrid, priority: 100, src: `10.40.${i + 1}.1`, vips: [vip] });
    packets.push({ ts: at(i), data: multicastFrame(vrid, VRRP_GROUP_V4, advert, vlans) });
    packets.push({ ts: at(i, 500_000), data: garpFrame(vip, vrrpMac(vrid), vlans) });
  });
  // IEEE 802.3 frame: a length field, then LLC/SNAP carrying the ARP (RFC 1042).
  const vip = '10.40.5.254';
  const llcArp = llcSnap(ETHERTYPE.ARP, garp(vip, vrrpMac(45)));
  packets.push({
    ts: at(4),
    data: ethernet({ dst: BROADCAST_MAC, src: vrrpMac(45), type: 'length', payload: llcArp, pad: true }),
  });
  return pcap(LINKTYPE.ETHERNET, packets);
}

const SLL_VRID = 52;
const SLL_VIP = '10.99.3.100';
const sllAdvert = (): Buffer => vrrp2Packet({ vrid: SLL_VRID, priority: 120, src: '10.99.3.1', vips: [SLL_VIP] });

function sllCapture(): Buffer {
  const vmac = vrrpMac(SLL_VRID);
  return pcap(LINKTYPE.LINUX_SLL, [
    {
      ts: at(0),
      data: sll({ pktType: SLL_PKTTYPE.MULTICAST, addr: vmac, protocol: ETHERTYPE.IPV4, payload: sllAdvert() }),
    },
    {
      ts: at(0, 1000),
      data: sll({ pktType: SLL_PKTTYPE.BROADCAST, addr: vmac, protocol: ETHERTYPE.ARP, payload: garp(SLL_VIP, vmac) }),
    },
    {
      ts: at(1),
      data: sll({ pktType: SLL_PKTTYPE.OUTGOING, addr: vmac, protocol: ETHERTYPE.IPV4, payload: sllAdvert() }),
    },
  ]);
}

function sll2Capture(): Buffer {
  const vmac = vrrpMac(SLL_VRID);
  const common = { ifindex: 3, addr: vmac };
  return pcap(LINKTYPE.LINUX_SLL2, [
    {
      ts: at(0),
      data: sll2({ ...common, pktType: SLL_PKTTYPE.MULTICAST, protocol: ETHERTYPE.IPV4, payload: sllAdvert() }),
    },
    {
      ts: at(0, 1000),
      data: sll2({ ...common, pktType: SLL_PKTTYPE.BROADCAST, protocol: ETHERTYPE.ARP, payload: garp(SLL_VIP, vmac) }),
    },
    {
      ts: at(1),
      data: sll2({ ...common, pktType: SLL_PKTTYPE.OUTGOING, protocol: ETHERTYPE.IPV4, payload: sllAdvert() }),
    },
  ]);
}

function rawIp(): Buffer {
  const v6src = 'fe80::53';
  const v3 = vrrp3({ vrid: 53, priority: 100, addresses: ['fe80::1'], family: 6, src: v6src, dst: VRRP_GROUP_V6 });
  return pcap(LINKTYPE.RAW, [
    { ts: at(0), data: vrrp2Packet({ vrid: 53, priority: 100, src: '10.99.4.1', vips: ['10.99.4.100'] }) },
    { ts: at(1), data: ipv6({ src: v6src, dst: VRRP_GROUP_V6, nextHeader: IPPROTO.VRRP, payload: v3 }) },
  ]);
}

function carpCapture(): Buffer {
  const vhid = 1;
  const hmac = Buffer.from([...Array(20).keys()].map((i) => 0xa0 + i)); // arbitrary: no key to verify against
  const advert = (counter: bigint): Buffer =>
    multicastFrame(
      vhid,
      VRRP_GROUP_V4,
      ipv4({
        src: '198.51.100.2',
        dst: VRRP_GROUP_V4,
        proto: IPPROTO.VRRP,
        payload: carp({ vhid, advskew: 0, advbase: 1, counter, hmac }),
      }),
    );
  return pcap(LINKTYPE.ETHERNET, [
    { ts: at(0), data: advert(0x0000000100000001n) },
    { ts: at(1), data: advert(0x0000000100000002n) },
  ]);
}

function icmpQuotedVrrp(): Buffer {
  const a = { ip: '10.99.1.1', mac: '02:00:00:00:01:01' };
  const b = { ip: '10.99.1.2', mac: '02:00:00:00:01:02' };
  // keepalived unicast_peer style: the advert goes to the peer's unicast address.
  const advert = vrrp2Packet({ vrid: 61, priority: 100, src: a.ip, dst: b.ip, vips: ['10.99.1.100'] });
  // Linux quotes as much of the offending datagram as fits in 576 bytes: here all of it.
  const unreachable = ipv4({
    src: b.ip,
    dst: a.ip,
    ttl: 64,
    proto: IPPROTO.ICMP,
    payload: icmpv4Error({ type: 3, code: 2, quoted: advert }),
  });
  return pcap(LINKTYPE.ETHERNET, [
    { ts: at(0), data: ethernet({ dst: b.mac, src: a.mac, type: ETHERTYPE.IPV4, payload: advert, pad: true }) },
    {
      ts: at(0, 150_000),
      data: ethernet({ dst: a.mac, src: b.mac, type: ETHERTYPE.IPV4, payload: unreachable, pad: true }),
    },
  ]);
}

/** Absolute times of the EPBs in synth-multi-section.pcapng, in file order. */
export const MULTI_SECTION_EPB_TIMES: Timestamp[] = [
  at(0, 1000), // section 0, if 0 (µs)
  at(0, 123_456_789), // section 0, if 1 (ns)
  at(1, 2000), // section 0, if 0 (µs), after the unknown block and the SPB
  at(10, 500_000_000), // section 1, if 0 (2^-10 s, tsoffset T0)
  at(11, 250_000_000), // section 1, if 0
  at(12, 987_654_321), // section 1, if 1 (ns)
];

function multiSection(): Buffer {
  const vrid = 54;
  const vmac = vrrpMac(vrid);
  const advertPacket = vrrp2Packet({ vrid, priority: 100, src: '10.99.5.1', vips: ['10.99.5.100'] });
  const ethAdvert = multicastFrame(vrid, VRRP_GROUP_V4, advertPacket);
  const sllArp = sll({
    pktType: SLL_PKTTYPE.BROADCAST,
    addr: vmac,
    protocol: ETHERTYPE.ARP,
    payload: garp('10.99.5.100', vmac),
  });
  const sllAdvert2 = sll({
    pktType: SLL_PKTTYPE.MULTICAST,
    addr: vmac,
    protocol: ETHERTYPE.IPV4,
    payload: advertPacket,
  });
  const t = MULTI_SECTION_EPB_TIMES;
  return writePcapng({
    sections: [
      {
        interfaces: [
          { linkType: LINKTYPE.ETHERNET, tsresol: 6, name: 'eth0' },
          { linkType: LINKTYPE.LINUX_SLL, tsresol: 9, name: 'any' },
        ],
        blocks: [
          { kind: 'epb', iface: 0, ts: t[0], data: ethAdvert, comment: 'section 0, little-endian' },
          { kind: 'epb', iface: 1, ts: t[1], data: sllArp },
          { kind: 'unknown', type: 0x80000abc, body: Buffer.from('local-use block: skip me') }, // §3.1: 0x8.. = local use
          { kind: 'spb', data: ethAdvert },
          { kind: 'epb', iface: 0, ts: t[2], data: ethAdvert },
        ],
      },
      {
        bigEndian: true,
        interfaces: [
          { linkType: LINKTYPE.ETHERNET, tsresol: 0x8a, tsoffset: T0, name: 'eth1' },
          { linkType: LINKTYPE.LINUX_SLL, tsresol: 9, name: 'any' },
        ],
        blocks: [
          { kind: 'epb', iface: 0, ts: t[3], data: ethAdvert, comment: 'section 1, big-endian' },
          { kind: 'epb', iface: 0, ts: t[4], data: ethAdvert },
          { kind: 'epb', iface: 1, ts: t[5], data: sllAdvert2 },
        ],
      },
    ],
  });
}

/** Timestamps of synth-pcap-be-nanos.pcap: not representable in microseconds. */
export const BE_NANOS_TIMES: Timestamp[] = [
  at(0, 123_456_789),
  at(1, 123_456_790),
  at(1, 123_999_999),
  at(2, 999_999_999),
];

function pcapBeNanos(): Buffer {
  const vrid = 55;
  const vip = '10.99.6.100';
  const advert = multicastFrame(
    vrid,
    VRRP_GROUP_V4,
    vrrp2Packet({ vrid, priority: 100, src: '10.99.6.1', vips: [vip] }),
  );
  const frames = [advert, advert, garpFrame(vip, vrrpMac(vrid)), advert];
  return pcap(
    LINKTYPE.ETHERNET,
    frames.map((data, i) => ({ ts: BE_NANOS_TIMES[i], data })),
    { nanos: true, bigEndian: true },
  );
}

function edge(): Buffer {
  const src = '10.99.2.1';
  const frame = (vrid: number, ip: Buffer): Buffer => multicastFrame(vrid, VRRP_GROUP_V4, ip);
  const advert = (vrid: number, extra: Partial<Vrrp2PacketOptions> = {}): Buffer =>
    frame(vrid, vrrp2Packet({ vrid, priority: 100, src, vips: [`10.99.2.${vrid}`], ...extra }));

  // A VRRP message too long for one fragment: the first fragment (MF=1, offset 0) carries 24 of its 56 bytes.
  const tenVips = [...Array(10).keys()].map((i) => `10.99.2.${200 + i}`);
  const bigMsg = vrrp2({ vrid: 77, priority: 100, addresses: tenVips });
  const firstFragment = ipv4({
    src,
    dst: VRRP_GROUP_V4,
    proto: IPPROTO.VRRP,
    id: 0x1234,
    mf: true,
    payload: bigMsg.subarray(0, 24),
  });

  // Snaplen cut: 14 + 20 + 8 header bytes + 6 of the 12 address bytes captured.
  const threeVips = advert(78, { vips: ['10.99.2.78', '10.99.2.79', '10.99.2.80'] });

  const frames: Array<{ data: Buffer; origLen?: number }> = [
    { data: advert(71, { ttl: 64 }) },
    { data: advert(72, { priority: 0 }) },
    { data: advert(73, { priority: 255, src: '10.99.2.73' }) }, // the address owner advertises from the VIP
    { data: advert(74, { authType: 1, authData: 'secret' }) },
    { data: advert(75, { vips: [] }) },
    { data: advert(76, { count: 5 }) }, // claims 5 addresses, carries 1 (+ auth data)
    { data: frame(77, firstFragment) },
    { data: truncate(threeVips, 14 + 20 + 8 + 6), origLen: threeVips.length },
  ];
  return pcap(
    LINKTYPE.ETHERNET,
    frames.map((f, i) => ({ ts: at(i), ...f })),
  );
}

export interface Fixture {
  name: string;
  description: string;
  build(): Buffer;
}

export const FIXTURES: readonly Fixture[] = [
  {
    name: 'synth-vrrp2-basic.pcap',
    description: 'VRRPv2 adverts + keepalived-style gratuitous ARP burst',
    build: vrrp2Basic,
  },
  {
    name: 'synth-vrrp3-v4-checksums.pcapng',
    description: 'VRRPv3/IPv4 with rfc5798, rfc9568 and bad checksums',
    build: vrrp3V4Checksums,
  },
  { name: 'synth-vrrp3-v6-nd.pcapng', description: 'VRRPv3/IPv6 adverts and unsolicited NAs', build: vrrp3V6Nd },
  {
    name: 'synth-vlan-stacks.pcap',
    description: 'adverts and ARP under 1-3 VLAN tags, 802.3 LLC/SNAP ARP',
    build: vlanStacks,
  },
  { name: 'synth-sll.pcap', description: 'Linux cooked v1 (113)', build: sllCapture },
  { name: 'synth-sll2.pcap', description: 'Linux cooked v2 (276)', build: sll2Capture },
  { name: 'synth-rawip.pcap', description: 'raw IP (101)', build: rawIp },
  { name: 'synth-carp.pcap', description: 'OpenBSD CARP adverts', build: carpCapture },
  {
    name: 'synth-icmp-quoted-vrrp.pcap',
    description: 'unicast VRRP + ICMP protocol unreachable quoting it',
    build: icmpQuotedVrrp,
  },
  {
    name: 'synth-multi-section.pcapng',
    description: 'two sections, mixed endianness, tsresol/tsoffset, SPB',
    build: multiSection,
  },
  { name: 'synth-pcap-be-nanos.pcap', description: 'big-endian nanosecond classic pcap', build: pcapBeNanos },
  { name: 'synth-edge.pcap', description: 'VRRPv2 edge cases', build: edge },
];

/** The repository root: the nearest ancestor of this file holding package.json. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}

export function writeFixtures(dir = join(repoRoot(), 'captures')): string[] {
  mkdirSync(dir, { recursive: true });
  return FIXTURES.map((f) => {
    const path = join(dir, f.name);
    writeFileSync(path, f.build());
    return path;
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  for (const path of writeFixtures()) console.log(path);
}
