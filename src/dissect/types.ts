/**
 * Plain values produced by the dissectors. Everything here is a copy of what was on the wire
 * (strings and numbers), safe to keep after the capture buffer moves on, and JSON-serializable.
 */

import type { IssueCode } from './issues.js';

/**
 * A problem found while decoding: never an exception. `code` is stable ("<layer>.<what>") and
 * registered in issues.ts with its group and severity; `detail` is for people.
 */
export interface DecodeIssue {
  code: IssueCode;
  detail: string;
}

export interface VlanTag {
  /** Tag protocol identifier: 0x8100 (802.1Q), 0x88a8 (802.1ad), 0x9100/0x9200/0x9300 (pre-standard QinQ). */
  tpid: number;
  id: number;
  pcp: number;
  dei: boolean;
}

export type TunnelType = 'vxlan' | 'geneve' | 'gre' | 'erspan' | 'pbb' | 'mpls';

/** A tunnel opened to reach the decoded frame. */
export interface TunnelInfo {
  type: TunnelType;
  /** VXLAN/Geneve VNI, GRE key (0 if none), ERSPAN session, PBB I-SID, MPLS bottom label. */
  id: number;
}

export interface LinkInfo {
  /** Source hardware address (Ethernet source, or the SLL/SLL2 address field). */
  src?: string;
  /** Ethernet destination (absent for Linux cooked captures, which do not record it). */
  dst?: string;
  /** Linux cooked captures: the packet type (0 to us, 1 broadcast, 2 multicast, 3 other host, 4 sent by us). */
  pktType?: number;
  /** LINUX_SLL2: the capturing interface's index. */
  ifindex?: number;
  /** 802.3 frame with an LLC/SNAP header rather than Ethernet II. */
  llcSnap?: boolean;
}

export interface IpInfo {
  version: 4 | 6;
  src: string;
  dst: string;
  /** TTL for IPv4, hop limit for IPv6. */
  ttl: number;
  /** IPv4 header checksum (absent when the header was not fully captured, and for IPv6). */
  headerChecksum?: 'valid' | 'invalid';
  /** A fragment (MF set or a non-zero offset): its payload is not dissected, as nothing reassembles it. */
  fragment?: boolean;
  /** Bytes of IPv4 options, when present. */
  optionsLength?: number;
}

/**
 * valid: correct in the form the version defines (v2: message only; v3: with the pseudo-header).
 * valid-rfc9568: VRRPv3 over IPv4 whose checksum covers the message only, as RFC 9568 allows.
 * invalid: wrong in every accepted form. unverified: the message was not captured whole.
 */
export type ChecksumStatus = 'valid' | 'valid-rfc9568' | 'invalid' | 'unverified';

export interface VrrpInfo {
  version: number;
  type: number;
  vrid: number;
  priority: number;
  /** Count of addresses the header claims. */
  count: number;
  /** The virtual addresses that were captured (IPv4 or IPv6 text). */
  addresses: string[];
  /** Advertisement interval in centiseconds (v2: the seconds field x 100; v3: the 12-bit field). */
  intervalCs: number;
  /** VRRPv2 only: 0 none, 1 simple text, 2 IP AH (254 seen from Cisco MD5). */
  authType?: number;
  /** VRRPv2 only: the 8 authentication bytes as terminal-safe text (a password for auth type 1). */
  authData?: string;
  checksum: ChecksumStatus;
  /** The checksum field as sent. */
  checksumValue: number;
  /** Length of the VRRP message (from the IP header). */
  length: number;
}

/** OpenBSD CARP: same IP protocol and first byte as VRRPv2, different layout (carp(4)). */
export interface CarpInfo {
  version: number;
  type: number;
  vhid: number;
  advskew: number;
  authlen: number;
  demotion: number;
  advbase: number;
  checksum: ChecksumStatus;
  /** 64-bit replay counter as 16 hex digits. */
  counter: string;
}

export interface ArpInfo {
  op: number;
  /** Hardware and protocol types and address lengths as sent. */
  htype: number;
  ptype: number;
  hlen: number;
  plen: number;
  /** Ethernet/IPv4 ARP: MAC and dotted-quad text. Other kinds: colon-separated hex. Absent if not captured. */
  senderMac?: string;
  senderIp?: string;
  targetMac?: string;
  targetIp?: string;
  /** Sender and target protocol addresses equal (request or reply), as Wireshark flags it. */
  gratuitous: boolean;
  /** A gratuitous request whose target hardware address is all zero (RFC 5227 announcement). */
  announcement: boolean;
  /** A request from sender address 0.0.0.0 with a zero target hardware address (RFC 5227 probe). */
  probe: boolean;
}

export interface NdInfo {
  /** 135 neighbor solicitation, 136 neighbor advertisement. */
  type: 135 | 136;
  target: string;
  /** NA flags. */
  router?: boolean;
  solicited?: boolean;
  override?: boolean;
  /** Source (NS) or target (NA) link-layer address option. */
  linkAddr?: string;
  /** An NA with S=0: sent unprompted, e.g. by a new VRRP master. */
  unsolicited?: boolean;
}

/** An ICMP/ICMPv6 error that quotes a VRRP packet: NOT an advertisement. */
export interface IcmpQuoteInfo {
  version: 4 | 6;
  type: number;
  code: number;
  /** The quoted packet's addresses and, when captured, its VRID. */
  quotedSrc: string;
  quotedDst: string;
  quotedVrid?: number;
}

export type PacketKind = 'vrrp' | 'carp' | 'arp' | 'nd' | 'icmp';

export interface DecodedPacket {
  kind: PacketKind;
  /** Index of the input file in the command line. */
  input: number;
  frame: number;
  sec: number;
  nsec: number;
  linkType: number;
  /** pcapng section and interface (0 for classic pcap). */
  section: number;
  ifIndex: number;
  /** Tunnels the frame was found in, outermost first (absent when none). */
  tunnel?: TunnelInfo[];
  /** VLAN tags of the (innermost) frame, outermost first. */
  vlan: VlanTag[];
  link?: LinkInfo;
  ip?: IpInfo;
  vrrp?: VrrpInfo;
  carp?: CarpInfo;
  arp?: ArpInfo;
  nd?: NdInfo;
  icmp?: IcmpQuoteInfo;
  issues: DecodeIssue[];
}
