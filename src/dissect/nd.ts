/**
 * ICMPv6 neighbor solicitation (135) and advertisement (136), RFC 4861 sections 4.3 and 4.4.
 * A VRRP master announces an IPv6 virtual address with an unsolicited NA (S=0), the IPv6 twin of a
 * gratuitous ARP.
 */
import { hexColon, ipv6, mac } from './bytes.js';
import type { DecodeIssue, NdInfo } from './types.js';

const OPT_SOURCE_LLA = 1;
const OPT_TARGET_LLA = 2;

/** Decodes the NS or NA at b[o, end) (the ICMPv6 message, type 135 or 136 as located); null when cut short. */
export function decodeNd(b: Uint8Array, o: number, end: number, issues: DecodeIssue[]): NdInfo | null {
  if (o + 24 > end) {
    const what = o >= end ? 'discovery message' : b[o] === 135 ? 'solicitation' : 'advertisement';
    issues.push({ code: 'nd.truncated', detail: `neighbor ${what} cut short (${Math.max(0, end - o)} of 24 bytes)` });
    return null;
  }
  const type = b[o] as 135 | 136;
  const info: NdInfo = { type, target: ipv6(b, o + 8) };
  if (type === 136) {
    const f = b[o + 4];
    info.router = (f & 0x80) !== 0;
    info.solicited = (f & 0x40) !== 0;
    info.override = (f & 0x20) !== 0;
    info.unsolicited = !info.solicited;
  }
  // Options: type, length in units of 8 octets (0 is invalid and ends the walk).
  const want = type === 135 ? OPT_SOURCE_LLA : OPT_TARGET_LLA;
  let p = o + 24;
  while (p + 2 <= end) {
    const len = b[p + 1] * 8;
    if (len === 0) {
      issues.push({ code: 'nd.bad-option', detail: 'ND option with length 0' });
      break;
    }
    if (p + len > end) break;
    if (b[p] === want && len >= 8) info.linkAddr = len === 8 ? mac(b, p + 2) : hexColon(b, p + 2, len - 2);
    p += len;
  }
  return info;
}
