/**
 * Frames for the live tests: what the default filter must pass (VRRP over IPv4 and IPv6, ARP,
 * RARP, ND, ICMP errors quoting VRRP; untagged, 802.1Q and QinQ) and what it must drop. All use
 * multicast, broadcast or foreign unicast destination MACs and addresses from 10.99.0.0/24 and
 * fe80::/64, so the host end of the test link (no addresses) never routes or answers them.
 */
import { Buffer } from 'node:buffer';
import {
  ARP_OP,
  BROADCAST_MAC,
  ETHERTYPE,
  IPPROTO,
  VRRP_GROUP_V4,
  VRRP_GROUP_V6,
  arp,
  ethernet,
  icmpv4Error,
  icmpv6,
  icmpv6Nd,
  ipv4,
  ipv6,
  multicastMac,
  udp,
  vrrp2,
  vrrp3,
  vrrpMac,
  type VlanTag,
} from './frames.js';

const SRC_MAC = '02:00:00:00:99:01';
const OTHER_MAC = '02:00:00:00:99:02';

export function vrrpV4(vrid = 7, vlans?: VlanTag[]): Buffer {
  const payload = vrrp2({ vrid, priority: 100, addresses: ['10.99.0.254'] });
  return ethernet({
    dst: multicastMac(VRRP_GROUP_V4),
    src: vrrpMac(vrid),
    vlans,
    type: ETHERTYPE.IPV4,
    payload: ipv4({ src: '10.99.0.1', dst: VRRP_GROUP_V4, proto: IPPROTO.VRRP, ttl: 255, payload }),
  });
}

export function vrrpV6(vrid = 7, vlans?: VlanTag[]): Buffer {
  const payload = vrrp3({
    family: 6,
    vrid,
    priority: 100,
    addresses: ['fe80::254'],
    src: 'fe80::1',
    dst: VRRP_GROUP_V6,
  });
  return ethernet({
    dst: multicastMac(VRRP_GROUP_V6),
    src: vrrpMac(vrid, 6),
    vlans,
    type: ETHERTYPE.IPV6,
    payload: ipv6({ src: 'fe80::1', dst: VRRP_GROUP_V6, nextHeader: IPPROTO.VRRP, hopLimit: 255, payload }),
  });
}

export function garp(vlans?: VlanTag[]): Buffer {
  return ethernet({
    dst: BROADCAST_MAC,
    src: vrrpMac(7),
    vlans,
    type: ETHERTYPE.ARP,
    payload: arp({
      op: ARP_OP.REQUEST,
      sha: vrrpMac(7),
      spa: '10.99.0.254',
      tha: '00:00:00:00:00:00',
      tpa: '10.99.0.254',
    }),
    pad: true,
  });
}

export function rarp(): Buffer {
  return ethernet({
    dst: BROADCAST_MAC,
    src: SRC_MAC,
    type: 0x8035,
    payload: arp({ op: 3, sha: SRC_MAC, spa: '0.0.0.0', tha: SRC_MAC, tpa: '0.0.0.0' }),
    pad: true,
  });
}

export function neighborAdvert(): Buffer {
  return ethernet({
    dst: multicastMac('ff02::1'),
    src: SRC_MAC,
    type: ETHERTYPE.IPV6,
    payload: ipv6({
      src: 'fe80::254',
      dst: 'ff02::1',
      nextHeader: IPPROTO.ICMPV6,
      hopLimit: 255,
      payload: icmpv6Nd({
        type: 136,
        src: 'fe80::254',
        dst: 'ff02::1',
        target: 'fe80::254',
        flags: { o: true },
        options: [{ kind: 'target', mac: SRC_MAC }],
      }),
    }),
  });
}

/** ICMP protocol-unreachable quoting a VRRP advert (to a foreign unicast MAC). */
export function icmpQuotingVrrp(): Buffer {
  const quoted = ipv4({
    src: '10.99.0.1',
    dst: VRRP_GROUP_V4,
    proto: IPPROTO.VRRP,
    ttl: 255,
    payload: vrrp2({ vrid: 7, priority: 100, addresses: ['10.99.0.254'] }),
  });
  return ethernet({
    dst: OTHER_MAC,
    src: SRC_MAC,
    type: ETHERTYPE.IPV4,
    payload: ipv4({
      src: '10.99.0.2',
      dst: '10.99.0.1',
      proto: IPPROTO.ICMP,
      payload: icmpv4Error({ quoted: quoted.subarray(0, 28) }),
    }),
  });
}

/** Dropped by the default filter: UDP. */
export function udpNoise(vlans?: VlanTag[]): Buffer {
  return ethernet({
    dst: OTHER_MAC,
    src: SRC_MAC,
    vlans,
    type: ETHERTYPE.IPV4,
    payload: ipv4({
      src: '10.99.0.1',
      dst: '10.99.0.2',
      proto: IPPROTO.UDP,
      payload: udp({ srcPort: 40000, dstPort: 9, payload: Buffer.from('noise'), src: '10.99.0.1', dst: '10.99.0.2' }),
    }),
  });
}

/** Dropped by the default filter: an ICMP error quoting UDP, an echo request, an ICMPv6 echo request. */
export function icmpNoise(): Buffer[] {
  const quotedUdp = ipv4({
    src: '10.99.0.1',
    dst: '10.99.0.2',
    proto: IPPROTO.UDP,
    payload: udp({ srcPort: 1, dstPort: 2, payload: Buffer.alloc(0), src: '10.99.0.1', dst: '10.99.0.2' }),
  });
  const echo = Buffer.from([8, 0, 0xf7, 0xff, 0, 0, 0, 0]);
  return [
    ethernet({
      dst: OTHER_MAC,
      src: SRC_MAC,
      type: ETHERTYPE.IPV4,
      payload: ipv4({
        src: '10.99.0.2',
        dst: '10.99.0.1',
        proto: IPPROTO.ICMP,
        payload: icmpv4Error({ quoted: quotedUdp }),
      }),
    }),
    ethernet({
      dst: OTHER_MAC,
      src: SRC_MAC,
      type: ETHERTYPE.IPV4,
      payload: ipv4({ src: '10.99.0.2', dst: '10.99.0.1', proto: IPPROTO.ICMP, payload: echo }),
    }),
    ethernet({
      dst: multicastMac('ff02::1'),
      src: SRC_MAC,
      type: ETHERTYPE.IPV6,
      payload: ipv6({
        src: 'fe80::2',
        dst: 'ff02::1',
        nextHeader: IPPROTO.ICMPV6,
        payload: icmpv6({ type: 128, body: Buffer.from([0, 1, 0, 1]), src: 'fe80::2', dst: 'ff02::1' }),
      }),
    }),
  ];
}

export const QINQ: VlanTag[] = [{ tpid: ETHERTYPE.QINQ, id: 200 }, { id: 100 }];
export const DOT1Q: VlanTag[] = [{ id: 100 }];
