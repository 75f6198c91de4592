/**
 * ICMP / ICMPv6 errors that quote a VRRP packet (RFC 792, RFC 4443). A unicast advert sent to a
 * host whose VRRP daemon is gone draws "protocol unreachable" quoting the advert: the quote is
 * evidence about the peer, never an advertisement itself.
 */
import { ipv4, ipv6 } from './bytes.js';
import type { Locator } from './locate.js';
import type { IcmpQuoteInfo } from './types.js';

export function decodeIcmpQuote(b: Uint8Array, loc: Locator): IcmpQuoteInfo {
  const i = loc.l4;
  const q = i + 8;
  if (loc.ipVersion === 4) {
    const hl = (b[q] & 0x0f) * 4;
    const info: IcmpQuoteInfo = {
      version: 4,
      type: b[i],
      code: b[i + 1],
      quotedSrc: ipv4(b, q + 12),
      quotedDst: ipv4(b, q + 16),
    };
    if (hl >= 20 && q + hl + 2 <= loc.end) info.quotedVrid = b[q + hl + 1];
    return info;
  }
  const info: IcmpQuoteInfo = {
    version: 6,
    type: b[i],
    code: b[i + 1],
    quotedSrc: ipv6(b, q + 8),
    quotedDst: ipv6(b, q + 24),
  };
  if (q + 40 + 2 <= loc.end) info.quotedVrid = b[q + 41];
  return info;
}
