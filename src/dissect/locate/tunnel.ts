/**
 * Tunnels of the first pass: VXLAN and Geneve over UDP, GRE (ERSPAN I/II/III, transparent Ethernet,
 * IP, MPLS), 802.1ah PBB and MPLS. Each records itself in the Locator and sets up the inner layer.
 */
import { u16 } from '../bytes.js';
import { ETHER_FRAME, ethernet, Net, netType } from './link.js';
import { Kind, type Locator, Tunnel } from './locator.js';

/** UDP ports of Ethernet-carrying tunnels: VXLAN (IANA 4789; 8472 is Linux's historical default), Geneve. */
const UDP_VXLAN = 4789;
const UDP_VXLAN_LINUX = 8472;
const UDP_GENEVE = 6081;

/**
 * Result of an IP layer that is a tunnel: the caller continues with loc.l3 / the EtherType returned
 * in loc.ethertype.
 */
export const TUNNEL = -1;

/** 802.1ah I-TAG: flags and a 24-bit I-SID, then the customer frame's addresses and EtherType. */
export function pbb(b: Uint8Array, loc: Locator): number {
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
export function mpls(b: Uint8Array, loc: Locator): number {
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
  const cw = nibble === 0 && o + 18 <= loc.end && netType(u16(b, o + 16)) !== Net.Ignore;
  return ethernet(b, cw ? o + 4 : o, loc);
}

/** UDP carrying VXLAN or Geneve: returns TUNNEL with the inner layer set up, or Kind.None. */
export function udpTunnel(b: Uint8Array, o: number, loc: Locator): Kind | typeof TUNNEL {
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
export function greTunnel(b: Uint8Array, o: number, loc: Locator): Kind | typeof TUNNEL {
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
  const net = netType(proto);
  if (net !== Net.Ethernet && net !== Net.Ipv4 && net !== Net.Ipv6 && net !== Net.Mpls) return Kind.None;
  if (!loc.enter(Tunnel.Gre, key)) return Kind.None;
  loc.l3 = p;
  loc.ethertype = proto;
  return TUNNEL;
}
