/** IPv4 / IPv6 header fields for a frame already located (see locate.ts). */
import { ipv4, ipv6, u16 } from './bytes.js';
import { addWords, verifies } from './checksum.js';
import type { IpLayer } from './decoder.js';
import type { DecodeIssue, IpInfo } from './types.js';

/** Decodes the IP header at b[start, end) (end: the captured end of the frame); null when its fixed part is cut. */
export function decodeIp(b: Uint8Array, start: number, end: number, issues: DecodeIssue[], ip: IpLayer): IpInfo | null {
  return ip.ipVersion === 4 ? decodeIpv4(b, start, end, issues, ip) : decodeIpv6(b, start, end, issues, ip);
}

function decodeIpv4(b: Uint8Array, o: number, end: number, issues: DecodeIssue[], ip: IpLayer): IpInfo | null {
  if (o + 20 > end) {
    issues.push({ code: 'ip.truncated', detail: `IPv4 header cut short (${Math.max(0, end - o)} of 20 bytes)` });
    return null;
  }
  const hl = (b[o] & 0x0f) * 4;
  const info: IpInfo = { version: 4, src: ipv4(b, o + 12), dst: ipv4(b, o + 16), ttl: b[o + 8] };
  if (hl < 20) {
    issues.push({ code: 'ip.bad-header-length', detail: `IPv4 header length ${hl} is below the minimum of 20` });
  } else if (o + hl > end) {
    issues.push({ code: 'ip.truncated', detail: `IPv4 header of ${hl} bytes not fully captured` });
  } else {
    info.headerChecksum = verifies(addWords(b, o, o + hl)) ? 'valid' : 'invalid';
    if (hl > 20) info.optionsLength = hl - 20;
  }
  const total = u16(b, o + 2);
  if (total !== 0 && total < hl) {
    issues.push({ code: 'ip.bad-length', detail: `IPv4 total length ${total} is shorter than its header (${hl})` });
  }
  if (ip.fragment) {
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

function decodeIpv6(b: Uint8Array, o: number, end: number, issues: DecodeIssue[], ip: IpLayer): IpInfo | null {
  if (o + 40 > end) {
    issues.push({ code: 'ip.truncated', detail: `IPv6 header cut short (${Math.max(0, end - o)} of 40 bytes)` });
    return null;
  }
  const info: IpInfo = { version: 6, src: ipv6(b, o + 8), dst: ipv6(b, o + 24), ttl: b[o + 7] };
  if (ip.fragment) {
    info.fragment = true;
    issues.push({ code: 'ip.fragment', detail: 'IPv6 fragment: not reassembled' });
  }
  return info;
}
