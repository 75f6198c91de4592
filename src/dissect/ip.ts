/** IPv4 / IPv6 header fields for a frame already located (see locate.ts). */
import { ipv4, ipv6, u16 } from './bytes.js';
import { addWords, verifies } from './checksum.js';
import type { Locator } from './locate.js';
import type { DecodeIssue, IpInfo } from './types.js';

export function decodeIp(b: Uint8Array, loc: Locator, issues: DecodeIssue[]): IpInfo {
  return loc.ipVersion === 4 ? decodeIpv4(b, loc, issues) : decodeIpv6(b, loc, issues);
}

function decodeIpv4(b: Uint8Array, loc: Locator, issues: DecodeIssue[]): IpInfo {
  const o = loc.l3;
  const hl = (b[o] & 0x0f) * 4;
  const info: IpInfo = { version: 4, src: ipv4(b, o + 12), dst: ipv4(b, o + 16), ttl: b[o + 8] };
  if (hl < 20) {
    issues.push({ code: 'ip.bad-header-length', detail: `IPv4 header length ${hl} is below the minimum of 20` });
  } else if (o + hl > loc.end) {
    issues.push({ code: 'ip.truncated', detail: `IPv4 header of ${hl} bytes not fully captured` });
  } else {
    info.headerChecksum = verifies(addWords(b, o, o + hl)) ? 'valid' : 'invalid';
    if (hl > 20) info.optionsLength = hl - 20;
  }
  const total = u16(b, o + 2);
  if (total !== 0 && total < hl) {
    issues.push({ code: 'ip.bad-length', detail: `IPv4 total length ${total} is shorter than its header (${hl})` });
  }
  if (loc.fragment) {
    info.fragment = true;
    const off = (u16(b, o + 6) & 0x1fff) * 8;
    issues.push({
      code: 'ip.fragment',
      detail: `IPv4 fragment (offset ${off}${b[o + 6] & 0x20 ? ', more fragments' : ''}): not reassembled`,
    });
  }
  if (info.headerChecksum === 'invalid') {
    issues.push({
      code: 'ip.bad-checksum',
      detail: `IPv4 header checksum 0x${u16(b, o + 10)
        .toString(16)
        .padStart(4, '0')} is wrong`,
    });
  }
  return info;
}

function decodeIpv6(b: Uint8Array, loc: Locator, issues: DecodeIssue[]): IpInfo {
  const o = loc.l3;
  const info: IpInfo = { version: 6, src: ipv6(b, o + 8), dst: ipv6(b, o + 24), ttl: b[o + 7] };
  if (loc.fragment) {
    info.fragment = true;
    issues.push({ code: 'ip.fragment', detail: 'IPv6 fragment: not reassembled' });
  }
  return info;
}
