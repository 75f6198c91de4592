// Frame builders for tests: plain data in, wire bytes out.
//
// Every builder computes lengths and checksums itself, so a frame is correct
// by construction unless a caller asks for a specific defect (badChecksum,
// count, hlen/plen, ...). All multi-byte fields are big-endian (network order).
import { Buffer } from 'node:buffer';

// ---------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------

export const ETHERTYPE = {
  IPV4: 0x0800,
  ARP: 0x0806,
  VLAN: 0x8100, // IEEE 802.1Q C-tag
  QINQ: 0x88a8, // IEEE 802.1ad S-tag
  QINQ_LEGACY: 0x9100, // pre-standard Q-in-Q
  IPV6: 0x86dd,
} as const;

export const IPPROTO = {
  HOPOPTS: 0,
  ICMP: 1,
  TCP: 6,
  UDP: 17,
  ROUTING: 43,
  FRAGMENT: 44,
  ICMPV6: 58,
  DSTOPTS: 60,
  VRRP: 112, // also used by CARP
} as const;

/** Linux packet types (sll_pkttype), as carried in SLL/SLL2 headers. */
export const SLL_PKTTYPE = {
  HOST: 0,
  BROADCAST: 1,
  MULTICAST: 2,
  OTHERHOST: 3,
  OUTGOING: 4,
} as const;

export const ARP_OP = { REQUEST: 1, REPLY: 2 } as const;

export const VRRP_GROUP_V4 = '224.0.0.18'; // RFC 3768 §5.2.2 / RFC 5798 §5.1.1.2
export const VRRP_GROUP_V6 = 'ff02::12'; // RFC 5798 §5.1.2.2
export const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff';

// ---------------------------------------------------------------------------
// Address helpers
// ---------------------------------------------------------------------------

export function macToBytes(mac: string): Buffer {
  const parts = mac.split(/[:-]/);
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{1,2}$/.test(p))) {
    throw new Error(`bad MAC address: ${mac}`);
  }
  return Buffer.from(parts.map((p) => parseInt(p, 16)));
}

export function bytesToMac(b: Buffer): string {
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
}

function ipv4ToBytes(ip: string): Buffer {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
    throw new Error(`bad IPv4 address: ${ip}`);
  }
  return Buffer.from(parts.map(Number));
}

/** Parses any RFC 4291 §2.2 text form, including '::' and a dotted-quad tail. */
export function ipv6ToBytes(ip: string): Buffer {
  let text = ip;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    // Rewrite an embedded IPv4 tail (e.g. ::ffff:192.0.2.1) as two hex groups.
    const v4 = ipv4ToBytes(dotted[1]);
    text = text.slice(0, dotted.index) + v4.readUInt16BE(0).toString(16) + ':' + v4.readUInt16BE(2).toString(16);
  }
  const halves = text.split('::');
  if (halves.length > 2) throw new Error(`bad IPv6 address: ${ip}`);
  const parse = (s: string): number[] =>
    s === ''
      ? []
      : s.split(':').map((g) => {
          if (!/^[0-9a-fA-F]{1,4}$/.test(g)) throw new Error(`bad IPv6 address: ${ip}`);
          return parseInt(g, 16);
        });
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  const explicit = head.length + rest.length;
  let groups = head;
  if (halves.length === 2) {
    if (explicit > 7) throw new Error(`bad IPv6 address: ${ip}`);
    groups = [...head, ...new Array<number>(8 - explicit).fill(0), ...rest];
  }
  if (groups.length !== 8) throw new Error(`bad IPv6 address: ${ip}`);
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(g, i * 2));
  return out;
}

/** Formats 16 bytes as RFC 5952 canonical text (lower case, longest zero run compressed). */
export function bytesToIpv6(b: Buffer): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(b.readUInt16BE(i));
  let bestStart = -1;
  let bestLen = 1; // a single zero group is never compressed (RFC 5952 §4.2.2)
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (gs: number[]): string => gs.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
}

/** IPv4 or IPv6 text to bytes, chosen by the presence of ':'. */
function ipToBytes(ip: string): Buffer {
  return ip.includes(':') ? ipv6ToBytes(ip) : ipv4ToBytes(ip);
}

/** Virtual router MAC: 00-00-5E-00-01-{VRID} for IPv4, 00-00-5E-00-02-{VRID} for IPv6 (RFC 5798 §7.3). */
export function vrrpMac(vrid: number, family: 4 | 6 = 4): string {
  return bytesToMac(Buffer.from([0x00, 0x00, 0x5e, 0x00, family === 4 ? 0x01 : 0x02, vrid & 0xff]));
}

/** Ethernet address for an IPv4 (RFC 1112 §6.4) or IPv6 (RFC 2464 §7) multicast group. */
export function multicastMac(group: string): string {
  const ip = ipToBytes(group);
  if (ip.length === 4) return bytesToMac(Buffer.from([0x01, 0x00, 0x5e, ip[1] & 0x7f, ip[2], ip[3]]));
  return bytesToMac(Buffer.from([0x33, 0x33, ...ip.subarray(12)]));
}

// ---------------------------------------------------------------------------
// Checksums
// ---------------------------------------------------------------------------

/** RFC 1071 one's complement sum of the concatenation of `parts`, folded to 16 bits. */
export function onesComplementSum(...parts: Buffer[]): number {
  const data = Buffer.concat(parts); // concatenate first: odd-length parts must not shift words
  let sum = 0;
  for (let i = 0; i + 1 < data.length; i += 2) sum += data.readUInt16BE(i);
  if (data.length % 2 === 1) sum += data[data.length - 1] << 8; // pad the odd byte with zero
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/** The Internet checksum (RFC 1071): one's complement of the one's complement sum. */
export function inetChecksum(...parts: Buffer[]): number {
  return ~onesComplementSum(...parts) & 0xffff;
}

/**
 * Upper-layer pseudo-header: RFC 768/793 layout for IPv4 addresses
 * (src, dst, zero, proto, 16-bit length), RFC 8200 §8.1 layout for IPv6
 * (src, dst, 32-bit length, 3 zero bytes, next header).
 */
export function pseudoHeader(src: string, dst: string, proto: number, length: number): Buffer {
  const s = ipToBytes(src);
  const d = ipToBytes(dst);
  if (s.length === 4) {
    const tail = Buffer.alloc(4);
    tail[1] = proto;
    tail.writeUInt16BE(length, 2);
    return Buffer.concat([s, d, tail]);
  }
  return Buffer.concat([s, d, u32(length), Buffer.from([0, 0, 0, proto])]);
}

/** A checksum value that is wrong for a message whose correct checksum is any of `good`. */
function wrongChecksum(...good: number[]): number {
  // 0x0000 and 0xffff are the same value in one's complement arithmetic.
  const equivalent = (a: number, b: number): boolean => a === b || ((a ^ b) === 0xffff && (a === 0 || b === 0));
  for (const mask of [0x5a5a, 0xa5a5, 0x0f0f]) {
    const candidate = good[0] ^ mask;
    if (!good.some((g) => equivalent(g, candidate))) return candidate;
  }
  throw new Error('unreachable: no wrong checksum found');
}

function withChecksum(msg: Buffer, offset: number, value: number): Buffer {
  msg.writeUInt16BE(value, offset);
  return msg;
}

function u16(v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(v);
  return b;
}

function u32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v);
  return b;
}

// ---------------------------------------------------------------------------
// Link layers
// ---------------------------------------------------------------------------

export interface VlanTag {
  /** Tag protocol identifier; 0x8100 (802.1Q) by default. */
  tpid?: number;
  id: number;
  pcp?: number;
  dei?: boolean;
}

export interface EthernetOptions {
  dst: string;
  src: string;
  /** Outermost tag first. */
  vlans?: VlanTag[];
  /** EtherType, or 'length' for an IEEE 802.3 frame whose field is the payload length. */
  type: number | 'length';
  payload: Buffer;
  /** Zero-pad the frame to the 60-byte minimum (without FCS), as received frames are. */
  pad?: boolean;
}

export function ethernet(o: EthernetOptions): Buffer {
  const tags = (o.vlans ?? []).map((v) => {
    const tci = ((v.pcp ?? 0) << 13) | (v.dei ? 0x1000 : 0) | (v.id & 0x0fff);
    return Buffer.concat([u16(v.tpid ?? ETHERTYPE.VLAN), u16(tci)]);
  });
  const typeOrLength = o.type === 'length' ? o.payload.length : o.type;
  const frame = Buffer.concat([macToBytes(o.dst), macToBytes(o.src), ...tags, u16(typeOrLength), o.payload]);
  if (o.pad && frame.length < 60) return Buffer.concat([frame, Buffer.alloc(60 - frame.length)]);
  return frame;
}

/** 802.2 LLC + SNAP header (DSAP AA, SSAP AA, UI 03, OUI 00-00-00, EtherType): RFC 1042. */
export function llcSnap(type: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00]), u16(type), payload]);
}

function linkAddr(addr: string | Buffer): Buffer {
  const bytes = typeof addr === 'string' ? macToBytes(addr) : addr;
  if (bytes.length > 8) throw new Error('SLL address longer than 8 bytes');
  return bytes;
}

export interface SllOptions {
  pktType: number;
  hatype?: number;
  addr: string | Buffer;
  protocol: number;
  payload: Buffer;
}

/** LINKTYPE_LINUX_SLL (113) header: 16 bytes. */
export function sll(o: SllOptions): Buffer {
  const addr = linkAddr(o.addr);
  const h = Buffer.alloc(16);
  h.writeUInt16BE(o.pktType, 0);
  h.writeUInt16BE(o.hatype ?? 1, 2);
  h.writeUInt16BE(addr.length, 4);
  addr.copy(h, 6);
  h.writeUInt16BE(o.protocol, 14);
  return Buffer.concat([h, o.payload]);
}

export interface Sll2Options {
  protocol: number;
  ifindex: number;
  hatype?: number;
  pktType: number;
  addr: string | Buffer;
  payload: Buffer;
}

/** LINKTYPE_LINUX_SLL2 (276) header: 20 bytes. */
export function sll2(o: Sll2Options): Buffer {
  const addr = linkAddr(o.addr);
  const h = Buffer.alloc(20);
  h.writeUInt16BE(o.protocol, 0);
  // bytes 2-3: reserved, must be zero
  h.writeUInt32BE(o.ifindex, 4);
  h.writeUInt16BE(o.hatype ?? 1, 8);
  h[10] = o.pktType;
  h[11] = addr.length;
  addr.copy(h, 12);
  return Buffer.concat([h, o.payload]);
}

// ---------------------------------------------------------------------------
// Network layers
// ---------------------------------------------------------------------------

export interface Ipv4Options {
  src: string;
  dst: string;
  proto: number;
  payload: Buffer;
  ttl?: number;
  tos?: number;
  id?: number;
  df?: boolean;
  mf?: boolean;
  /** Fragment offset in 8-octet units, as on the wire (RFC 791). */
  fragOffset?: number;
  /** Raw option bytes; zero-padded (EOL) to a 4-byte boundary. */
  options?: Buffer;
  badChecksum?: boolean;
}

export function ipv4(o: Ipv4Options): Buffer {
  let opts = o.options ?? Buffer.alloc(0);
  if (opts.length % 4) opts = Buffer.concat([opts, Buffer.alloc(4 - (opts.length % 4))]);
  const headerLen = 20 + opts.length;
  if (headerLen > 60) throw new Error('IPv4 options longer than 40 bytes');
  const h = Buffer.alloc(20);
  h[0] = 0x40 | (headerLen / 4);
  h[1] = o.tos ?? 0;
  h.writeUInt16BE(headerLen + o.payload.length, 2);
  h.writeUInt16BE(o.id ?? 0, 4);
  h.writeUInt16BE((o.df ? 0x4000 : 0) | (o.mf ? 0x2000 : 0) | ((o.fragOffset ?? 0) & 0x1fff), 6);
  h[8] = o.ttl ?? 255;
  h[9] = o.proto;
  ipv4ToBytes(o.src).copy(h, 12);
  ipv4ToBytes(o.dst).copy(h, 16);
  const header = Buffer.concat([h, opts]);
  const ck = inetChecksum(header);
  header.writeUInt16BE(o.badChecksum ? wrongChecksum(ck) : ck, 10);
  return Buffer.concat([header, o.payload]);
}

export interface Ipv6ExtHeader {
  /** Header type (0 hop-by-hop, 43 routing, 44 fragment, 60 destination options, ...). */
  type: number;
  /** Header body after the Next Header and Hdr Ext Len bytes; padded as needed. */
  data: Buffer;
}

export interface Ipv6Options {
  src: string;
  dst: string;
  /** Protocol of the payload (after any extension headers). */
  nextHeader: number;
  payload: Buffer;
  hopLimit?: number;
  trafficClass?: number;
  flowLabel?: number;
  extHeaders?: Ipv6ExtHeader[];
}

/** Options-header padding: Pad1 for one byte, PadN otherwise (RFC 8200 §4.2). */
function tlvPadding(n: number): Buffer {
  if (n === 0) return Buffer.alloc(0);
  if (n === 1) return Buffer.from([0x00]);
  return Buffer.concat([Buffer.from([0x01, n - 2]), Buffer.alloc(n - 2)]);
}

function encodeExtHeader(ext: Ipv6ExtHeader, next: number): Buffer {
  if (ext.type === IPPROTO.FRAGMENT) {
    // Fixed 8 bytes; the second byte is Reserved, not a length (RFC 8200 §4.5).
    if (ext.data.length !== 6) throw new Error('fragment header data must be 6 bytes');
    return Buffer.concat([Buffer.from([next, 0]), ext.data]);
  }
  // Length in 8-octet units, not counting the first 8 octets (RFC 8200 §4.3).
  const padLen = (8 - ((ext.data.length + 2) % 8)) % 8;
  const isOptions = ext.type === IPPROTO.HOPOPTS || ext.type === IPPROTO.DSTOPTS;
  const body = Buffer.concat([ext.data, isOptions ? tlvPadding(padLen) : Buffer.alloc(padLen)]);
  return Buffer.concat([Buffer.from([next, (body.length + 2) / 8 - 1]), body]);
}

export function ipv6(o: Ipv6Options): Buffer {
  const exts = o.extHeaders ?? [];
  const encoded = exts.map((ext, i) => encodeExtHeader(ext, i + 1 < exts.length ? exts[i + 1].type : o.nextHeader));
  const rest = Buffer.concat([...encoded, o.payload]);
  const h = Buffer.alloc(40);
  h.writeUInt32BE(((6 << 28) | ((o.trafficClass ?? 0) << 20) | ((o.flowLabel ?? 0) & 0xfffff)) >>> 0, 0);
  h.writeUInt16BE(rest.length, 4);
  h[6] = exts.length > 0 ? exts[0].type : o.nextHeader;
  h[7] = o.hopLimit ?? 255;
  ipv6ToBytes(o.src).copy(h, 8);
  ipv6ToBytes(o.dst).copy(h, 24);
  return Buffer.concat([h, rest]);
}

// ---------------------------------------------------------------------------
// VRRP and CARP
// ---------------------------------------------------------------------------

export interface Vrrp2Options {
  vrid: number;
  priority: number;
  addresses: string[];
  /** 0 none, 1 simple text password, 2 IP AH (RFC 2338 §5.3.6). */
  authType?: number;
  /** Up to 8 bytes; zero-padded. */
  authData?: string | Buffer;
  intervalSec?: number;
  /** Overrides the Count IP Addrs field (to build inconsistent messages). */
  count?: number;
  type?: number;
  badChecksum?: boolean;
}

/** VRRPv2 advertisement (RFC 3768 §5.1); checksum over the VRRP message only (§5.3.8). */
export function vrrp2(o: Vrrp2Options): Buffer {
  const auth = Buffer.alloc(8);
  const authBytes =
    typeof o.authData === 'string' ? Buffer.from(o.authData, 'latin1') : (o.authData ?? Buffer.alloc(0));
  if (authBytes.length > 8) throw new Error('VRRPv2 auth data is at most 8 bytes');
  authBytes.copy(auth);
  const h = Buffer.alloc(8);
  h[0] = 0x20 | (o.type ?? 1);
  h[1] = o.vrid;
  h[2] = o.priority;
  h[3] = o.count ?? o.addresses.length;
  h[4] = o.authType ?? 0;
  h[5] = o.intervalSec ?? 1;
  const msg = Buffer.concat([h, ...o.addresses.map(ipv4ToBytes), auth]);
  const ck = inetChecksum(msg);
  return withChecksum(msg, 6, o.badChecksum ? wrongChecksum(ck) : ck);
}

export type Vrrp3ChecksumStyle = 'rfc5798' | 'rfc9568' | 'bad';

export interface Vrrp3Options {
  vrid: number;
  priority: number;
  /** All IPv4 or all IPv6, matching `family`. */
  addresses: string[];
  /** Max Advertise Interval in centiseconds (12 bits). */
  intervalCs?: number;
  family: 4 | 6;
  /** IP source and destination: they enter the pseudo-header. */
  src: string;
  dst: string;
  checksumStyle?: Vrrp3ChecksumStyle;
  count?: number;
  type?: number;
}

/**
 * RFC 5798 §5.2.8 pseudo-header as literally specified: the RFC 8200 §8.1
 * layout (src, dst, 32-bit length, 3 zero bytes, next header 112), with
 * 4-byte addresses for IPv4. For IPv4 this sums to the same value as the
 * RFC 768-style pseudo-header, so either reading yields the same checksum.
 */
function vrrp3PseudoHeader(src: string, dst: string, length: number): Buffer {
  return Buffer.concat([ipToBytes(src), ipToBytes(dst), u32(length), Buffer.from([0, 0, 0, IPPROTO.VRRP])]);
}

/**
 * VRRPv3 advertisement (RFC 5798 §5.1). Checksum styles (§5.2.8 of each RFC):
 *  - 'rfc5798': message plus pseudo-header, for both families (keepalived's default);
 *  - 'rfc9568': for IPv4 the message only, as VRRPv2 computes it (RFC 9568 clarified
 *    that no pseudo-header applies to IPv4; Wireshark calls this "V3 checksum as in V2");
 *    for IPv6 unchanged (pseudo-header);
 *  - 'bad': wrong under both readings.
 */
export function vrrp3(o: Vrrp3Options): Buffer {
  const addrs = o.addresses.map(ipToBytes);
  const addrLen = o.family === 4 ? 4 : 16;
  if (addrs.some((a) => a.length !== addrLen)) throw new Error(`VRRPv3 addresses must all be IPv${o.family}`);
  const h = Buffer.alloc(8);
  h[0] = 0x30 | (o.type ?? 1);
  h[1] = o.vrid;
  h[2] = o.priority;
  h[3] = o.count ?? addrs.length;
  h.writeUInt16BE((o.intervalCs ?? 100) & 0x0fff, 4); // top 4 bits reserved
  const msg = Buffer.concat([h, ...addrs]);
  const withPseudo = inetChecksum(vrrp3PseudoHeader(o.src, o.dst, msg.length), msg);
  const messageOnly = o.family === 4 ? inetChecksum(msg) : withPseudo;
  const style = o.checksumStyle ?? 'rfc5798';
  const ck =
    style === 'rfc5798' ? withPseudo : style === 'rfc9568' ? messageOnly : wrongChecksum(withPseudo, messageOnly);
  return withChecksum(msg, 6, ck);
}

export interface CarpOptions {
  vhid: number;
  advskew: number;
  advbase: number;
  demotion?: number;
  counter: bigint | number;
  /** 20-byte SHA1 HMAC; zeros by default. */
  hmac?: Buffer;
  version?: number;
  type?: number;
  badChecksum?: boolean;
}

/**
 * OpenBSD CARP advertisement (netinet/ip_carp.h struct carp_header), 36 bytes.
 * The first byte is 0x21 like VRRPv2; decoders tell them apart by the length and
 * by byte 3 (authlen = 7 32-bit words of counter + HMAC, where VRRPv2 has a count).
 */
export function carp(o: CarpOptions): Buffer {
  const hmac = o.hmac ?? Buffer.alloc(20);
  if (hmac.length !== 20) throw new Error('CARP HMAC must be 20 bytes');
  const h = Buffer.alloc(16);
  h[0] = ((o.version ?? 2) << 4) | (o.type ?? 1);
  h[1] = o.vhid;
  h[2] = o.advskew;
  h[3] = 7;
  h[4] = o.demotion ?? 0;
  h[5] = o.advbase;
  h.writeBigUInt64BE(BigInt(o.counter), 8); // carp_counter[2], high word first
  const msg = Buffer.concat([h, hmac]);
  const ck = inetChecksum(msg);
  return withChecksum(msg, 6, o.badChecksum ? wrongChecksum(ck) : ck);
}

// ---------------------------------------------------------------------------
// ARP
// ---------------------------------------------------------------------------

export interface ArpOptions {
  op: number;
  sha: string | Buffer;
  spa: string | Buffer;
  tha: string | Buffer;
  tpa: string | Buffer;
  htype?: number;
  ptype?: number;
  /** Written as given; default: the length of sha. */
  hlen?: number;
  /** Written as given; default: the length of spa. */
  plen?: number;
}

/** ARP packet (RFC 826). Strings are MACs (sha/tha) and IP addresses (spa/tpa). */
export function arp(o: ArpOptions): Buffer {
  const hw = (a: string | Buffer): Buffer => (typeof a === 'string' ? macToBytes(a) : a);
  const proto = (a: string | Buffer): Buffer => (typeof a === 'string' ? ipToBytes(a) : a);
  const sha = hw(o.sha);
  const spa = proto(o.spa);
  return arpRaw({
    op: o.op,
    htype: o.htype ?? 1,
    ptype: o.ptype ?? ETHERTYPE.IPV4,
    hlen: o.hlen ?? sha.length,
    plen: o.plen ?? spa.length,
    body: Buffer.concat([sha, spa, hw(o.tha), proto(o.tpa)]),
  });
}

export interface ArpRawOptions {
  op: number;
  htype: number;
  ptype: number;
  hlen: number;
  plen: number;
  /** Everything after the 8-byte fixed header, whatever hlen/plen claim. */
  body: Buffer;
}

export function arpRaw(o: ArpRawOptions): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(o.htype, 0);
  h.writeUInt16BE(o.ptype, 2);
  h[4] = o.hlen;
  h[5] = o.plen;
  h.writeUInt16BE(o.op, 6);
  return Buffer.concat([h, o.body]);
}

// ---------------------------------------------------------------------------
// ICMP / ICMPv6
// ---------------------------------------------------------------------------

export interface Icmpv6Options {
  type: number;
  code?: number;
  /** Everything after the 4-byte type/code/checksum header. */
  body: Buffer;
  src: string;
  dst: string;
}

/** ICMPv6 message with its checksum over the RFC 8200 §8.1 pseudo-header (RFC 4443 §2.3). */
export function icmpv6(o: Icmpv6Options): Buffer {
  const msg = Buffer.concat([Buffer.from([o.type, o.code ?? 0, 0, 0]), o.body]);
  return withChecksum(msg, 2, inetChecksum(pseudoHeader(o.src, o.dst, IPPROTO.ICMPV6, msg.length), msg));
}

export interface NdLinkAddrOption {
  kind: 'source' | 'target';
  mac: string;
}

export interface NdOptions {
  /** 135 Neighbor Solicitation, 136 Neighbor Advertisement. */
  type: 135 | 136;
  src: string;
  dst: string;
  target: string;
  /** NA only: Router, Solicited, Override (RFC 4861 §4.4). */
  flags?: { r?: boolean; s?: boolean; o?: boolean };
  options?: NdLinkAddrOption[];
}

/** Neighbor Solicitation / Advertisement (RFC 4861 §4.3, §4.4). */
export function icmpv6Nd(o: NdOptions): Buffer {
  const f = o.flags ?? {};
  const flagWord = o.type === 136 ? (f.r ? 0x80000000 : 0) | (f.s ? 0x40000000 : 0) | (f.o ? 0x20000000 : 0) : 0;
  const options = (o.options ?? []).map((opt) =>
    // Type 1 source / 2 target link-layer address; length in units of 8 octets (RFC 4861 §4.6.1).
    Buffer.concat([Buffer.from([opt.kind === 'source' ? 1 : 2, 1]), macToBytes(opt.mac)]),
  );
  const body = Buffer.concat([u32(flagWord >>> 0), ipv6ToBytes(o.target), ...options]);
  return icmpv6({ type: o.type, body, src: o.src, dst: o.dst });
}

export interface Icmpv4ErrorOptions {
  type?: number;
  code?: number;
  /** The offending datagram's IP header plus at least 8 bytes of its payload (RFC 792). */
  quoted: Buffer;
  /** The 32-bit word after the checksum (unused, or next-hop MTU for type 3 code 4). */
  rest?: number;
}

/** ICMP error message; defaults to destination unreachable / protocol unreachable (3/2). */
export function icmpv4Error(o: Icmpv4ErrorOptions): Buffer {
  const msg = Buffer.concat([Buffer.from([o.type ?? 3, o.code ?? 2, 0, 0]), u32(o.rest ?? 0), o.quoted]);
  return withChecksum(msg, 2, inetChecksum(msg));
}

// ---------------------------------------------------------------------------
// Transport filler
// ---------------------------------------------------------------------------

export interface UdpOptions {
  srcPort: number;
  dstPort: number;
  payload: Buffer;
  /** IP source and destination, for the pseudo-header checksum. */
  src: string;
  dst: string;
}

export function udp(o: UdpOptions): Buffer {
  const msg = Buffer.concat([u16(o.srcPort), u16(o.dstPort), u16(8 + o.payload.length), u16(0), o.payload]);
  const ck = inetChecksum(pseudoHeader(o.src, o.dst, IPPROTO.UDP, msg.length), msg);
  return withChecksum(msg, 6, ck === 0 ? 0xffff : ck); // 0 means "no checksum" (RFC 768)
}

export interface TcpFlags {
  fin?: boolean;
  syn?: boolean;
  rst?: boolean;
  psh?: boolean;
  ack?: boolean;
  urg?: boolean;
}

export interface TcpOptions {
  srcPort: number;
  dstPort: number;
  seq?: number;
  ack?: number;
  flags?: TcpFlags;
  window?: number;
  payload?: Buffer;
  src: string;
  dst: string;
}

/** Minimal TCP segment: 20-byte header, no options. */
export function tcp(o: TcpOptions): Buffer {
  const f = o.flags ?? {};
  const flagBits =
    (f.fin ? 0x01 : 0) |
    (f.syn ? 0x02 : 0) |
    (f.rst ? 0x04 : 0) |
    (f.psh ? 0x08 : 0) |
    (f.ack ? 0x10 : 0) |
    (f.urg ? 0x20 : 0);
  const h = Buffer.alloc(20);
  h.writeUInt16BE(o.srcPort, 0);
  h.writeUInt16BE(o.dstPort, 2);
  h.writeUInt32BE((o.seq ?? 0) >>> 0, 4);
  h.writeUInt32BE((o.ack ?? 0) >>> 0, 8);
  h[12] = 5 << 4; // data offset: 5 words
  h[13] = flagBits;
  h.writeUInt16BE(o.window ?? 65535, 14);
  const msg = Buffer.concat([h, o.payload ?? Buffer.alloc(0)]);
  return withChecksum(msg, 16, inetChecksum(pseudoHeader(o.src, o.dst, IPPROTO.TCP, msg.length), msg));
}
