/**
 * First pass over a frame: find out, without allocating, whether it is one vrrpscope decodes
 * (VRRP/CARP, ARP/RARP, ICMPv6 ND, an ICMP error quoting VRRP) and where its layers start.
 *
 * Results go into a caller-owned Locator that is reset on every call, so the ~70-90% of frames on a
 * typical segment that are something else cost a few byte reads and no garbage. Dispatch is by
 * tables: link type -> link decoder, EtherType -> network kind, IP protocol -> transport kind.
 *
 * Tunnels are opened (VXLAN, Geneve, GRE with ERSPAN I/II/III or transparent Ethernet, 802.1ah PBB,
 * MPLS pseudowires and MPLS/IP), up to MAX_TUNNELS deep: the frame inside is what gets decoded, and
 * the chain of tunnels is recorded, because a VRRP group seen through a tunnel lives on the
 * tunnel's segment (an overlay VNI, a mirrored port), not on the capture link.
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
/** Most nested tunnels opened per frame. */
export const MAX_TUNNELS = 4;

export const enum Tunnel {
  Vxlan = 1,
  Geneve = 2,
  Gre = 3,
  Erspan = 4,
  Pbb = 5,
  Mpls = 6,
}

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
  /** Tunnels opened to reach the decoded frame, outermost first: kind and id (VNI, key, session, I-SID, label). */
  tunnelCount = 0;
  readonly tunnelKind = new Uint8Array(MAX_TUNNELS);
  readonly tunnelId = new Float64Array(MAX_TUNNELS);
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
    this.tunnelCount = 0;
    this.end = end;
  }

  /** Records a tunnel; false when too many are nested. */
  enter(kind: Tunnel, id: number): boolean {
    if (this.tunnelCount >= MAX_TUNNELS) return false;
    this.tunnelKind[this.tunnelCount] = kind;
    this.tunnelId[this.tunnelCount] = id;
    this.tunnelCount++;
    return true;
  }
}

// ---- EtherType table ----

const enum Net {
  Ignore = 0,
  VlanTag = 1,
  Ipv4 = 2,
  Ipv6 = 3,
  Arp = 4,
  /** An Ethernet frame follows (GRE's transparent Ethernet bridging type; also used internally). */
  Ethernet = 5,
  Pbb = 6,
  Mpls = 7,
}

/** EtherType meaning "an Ethernet frame follows" (RFC 1701 transparent Ethernet bridging). */
const ETHER_FRAME = 0x6558;

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
ETHERTYPES[ETHER_FRAME] = Net.Ethernet;
ETHERTYPES[0x88e7] = Net.Pbb; // 802.1ah I-TAG
ETHERTYPES[0x8847] = Net.Mpls;
ETHERTYPES[0x8848] = Net.Mpls;

// ---- link-layer decoders: each sets the addresses and returns the EtherType, or -1 ----

type LinkDecoder = (b: Uint8Array, o: number, loc: Locator) => number;

/** Ethernet II or 802.3 header at o; also the inner frame of a tunnel (its addresses and tags replace the outer ones). */
function ethernet(b: Uint8Array, o: number, loc: Locator): number {
  if (o + 14 > loc.end) return -1;
  loc.vlanCount = 0;
  loc.pktType = -1;
  loc.ifindex = -1;
  loc.llcSnap = false;
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
const IPPROTO_UDP = 17;
const IPPROTO_GRE = 47;
const IPPROTO_VRRP = 112;
const IPPROTO_ICMPV6 = 58;

/** IP protocols worth a look: the ones decoded and the ones that carry tunnels. */
const IP_PROTOS = new Uint8Array(256);
IP_PROTOS[IPPROTO_ICMP] = 1;
IP_PROTOS[IPPROTO_UDP] = 1;
IP_PROTOS[IPPROTO_GRE] = 1;
IP_PROTOS[IPPROTO_VRRP] = 1;
IP_PROTOS[IPPROTO_ICMPV6] = 1;

/** UDP ports of Ethernet-carrying tunnels: VXLAN (IANA 4789; 8472 is Linux's historical default), Geneve. */
const UDP_VXLAN = 4789;
const UDP_VXLAN_LINUX = 8472;
const UDP_GENEVE = 6081;

/** Result of an IP layer that is a tunnel: the caller continues with loc.l3 / the EtherType returned in loc.ethertype. */
const TUNNEL = -1;

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
  // Each pass handles one network layer; a tunnel sets up the next pass. Bounded by MAX_TUNNELS.
  for (;;) {
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
    let k: Kind | typeof TUNNEL;
    switch (net) {
      case Net.Arp:
        return (loc.kind = Kind.Arp);
      case Net.Ipv4:
        k = ipv4(b, loc);
        break;
      case Net.Ipv6:
        k = ipv6(b, loc);
        break;
      case Net.Ethernet:
        type = ethernet(b, loc.l3, loc);
        continue;
      case Net.Pbb:
        type = pbb(b, loc);
        continue;
      case Net.Mpls:
        type = mpls(b, loc);
        continue;
      default:
        return Kind.None;
    }
    if (k !== TUNNEL) return (loc.kind = k);
    type = loc.ethertype;
  }
}

/** 802.1ah I-TAG: flags and a 24-bit I-SID, then the customer frame's addresses and EtherType. */
function pbb(b: Uint8Array, loc: Locator): number {
  const o = loc.l3;
  if (o + 4 > loc.end || !loc.enter(Tunnel.Pbb, (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3])) return -1;
  return ethernet(b, o + 4, loc);
}

/**
 * MPLS label stack, then what the bottom label carries. There is no type field, so (like
 * Wireshark's heuristics) a first nibble of 4 or 6 is IP, anything else an Ethernet pseudowire
 * (RFC 4448), with a 4-byte control word when the first nibble is 0 and the EtherType then lands on
 * a known value (a multicast destination MAC also starts with nibble 0). The tunnel id is the bottom label.
 */
function mpls(b: Uint8Array, loc: Locator): number {
  let o = loc.l3;
  for (let n = 0; ; n++) {
    if (o + 4 > loc.end || n >= 16) return -1;
    const bottom = (b[o + 2] & 1) === 1;
    const label = (b[o] << 12) | (b[o + 1] << 4) | (b[o + 2] >> 4);
    o += 4;
    if (bottom) {
      if (!loc.enter(Tunnel.Mpls, label)) return -1;
      break;
    }
  }
  if (o >= loc.end) return -1;
  const nibble = b[o] >> 4;
  loc.l3 = o;
  if (nibble === 4) return 0x0800;
  if (nibble === 6) return 0x86dd;
  const cw = nibble === 0 && o + 18 <= loc.end && ETHERTYPES[u16(b, o + 16)] !== Net.Ignore;
  return ethernet(b, cw ? o + 4 : o, loc);
}

/** UDP carrying VXLAN or Geneve: returns TUNNEL with the inner layer set up, or Kind.None. */
function udpTunnel(b: Uint8Array, o: number, loc: Locator): Kind | typeof TUNNEL {
  if (o + 8 + 8 > loc.end) return Kind.None;
  const port = u16(b, o + 2);
  const h = o + 8;
  if (port === UDP_VXLAN || port === UDP_VXLAN_LINUX) {
    // RFC 7348: flags with the I bit (VNI valid), reserved, 24-bit VNI, reserved.
    if ((b[h] & 0x08) === 0 || !loc.enter(Tunnel.Vxlan, (b[h + 4] << 16) | (b[h + 5] << 8) | b[h + 6]))
      return Kind.None;
    loc.l3 = h + 8;
    loc.ethertype = ETHER_FRAME;
    return TUNNEL;
  }
  if (port === UDP_GENEVE) {
    // RFC 8926: version 0, option length in 4-byte words, protocol type, 24-bit VNI.
    if (b[h] >> 6 !== 0 || !loc.enter(Tunnel.Geneve, (b[h + 4] << 16) | (b[h + 5] << 8) | b[h + 6])) return Kind.None;
    loc.l3 = h + 8 + (b[h] & 0x3f) * 4;
    loc.ethertype = u16(b, h + 2);
    return TUNNEL;
  }
  return Kind.None;
}

/**
 * GRE (RFC 2784/2890): optional checksum, key and sequence words, then by protocol type: ERSPAN
 * (type I without, type II with a sequence number; 0x22eb type III), transparent Ethernet, or IP.
 */
function greTunnel(b: Uint8Array, o: number, loc: Locator): Kind | typeof TUNNEL {
  if (o + 4 > loc.end) return Kind.None;
  const flags = b[o];
  if ((b[o + 1] & 0x07) !== 0) return Kind.None; // version 0 only (1 is PPTP)
  const proto = u16(b, o + 2);
  let p = o + 4;
  let key = 0;
  if (flags & 0x80) p += 4; // checksum present
  if (flags & 0x20) {
    if (p + 4 > loc.end) return Kind.None;
    key = u16(b, p) * 65536 + u16(b, p + 2);
    p += 4;
  }
  const seq = (flags & 0x10) !== 0;
  if (seq) p += 4;
  if (p > loc.end) return Kind.None;
  if (proto === 0x88be || proto === 0x22eb) {
    let session = 0;
    if (proto === 0x22eb) {
      if (p + 12 > loc.end) return Kind.None;
      session = u16(b, p + 2) & 0x03ff;
      p += 12 + (b[p + 11] & 0x01 ? 8 : 0); // optional platform sub-header
    } else if (seq) {
      if (p + 8 > loc.end) return Kind.None;
      session = u16(b, p + 2) & 0x03ff;
      p += 8;
    }
    if (!loc.enter(Tunnel.Erspan, session)) return Kind.None;
    loc.l3 = p;
    loc.ethertype = ETHER_FRAME;
    return TUNNEL;
  }
  const net = ETHERTYPES[proto];
  if (net !== Net.Ethernet && net !== Net.Ipv4 && net !== Net.Ipv6 && net !== Net.Mpls) return Kind.None;
  if (!loc.enter(Tunnel.Gre, key)) return Kind.None;
  loc.l3 = p;
  loc.ethertype = proto;
  return TUNNEL;
}

function ipv4(b: Uint8Array, loc: Locator): Kind | typeof TUNNEL {
  const o = loc.l3;
  if (o + 20 > loc.end || b[o] >> 4 !== 4) return Kind.None;
  const proto = b[o + 9];
  if (IP_PROTOS[proto] === 0) return Kind.None;
  const hl = (b[o] & 0x0f) * 4;
  const total = u16(b, o + 2);
  loc.ipVersion = 4;
  loc.l4 = o + hl;
  // A zero total length is what TSO/GSO captures on the sending host show: use what was captured.
  loc.ipEnd = total === 0 ? loc.end : o + total;
  loc.fragment = (b[o + 6] & 0x20) !== 0 || (u16(b, o + 6) & 0x1fff) !== 0;
  if (proto === IPPROTO_VRRP) return Kind.Ip112;
  if (loc.fragment || hl < 20) return Kind.None;
  if (proto === IPPROTO_UDP) return udpTunnel(b, loc.l4, loc);
  if (proto === IPPROTO_GRE) return greTunnel(b, loc.l4, loc);
  if (proto !== IPPROTO_ICMP) return Kind.None;
  // ICMP: only errors that quote a VRRP packet are of interest.
  const i = loc.l4;
  if (i + 8 + 20 > loc.end || !ICMP4_ERRORS[b[i]]) return Kind.None;
  const inner = i + 8;
  return b[inner] >> 4 === 4 && b[inner + 9] === IPPROTO_VRRP ? Kind.IcmpQuote : Kind.None;
}

function ipv6(b: Uint8Array, loc: Locator): Kind | typeof TUNNEL {
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
  if (IP_PROTOS[nh] === 0 || nh === IPPROTO_ICMP) return Kind.None;
  loc.ipVersion = 6;
  loc.l4 = p;
  const payloadLen = u16(b, o + 4);
  loc.ipEnd = payloadLen === 0 ? loc.end : o + 40 + payloadLen;
  if (nh === IPPROTO_VRRP) return Kind.Ip112;
  if (loc.fragment || p + 4 > loc.end) return Kind.None;
  if (nh === IPPROTO_UDP) return udpTunnel(b, p, loc);
  if (nh === IPPROTO_GRE) return greTunnel(b, p, loc);
  const t = b[p];
  if (t === 135 || t === 136) return Kind.Nd;
  // Destination unreachable, packet too big, time exceeded, parameter problem quoting VRRP.
  if (t >= 1 && t <= 4 && p + 8 + 40 <= loc.end && b[p + 8] >> 4 === 6 && b[p + 8 + 6] === IPPROTO_VRRP) {
    return Kind.IcmpQuote;
  }
  return Kind.None;
}
