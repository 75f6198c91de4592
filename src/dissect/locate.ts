/**
 * First pass over a frame: find out, without allocating, whether it is one vrrpscope decodes
 * (VRRP/CARP, ARP/RARP, ICMPv6 ND, an ICMP error quoting VRRP) and where its layers start.
 *
 * Results go into a caller-owned Locator that is reset on every call, so the ~70-90% of frames on a
 * typical segment that are something else cost a few byte reads and no garbage. Dispatch is by
 * tables: link type -> link decoder, EtherType -> network kind, IP protocol -> transport kind.
 */
import { LINKTYPE } from '../capture/linktypes.js';
import { u16 } from './bytes.js';

export const enum Kind {
  None = 0,
  Arp = 1,
  /** IP protocol 112: VRRP or CARP (told apart by the decoder). */
  Ip112 = 2,
  Nd = 3,
  IcmpQuote = 4,
}

/** Most VLAN tags recorded per frame; deeper stacks are still walked, and flagged. */
export const MAX_TAGS = 8;

export class Locator {
  kind: Kind = Kind.None;
  linkType = 0;
  /** Offsets in the buffer (-1 when absent). */
  linkSrc = -1;
  linkSrcLen = 0;
  linkDst = -1;
  pktType = -1;
  ifindex = -1;
  llcSnap = false;
  vlanCount = 0;
  readonly vlanTpid = new Uint16Array(MAX_TAGS);
  readonly vlanTci = new Uint16Array(MAX_TAGS);
  /** Network layer: EtherType and offset. */
  ethertype = 0;
  l3 = 0;
  /** IP: header start, version, end of all headers (start of the transport), declared end. */
  ipVersion = 0;
  l4 = 0;
  /** End of the IP packet as declared by its length field (may exceed `end` when cut by the snaplen). */
  ipEnd = 0;
  fragment = false;
  /** Frame end: offset + caplen. */
  end = 0;

  reset(linkType: number, end: number): void {
    this.kind = Kind.None;
    this.linkType = linkType;
    this.linkSrc = -1;
    this.linkSrcLen = 0;
    this.linkDst = -1;
    this.pktType = -1;
    this.ifindex = -1;
    this.llcSnap = false;
    this.vlanCount = 0;
    this.ethertype = 0;
    this.l3 = 0;
    this.ipVersion = 0;
    this.l4 = 0;
    this.ipEnd = 0;
    this.fragment = false;
    this.end = end;
  }
}

// ---- EtherType table ----

const enum Net {
  Ignore = 0,
  VlanTag = 1,
  Ipv4 = 2,
  Ipv6 = 3,
  Arp = 4,
}

const ETHERTYPES = new Uint8Array(65536);
ETHERTYPES[0x0800] = Net.Ipv4;
ETHERTYPES[0x86dd] = Net.Ipv6;
ETHERTYPES[0x0806] = Net.Arp;
ETHERTYPES[0x8035] = Net.Arp; // RARP: the same packet format (RFC 903)
ETHERTYPES[0x8100] = Net.VlanTag; // 802.1Q
ETHERTYPES[0x88a8] = Net.VlanTag; // 802.1ad S-tag
ETHERTYPES[0x9100] = Net.VlanTag; // pre-standard QinQ
ETHERTYPES[0x9200] = Net.VlanTag;
ETHERTYPES[0x9300] = Net.VlanTag;

// ---- link-layer decoders: each sets the addresses and returns the EtherType, or -1 ----

type LinkDecoder = (b: Uint8Array, o: number, loc: Locator) => number;

function ethernet(b: Uint8Array, o: number, loc: Locator): number {
  if (o + 14 > loc.end) return -1;
  loc.linkDst = o;
  loc.linkSrc = o + 6;
  loc.linkSrcLen = 6;
  const type = u16(b, o + 12);
  if (type >= 0x0600) {
    loc.l3 = o + 14;
    return type;
  }
  return llc(b, o + 14, loc);
}

/** 802.2 LLC: only SNAP with OUI 00-00-00 carries an EtherType (RFC 1042). */
function llc(b: Uint8Array, o: number, loc: Locator): number {
  if (o + 8 > loc.end) return -1;
  if (b[o] !== 0xaa || b[o + 1] !== 0xaa || b[o + 2] !== 0x03) return -1;
  if (b[o + 3] !== 0 || b[o + 4] !== 0 || b[o + 5] !== 0) return -1;
  loc.llcSnap = true;
  loc.l3 = o + 8;
  return u16(b, o + 6);
}

/** LINUX_SLL: packet type, ARPHRD type, address length, 8 address bytes, protocol. */
function sll(b: Uint8Array, o: number, loc: Locator): number {
  if (o + 16 > loc.end) return -1;
  loc.pktType = u16(b, o);
  const halen = u16(b, o + 4);
  loc.linkSrc = o + 6;
  loc.linkSrcLen = halen > 8 ? 8 : halen;
  return cookedProtocol(b, u16(b, o + 14), o + 16, loc);
}

/** LINUX_SLL2: protocol, reserved, ifindex, ARPHRD type, packet type, address length, 8 address bytes. */
function sll2(b: Uint8Array, o: number, loc: Locator): number {
  if (o + 20 > loc.end) return -1;
  loc.ifindex = u16(b, o + 4) * 65536 + u16(b, o + 6);
  loc.pktType = b[o + 10];
  const halen = b[o + 11];
  loc.linkSrc = o + 12;
  loc.linkSrcLen = halen > 8 ? 8 : halen;
  return cookedProtocol(b, u16(b, o), o + 20, loc);
}

/** Cooked captures put an EtherType in the protocol field, or 4 for frames that start with LLC. */
function cookedProtocol(b: Uint8Array, proto: number, o: number, loc: Locator): number {
  if (proto >= 0x0600) {
    loc.l3 = o;
    return proto;
  }
  return proto === 0x0004 ? llc(b, o, loc) : -1;
}

function rawIp(b: Uint8Array, o: number, loc: Locator): number {
  if (o >= loc.end) return -1;
  loc.l3 = o;
  const v = b[o] >> 4;
  return v === 4 ? 0x0800 : v === 6 ? 0x86dd : -1;
}

function rawIpv4(_b: Uint8Array, o: number, loc: Locator): number {
  loc.l3 = o;
  return 0x0800;
}

function rawIpv6(_b: Uint8Array, o: number, loc: Locator): number {
  loc.l3 = o;
  return 0x86dd;
}

const LINK_DECODERS: (LinkDecoder | undefined)[] = [];
LINK_DECODERS[LINKTYPE.ETHERNET] = ethernet;
LINK_DECODERS[LINKTYPE.LINUX_SLL] = sll;
LINK_DECODERS[LINKTYPE.LINUX_SLL2] = sll2;
LINK_DECODERS[LINKTYPE.RAW] = rawIp;
LINK_DECODERS[LINKTYPE.RAW_OPENBSD] = rawIp;
LINK_DECODERS[LINKTYPE.IPV4] = rawIpv4;
LINK_DECODERS[LINKTYPE.IPV6] = rawIpv6;

/** Whether frames of this link type can be decoded at all. */
export function isSupportedLinkType(linkType: number): boolean {
  return LINK_DECODERS[linkType] !== undefined;
}

// ---- IP protocol / ICMP tables ----

const IPPROTO_ICMP = 1;
const IPPROTO_VRRP = 112;
const IPPROTO_ICMPV6 = 58;

/** IPv6 extension headers walked to reach the transport (RFC 8200 4.1; AH per RFC 4302). */
const IPV6_EXT = new Uint8Array(256);
IPV6_EXT[0] = 1; // hop-by-hop
IPV6_EXT[43] = 1; // routing
IPV6_EXT[44] = 2; // fragment
IPV6_EXT[51] = 3; // authentication header: length in 4-octet units
IPV6_EXT[60] = 1; // destination options
IPV6_EXT[135] = 1; // mobility
IPV6_EXT[139] = 1; // HIP
IPV6_EXT[140] = 1; // shim6

/** ICMPv4 errors that quote the offending datagram: unreachable, time exceeded, parameter problem. */
const ICMP4_ERRORS = new Uint8Array(256);
ICMP4_ERRORS[3] = 1;
ICMP4_ERRORS[11] = 1;
ICMP4_ERRORS[12] = 1;

/** Locates the layers of one frame; returns (and stores in loc.kind) what it is. */
export function locate(b: Uint8Array, offset: number, caplen: number, linkType: number, loc: Locator): Kind {
  loc.reset(linkType, offset + caplen);
  const link = LINK_DECODERS[linkType];
  if (link === undefined) return Kind.None;
  let type = link(b, offset, loc);
  if (type < 0) return Kind.None;
  let net = ETHERTYPES[type];
  // VLAN tag stack, any depth: TCI then the next EtherType.
  while (net === Net.VlanTag) {
    const o = loc.l3;
    if (o + 4 > loc.end) return Kind.None;
    if (loc.vlanCount < MAX_TAGS) {
      loc.vlanTpid[loc.vlanCount] = type;
      loc.vlanTci[loc.vlanCount] = u16(b, o);
    }
    loc.vlanCount++;
    type = u16(b, o + 2);
    loc.l3 = o + 4;
    if (type < 0x0600) {
      type = llc(b, o + 4, loc);
      if (type < 0) return Kind.None;
    }
    net = ETHERTYPES[type];
  }
  loc.ethertype = type;
  switch (net) {
    case Net.Arp:
      return (loc.kind = Kind.Arp);
    case Net.Ipv4:
      return (loc.kind = ipv4(b, loc));
    case Net.Ipv6:
      return (loc.kind = ipv6(b, loc));
    default:
      return Kind.None;
  }
}

function ipv4(b: Uint8Array, loc: Locator): Kind {
  const o = loc.l3;
  if (o + 20 > loc.end || b[o] >> 4 !== 4) return Kind.None;
  const proto = b[o + 9];
  if (proto !== IPPROTO_VRRP && proto !== IPPROTO_ICMP) return Kind.None;
  const hl = (b[o] & 0x0f) * 4;
  const total = u16(b, o + 2);
  loc.ipVersion = 4;
  loc.l4 = o + hl;
  // A zero total length is what TSO/GSO captures on the sending host show: use what was captured.
  loc.ipEnd = total === 0 ? loc.end : o + total;
  loc.fragment = (b[o + 6] & 0x20) !== 0 || (u16(b, o + 6) & 0x1fff) !== 0;
  if (proto === IPPROTO_VRRP) return Kind.Ip112;
  // ICMP: only errors that quote a VRRP packet are of interest.
  const i = loc.l4;
  if (loc.fragment || hl < 20 || i + 8 + 20 > loc.end || !ICMP4_ERRORS[b[i]]) return Kind.None;
  const inner = i + 8;
  return b[inner] >> 4 === 4 && b[inner + 9] === IPPROTO_VRRP ? Kind.IcmpQuote : Kind.None;
}

function ipv6(b: Uint8Array, loc: Locator): Kind {
  const o = loc.l3;
  if (o + 40 > loc.end || b[o] >> 4 !== 6) return Kind.None;
  let nh = b[o + 6];
  let p = o + 40;
  // Extension headers; the bound on iterations protects against crafted chains.
  for (let n = 0; IPV6_EXT[nh] !== 0 && n < 16; n++) {
    if (p + 8 > loc.end) return Kind.None;
    const kind = IPV6_EXT[nh];
    let len: number;
    if (kind === 2) {
      len = 8;
      if ((u16(b, p + 2) & 0xfff9) !== 0) loc.fragment = true; // offset or M flag
    } else if (kind === 3) {
      len = (b[p + 1] + 2) * 4;
    } else {
      len = (b[p + 1] + 1) * 8;
    }
    nh = b[p];
    p += len;
  }
  if (nh !== IPPROTO_VRRP && nh !== IPPROTO_ICMPV6) return Kind.None;
  loc.ipVersion = 6;
  loc.l4 = p;
  const payloadLen = u16(b, o + 4);
  loc.ipEnd = payloadLen === 0 ? loc.end : o + 40 + payloadLen;
  if (nh === IPPROTO_VRRP) return Kind.Ip112;
  if (loc.fragment || p + 4 > loc.end) return Kind.None;
  const t = b[p];
  if (t === 135 || t === 136) return Kind.Nd;
  // Destination unreachable, packet too big, time exceeded, parameter problem quoting VRRP.
  if (t >= 1 && t <= 4 && p + 8 + 40 <= loc.end && b[p + 8] >> 4 === 6 && b[p + 8 + 6] === IPPROTO_VRRP) {
    return Kind.IcmpQuote;
  }
  return Kind.None;
}
