/**
 * ARP and RARP (RFC 826, RFC 903), any hardware/protocol address lengths. Ethernet + IPv4 is
 * decoded into MAC and dotted-quad text; other combinations into colon-separated hex.
 * Gratuitous / announcement / probe follow Wireshark's packet-arp.c and RFC 5227.
 */
import { allZero, bytesEqual, hexColon, ipv4, mac, u16 } from './bytes.js';
import type { ArpInfo, DecodeIssue } from './types.js';

const ARPHRD_ETHER = 1;
const ARPHRD_IEEE802 = 6;
/** ATM ARP (RFC 2225) packs type-and-length octets where plain ARP has hlen/plen: another layout. */
const ARPHRD_ATM2225 = 19;
const ETHERTYPE_IPV4 = 0x0800;
const OP_REQUEST = 1;
const OP_REPLY = 2;

/** Decodes the ARP packet at b[o, end). Returns null when not even the fixed 8-byte header is present. */
export function decodeArp(b: Uint8Array, o: number, end: number, issues: DecodeIssue[]): ArpInfo | null {
  if (o + 8 > end) {
    issues.push({ code: 'arp.truncated', detail: `ARP header cut short (${Math.max(0, end - o)} of 8 bytes)` });
    return null;
  }
  const htype = u16(b, o);
  const ptype = u16(b, o + 2);
  const hlen = b[o + 4];
  const plen = b[o + 5];
  const op = u16(b, o + 6);

  if (htype === ARPHRD_ATM2225) {
    issues.push({ code: 'arp.atmarp', detail: 'ATM ARP (RFC 2225, hardware type 19): addresses not decoded' });
    return header(op, htype, ptype, hlen, plen);
  }
  const sha = o + 8;
  const spa = sha + hlen;
  const tha = spa + plen;
  const tpa = tha + hlen;
  const need = tpa + plen;
  if (need > end) {
    issues.push({
      code: 'arp.truncated',
      detail:
        `ARP addresses cut short (hardware length ${hlen}, protocol length ${plen}: ` +
        `${need - o} bytes needed, ${end - o} captured)`,
    });
    return header(op, htype, ptype, hlen, plen);
  }
  const etherHw = (htype === ARPHRD_ETHER || htype === ARPHRD_IEEE802) && hlen === 6;
  const ipProto = ptype === ETHERTYPE_IPV4 && plen === 4;
  let info: ArpInfo;
  if (hlen > 0 && plen > 0) {
    // Both kinds of address (nearly every ARP): the whole object in one literal, its fields in the
    // order the other cases add them (one allocation, and one shape for every such frame).
    info = {
      op,
      htype,
      ptype,
      hlen,
      plen,
      gratuitous: false,
      announcement: false,
      probe: false,
      senderMac: etherHw ? mac(b, sha) : hexColon(b, sha, hlen),
      targetMac: etherHw ? mac(b, tha) : hexColon(b, tha, hlen),
      senderIp: ipProto ? ipv4(b, spa) : hexColon(b, spa, plen),
      targetIp: ipProto ? ipv4(b, tpa) : hexColon(b, tpa, plen),
    };
  } else {
    info = header(op, htype, ptype, hlen, plen);
    if (hlen > 0) {
      info.senderMac = etherHw ? mac(b, sha) : hexColon(b, sha, hlen);
      info.targetMac = etherHw ? mac(b, tha) : hexColon(b, tha, hlen);
    } else if (plen > 0) {
      info.senderIp = ipProto ? ipv4(b, spa) : hexColon(b, spa, plen);
      info.targetIp = ipProto ? ipv4(b, tpa) : hexColon(b, tpa, plen);
    }
  }
  if ((op === OP_REQUEST || op === OP_REPLY) && plen > 0 && bytesEqual(b, spa, tpa, plen)) {
    info.gratuitous = true;
    info.announcement = op === OP_REQUEST && allZero(b, tha, hlen);
  }
  info.probe = op === OP_REQUEST && plen > 0 && allZero(b, spa, plen) && allZero(b, tha, hlen);
  if (hlen === 0 || plen === 0) {
    issues.push({ code: 'arp.bad-length', detail: `ARP with hardware length ${hlen} and protocol length ${plen}` });
  }
  return info;
}

/** The header's fields alone: what an ARP says whose addresses are not decoded. */
function header(op: number, htype: number, ptype: number, hlen: number, plen: number): ArpInfo {
  return { op, htype, ptype, hlen, plen, gratuitous: false, announcement: false, probe: false };
}
