/**
 * ICMP / ICMPv6 errors that quote a VRRP packet (RFC 792, RFC 4443). A unicast advert sent to a
 * host whose VRRP daemon is gone draws "protocol unreachable" quoting the advert: the quote is
 * evidence about the peer, never an advertisement itself.
 */
import { ipv4, ipv6 } from './bytes.js';
import type { IpLayer } from './decoder.js';
import type { DecodeIssue, IcmpQuoteInfo } from './types.js';

/**
 * Decodes the ICMP error at b[i, end) and the addresses (and VRID) of the IP packet it quotes; null
 * when the quoted IP header is cut short.
 */
export function decodeIcmpQuote(
  b: Uint8Array,
  i: number,
  end: number,
  issues: DecodeIssue[],
  ip: IpLayer,
): IcmpQuoteInfo | null {
  const q = i + 8;
  const v4 = ip.ipVersion === 4;
  const quoted = v4 ? 20 : 40;
  if (q + quoted > end) {
    const what = `ICMP${v4 ? '' : 'v6'} error cut short before the end of the quoted IP header`;
    issues.push({ code: 'icmp.truncated', detail: `${what} (${Math.max(0, end - i)} of ${8 + quoted} bytes)` });
    return null;
  }
  if (v4) {
    const hl = (b[q] & 0x0f) * 4;
    const info: IcmpQuoteInfo = {
      version: 4,
      type: b[i],
      code: b[i + 1],
      quotedSrc: ipv4(b, q + 12),
      quotedDst: ipv4(b, q + 16),
    };
    if (hl >= 20 && q + hl + 2 <= end) info.quotedVrid = b[q + hl + 1];
    return info;
  }
  const info: IcmpQuoteInfo = {
    version: 6,
    type: b[i],
    code: b[i + 1],
    quotedSrc: ipv6(b, q + 8),
    quotedDst: ipv6(b, q + 24),
  };
  if (q + 40 + 2 <= end) info.quotedVrid = b[q + 41];
  return info;
}
