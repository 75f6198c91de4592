/**
 * Link layers of the first pass: the EtherType table, one decoder per link type (Ethernet and 802.3
 * with LLC/SNAP, Linux cooked SLL/SLL2, raw IP) that sets the link addresses and returns the
 * EtherType, and the VLAN tag stack.
 */
import { LINKTYPE } from '../../capture/linktypes.js';
import { u16 } from '../bytes.js';
import { type Locator, MAX_TAGS } from './locator.js';

// ---- EtherType table ----

export const enum Net {
  Ignore = 0,
  VlanTag = 1,
  Ipv4 = 2,
  Ipv6 = 3,
  Arp = 4,
  /** An Ethernet frame follows (GRE's transparent Ethernet bridging type; also used internally). */
  Ethernet = 5,
  Pbb = 6,
  Mpls = 7,
}

/** EtherType meaning "an Ethernet frame follows" (RFC 1701 transparent Ethernet bridging). */
export const ETHER_FRAME = 0x6558;

const ETHERTYPES = new Uint8Array(65536);
ETHERTYPES[0x0800] = Net.Ipv4;
ETHERTYPES[0x86dd] = Net.Ipv6;
ETHERTYPES[0x0806] = Net.Arp;
ETHERTYPES[0x8035] = Net.Arp; // RARP: the same packet format (RFC 903)
ETHERTYPES[0x8100] = Net.VlanTag; // 802.1Q
ETHERTYPES[0x88a8] = Net.VlanTag; // 802.1ad S-tag
ETHERTYPES[0x9100] = Net.VlanTag; // pre-standard QinQ
ETHERTYPES[0x9200] = Net.VlanTag;
ETHERTYPES[0x9300] = Net.VlanTag;
ETHERTYPES[ETHER_FRAME] = Net.Ethernet;
ETHERTYPES[0x88e7] = Net.Pbb; // 802.1ah I-TAG
ETHERTYPES[0x8847] = Net.Mpls;
ETHERTYPES[0x8848] = Net.Mpls;

/** What an EtherType (0..0xffff) carries, as far as the first pass is concerned. */
export function netType(ethertype: number): Net {
  return ETHERTYPES[ethertype];
}

// ---- link-layer decoders: each sets the addresses and returns the EtherType, or -1 ----

type LinkDecoder = (b: Uint8Array, o: number, loc: Locator) => number;

/**
 * Ethernet II or 802.3 header at o; also the inner frame of a tunnel (its addresses and tags replace
 * the outer ones).
 */
export function ethernet(b: Uint8Array, o: number, loc: Locator): number {
  if (o + 14 > loc.end) return -1;
  loc.vlanCount = 0;
  loc.pktType = -1;
  loc.ifindex = -1;
  loc.llcSnap = false;
  loc.linkDst = o;
  loc.linkSrc = o + 6;
  loc.linkSrcLen = 6;
  const type = u16(b, o + 12);
  if (type >= 0x0600) {
    loc.l3 = o + 14;
    return type;
  }
  return llc(b, o + 14, loc);
}

/** 802.2 LLC: only SNAP with OUI 00-00-00 carries an EtherType (RFC 1042). */
function llc(b: Uint8Array, o: number, loc: Locator): number {
  if (o + 8 > loc.end) return -1;
  if (b[o] !== 0xaa || b[o + 1] !== 0xaa || b[o + 2] !== 0x03) return -1;
  if (b[o + 3] !== 0 || b[o + 4] !== 0 || b[o + 5] !== 0) return -1;
  loc.llcSnap = true;
  loc.l3 = o + 8;
  return u16(b, o + 6);
}

/**
 * VLAN tag stack at loc.l3 (802.1Q, 802.1ad, pre-standard QinQ), any depth: TCI then the next
 * EtherType, or LLC/SNAP after the last tag. The outer MAX_TAGS tags are recorded, all are counted.
 * Returns the EtherType inside the stack, or -1.
 */
export function vlanStack(b: Uint8Array, type: number, loc: Locator): number {
  while (netType(type) === Net.VlanTag) {
    const o = loc.l3;
    if (o + 4 > loc.end) return -1;
    if (loc.vlanCount < MAX_TAGS) {
      loc.vlanTpid[loc.vlanCount] = type;
      loc.vlanTci[loc.vlanCount] = u16(b, o);
    }
    loc.vlanCount++;
    type = u16(b, o + 2);
    loc.l3 = o + 4;
    if (type < 0x0600) {
      type = llc(b, o + 4, loc);
      if (type < 0) return -1;
    }
  }
  return type;
}

/** LINUX_SLL: packet type, ARPHRD type, address length, 8 address bytes, protocol. */
function sll(b: Uint8Array, o: number, loc: Locator): number {
  if (o + 16 > loc.end) return -1;
  loc.pktType = u16(b, o);
  const halen = u16(b, o + 4);
  loc.linkSrc = o + 6;
  loc.linkSrcLen = halen > 8 ? 8 : halen;
  return cookedProtocol(b, u16(b, o + 14), o + 16, loc);
}

/** LINUX_SLL2: protocol, reserved, ifindex, ARPHRD type, packet type, address length, 8 address bytes. */
function sll2(b: Uint8Array, o: number, loc: Locator): number {
  if (o + 20 > loc.end) return -1;
  loc.ifindex = u16(b, o + 4) * 65536 + u16(b, o + 6);
  loc.pktType = b[o + 10];
  const halen = b[o + 11];
  loc.linkSrc = o + 12;
  loc.linkSrcLen = halen > 8 ? 8 : halen;
  return cookedProtocol(b, u16(b, o), o + 20, loc);
}

/** Cooked captures put an EtherType in the protocol field, or 4 for frames that start with LLC. */
function cookedProtocol(b: Uint8Array, proto: number, o: number, loc: Locator): number {
  if (proto >= 0x0600) {
    loc.l3 = o;
    return proto;
  }
  return proto === 0x0004 ? llc(b, o, loc) : -1;
}

function rawIp(b: Uint8Array, o: number, loc: Locator): number {
  if (o >= loc.end) return -1;
  loc.l3 = o;
  const v = b[o] >> 4;
  return v === 4 ? 0x0800 : v === 6 ? 0x86dd : -1;
}

function rawIpv4(_b: Uint8Array, o: number, loc: Locator): number {
  loc.l3 = o;
  return 0x0800;
}

function rawIpv6(_b: Uint8Array, o: number, loc: Locator): number {
  loc.l3 = o;
  return 0x86dd;
}

export const LINK_DECODERS: (LinkDecoder | undefined)[] = [];
LINK_DECODERS[LINKTYPE.ETHERNET] = ethernet;
LINK_DECODERS[LINKTYPE.LINUX_SLL] = sll;
LINK_DECODERS[LINKTYPE.LINUX_SLL2] = sll2;
LINK_DECODERS[LINKTYPE.RAW] = rawIp;
LINK_DECODERS[LINKTYPE.RAW_OPENBSD] = rawIp;
LINK_DECODERS[LINKTYPE.IPV4] = rawIpv4;
LINK_DECODERS[LINKTYPE.IPV6] = rawIpv6;

/** Whether frames of this link type can be decoded at all. */
export function isSupportedLinkType(linkType: number): boolean {
  return LINK_DECODERS[linkType] !== undefined;
}
