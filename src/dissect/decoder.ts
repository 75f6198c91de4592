/**
 * The one shape of the second-pass decoders (arp.ts, ip.ts, nd.ts, vrrp.ts, icmp.ts), which turn a
 * layer the first pass located (locate.ts) into plain values:
 *
 *   decodeX(b, start, end, issues)      a layer that stands alone (ARP, ND)
 *   decodeX(b, start, end, issues, ip)  a layer read with the IP header around it (IP, VRRP/CARP, ICMP)
 *
 * b[start, end) is the layer's view: the bytes it may read. A decoder checks its own bounds before it
 * reads (it never reads at or past `end`, whatever `start` and `end` are), never throws on packet
 * content, and reports what is wrong by pushing DecodeIssues on `issues`; it returns null only when
 * not even its fixed header is there. Like gopacket's DecodeFromBytes or dns-packet's decode(buf,
 * offset), it takes offsets into the frame's buffer rather than a copy or a wrapper: nothing is
 * allocated to call a decoder.
 */
import type { DecodeIssue } from './types.js';

/**
 * What the first pass found of the IP header around a layer (the Locator satisfies it). The only
 * bytes outside the view a decoder may read are this header's addresses, for a checksum's
 * pseudo-header: the first pass checked that the fixed header (20 or 40 bytes from `l3`) was captured.
 */
export interface IpLayer {
  /** 4 or 6. */
  readonly ipVersion: number;
  /** Offset of the IP header. */
  readonly l3: number;
  /** End of the IP packet as its length field declares it (may lie beyond what was captured). */
  readonly ipEnd: number;
  /** An IPv4 fragment (MF or an offset) or an IPv6 packet with a fragment header. */
  readonly fragment: boolean;
}

/** The decoder shape, for checking that a decoder has it (see the unit tests). */
export type Decoder<T> = (b: Uint8Array, start: number, end: number, issues: DecodeIssue[], ip: IpLayer) => T;
