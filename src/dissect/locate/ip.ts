/**
 * IP layer of the first pass: the IPv4 header and the IPv6 extension header chain, then dispatch
 * by IP protocol (VRRP/CARP, ICMP errors quoting VRRP, ND, and the UDP and GRE tunnels).
 */
import { u16 } from '../bytes.js';
import { Kind, type Locator } from './locator.js';
import { greTunnel, TUNNEL, udpTunnel } from './tunnel.js';

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

/** A VRRP packet whose IP header cannot be used (see Locator.ipBroken). */
function brokenVrrp(loc: Locator, version: number): Kind {
  loc.ipVersion = version;
  loc.ipBroken = true;
  loc.l4 = loc.end;
  loc.ipEnd = loc.end;
  return Kind.Ip112;
}

export function ipv4(b: Uint8Array, loc: Locator): Kind | typeof TUNNEL {
  const o = loc.l3;
  if (o >= loc.end || b[o] >> 4 !== 4) return Kind.None;
  // Cut short inside the header: still VRRP (malformed) when the protocol field says so.
  if (o + 20 > loc.end) return o + 10 <= loc.end && b[o + 9] === IPPROTO_VRRP ? brokenVrrp(loc, 4) : Kind.None;
  const proto = b[o + 9];
  if (IP_PROTOS[proto] === 0) return Kind.None;
  const hl = (b[o] & 0x0f) * 4;
  // A header length below 20 would have VRRP read from inside the IP header.
  if (hl < 20 && proto === IPPROTO_VRRP) return brokenVrrp(loc, 4);
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

export function ipv6(b: Uint8Array, loc: Locator): Kind | typeof TUNNEL {
  const o = loc.l3;
  if (o >= loc.end || b[o] >> 4 !== 6) return Kind.None;
  if (o + 40 > loc.end) return o + 7 <= loc.end && b[o + 6] === IPPROTO_VRRP ? brokenVrrp(loc, 6) : Kind.None;
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
