/**
 * The kernel (BPF) filter of a live capture: only the frames vrrpscope decodes reach user space
 * (src/dissect/locate.ts decides what matters; this is its cheap in-kernel approximation).
 *
 *  - VRRP/CARP: IP protocol 112 over IPv4 or IPv6. (`vrrp` in pcap-filter is IPv4 only, so it is
 *    spelled out; `ip6 proto 112` also matches behind an IPv6 fragment header.)
 *  - ARP and RARP.
 *  - ICMPv6 neighbor solicitations and advertisements (135, 136).
 *  - ICMP errors that quote a VRRP packet, which is all locate.ts keeps of ICMP: IPv4 types 3, 11
 *    and 12 whose quoted IP header has protocol 112 (icmp[8 + 9]); ICMPv6 types 1-4 whose quoted
 *    IPv6 header has next header 112 (ICMPv6 header 8 + next-header offset 6 = ip6[40 + 14]).
 *
 * Tagged frames: `or (vlan and (...))`, nested once more for 802.1ad/QinQ double tags. In
 * pcap-filter every `vlan` shifts the offsets of everything after it, so the untagged alternative
 * comes first. On Linux the kernel usually strips the tag into packet metadata before the filter
 * runs; libpcap's `vlan` code checks both the metadata and an in-frame tag, so both cases match
 * (test/live covers it with real frames).
 *
 * libpcap refuses `vlan` on cooked ("any", LINUX_SLL) and raw-IP link types ("no VLAN support for
 * data link type"), so those get DEFAULT_FILTER_UNTAGGED.
 */
import { existsSync, readFileSync } from 'node:fs';

/** The frames vrrpscope decodes, untagged. */
export const DEFAULT_FILTER_UNTAGGED =
  'ip proto 112 or ip6 proto 112 or arp or rarp' +
  ' or (icmp and (icmp[0] = 3 or icmp[0] = 11 or icmp[0] = 12) and icmp[17] = 112)' +
  ' or (icmp6 and (ip6[40] = 135 or ip6[40] = 136 or (ip6[40] >= 1 and ip6[40] <= 4 and ip6[54] = 112)))';

/** The default capture filter: the frames vrrpscope decodes, untagged, 802.1Q-tagged or double-tagged. */
export const DEFAULT_FILTER =
  `${DEFAULT_FILTER_UNTAGGED} or ` +
  `(vlan and (${DEFAULT_FILTER_UNTAGGED} or (vlan and (${DEFAULT_FILTER_UNTAGGED}))))`;

/** ARPHRD_* types whose frames libpcap presents as Ethernet (where `vlan` compiles). */
const ARPHRD_ETHER = 1;
const ARPHRD_LOOPBACK = 772;

/**
 * The default filters to try on an interface, best first: the VLAN-aware one where the link type
 * allows it, then the untagged one, then none at all (a link type where even that does not
 * compile: every frame reaches vrrpscope, which ignores what it does not decode).
 */
export function defaultFilters(iface: string): string[] {
  const arphrd = interfaceType(iface);
  const ethernetLike =
    arphrd === ARPHRD_ETHER || arphrd === ARPHRD_LOOPBACK || (arphrd === undefined && iface !== 'any');
  return ethernetLike ? [DEFAULT_FILTER, DEFAULT_FILTER_UNTAGGED, ''] : [DEFAULT_FILTER_UNTAGGED, ''];
}

/** The interface's ARPHRD type from sysfs (Linux), or undefined when unknown. */
function interfaceType(iface: string): number | undefined {
  if (!safeName(iface)) return undefined;
  const path = `/sys/class/net/${iface}/type`;
  try {
    if (!existsSync(path)) return undefined;
    const n = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(n) ? n : undefined;
  } catch {
    return undefined;
  }
}

/** Whether an interface name can be used as a path component under /sys/class/net. */
export function safeName(iface: string): boolean {
  return iface.length > 0 && iface.length < 256 && iface !== '.' && iface !== '..' && !/[/\0]/.test(iface);
}
