/**
 * A 40-group segment, generated deterministically: two keepalived boxes (one MAC each) serve
 * 40 virtual routers, VRIDs 1-4 on each of VLANs 101-110 (the last two IPv6, VRRPv3), box A
 * master of all at priority 200, box B the backup at 191-196. Every master advertises once a
 * second, staggered: 40 adverts/s. What happens, in packet time from the start:
 *
 *   VLAN 101 VRID 1: A crashes at 20 s, B takes over after its Master_Down_Interval (with a
 *                    gratuitous ARP), A comes back at 40 s and preempts.
 *   VLAN 102 VRID 2: B advertises as master too from 30 s on: a split brain to the end.
 *   VLAN 103 VRID 3: A falls silent at 15 s and nobody takes over: no master.
 *
 * Used by the tmux tests (60 s, written to a temporary file) and by the live-UI benchmark
 * (bench/live-ui.ts), which replays a longer one the same way.
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
  ipv4,
  ipv6,
  multicastMac,
  vrrp2,
  vrrp3,
} from './frames.js';
import { LINKTYPE, writePcap, type PcapPacket } from './pcap-writer.js';

/** 2026-11-24 00:00:00 UTC. */
const START = 1_795_478_400;
const MAC_A = '02:40:00:00:00:0a';
const MAC_B = '02:40:00:00:00:0b';

export interface FortyGroup {
  vlan: number;
  vrid: number;
  family: 4 | 6;
  a: string;
  b: string;
  vip: string;
  backupPriority: number;
}

const FORTY_GROUPS: FortyGroup[] = Array.from({ length: 40 }, (_, i) => {
  const vlan = 101 + Math.floor(i / 4);
  const vrid = 1 + (i % 4);
  const family = i >= 38 ? 6 : 4;
  return family === 4
    ? {
        vlan,
        vrid,
        family,
        a: `10.${vlan}.${vrid}.2`,
        b: `10.${vlan}.${vrid}.3`,
        vip: `10.${vlan}.${vrid}.1`,
        backupPriority: 191 + (i % 6),
      }
    : {
        vlan,
        vrid,
        family,
        a: `fe80::40:ff:fe00:${vlan.toString(16)}${vrid}a`,
        b: `fe80::40:ff:fe00:${vlan.toString(16)}${vrid}b`,
        vip: `2001:db8:${vlan}:${vrid}::1`,
        backupPriority: 191 + (i % 6),
      };
});

function advert(g: FortyGroup, src: 'a' | 'b', priority: number): Buffer {
  const mac = src === 'a' ? MAC_A : MAC_B;
  const addr = g[src];
  const vlans = [{ id: g.vlan }];
  if (g.family === 4) {
    const payload = ipv4({
      src: addr,
      dst: VRRP_GROUP_V4,
      ttl: 255,
      proto: IPPROTO.VRRP,
      payload: vrrp2({ vrid: g.vrid, priority, addresses: [g.vip] }),
    });
    return ethernet({ dst: multicastMac(VRRP_GROUP_V4), src: mac, vlans, type: ETHERTYPE.IPV4, payload, pad: true });
  }
  const msg = vrrp3({ vrid: g.vrid, priority, addresses: [g.vip], family: 6, src: addr, dst: VRRP_GROUP_V6 });
  const payload = ipv6({ src: addr, dst: VRRP_GROUP_V6, hopLimit: 255, nextHeader: IPPROTO.VRRP, payload: msg });
  return ethernet({ dst: multicastMac(VRRP_GROUP_V6), src: mac, vlans, type: ETHERTYPE.IPV6, payload, pad: true });
}

function garp(g: FortyGroup, mac: string): Buffer {
  const payload = arp({ op: ARP_OP.REQUEST, sha: mac, spa: g.vip, tha: BROADCAST_MAC, tpa: g.vip });
  return ethernet({ dst: BROADCAST_MAC, src: mac, vlans: [{ id: g.vlan }], type: ETHERTYPE.ARP, payload, pad: true });
}

/** Who advertises in group `i` at second `t` (the scenario above), with which priority. */
function speakers(i: number, t: number, g: FortyGroup): ['a' | 'b', number][] {
  if (i === 0) {
    if (t < 20) return [['a', 200]];
    if (t < 22) return [];
    if (t < 40) return [['b', g.backupPriority]];
    return [['a', 200]];
  }
  if (i === 5)
    return t < 30
      ? [['a', 200]]
      : [
          ['a', 200],
          ['b', g.backupPriority],
        ];
  if (i === 10) return t < 15 ? [['a', 200]] : [];
  return [['a', 200]];
}

/** The packets of `seconds` of the segment, in time order. */
export function fortyGroupPackets(seconds = 60): PcapPacket[] {
  const out: { t: number; data: Buffer }[] = [];
  FORTY_GROUPS.forEach((g, i) => {
    if (g.family === 4) out.push({ t: i * 0.025 + 0.001, data: garp(g, MAC_A) });
    for (let s = 0; s < seconds; s++) {
      const t = s + i * 0.025;
      for (const [who, prio] of speakers(i, s, g))
        out.push({ t: t + (who === 'a' ? 0 : i === 0 ? 0.254 : 0.5), data: advert(g, who, prio) });
    }
  });
  // The takeover's and the preemption's gratuitous ARPs (VLAN 101 VRID 1).
  const g0 = FORTY_GROUPS[0];
  out.push({ t: 22.255, data: garp(g0, MAC_B) }, { t: 40.001, data: garp(g0, MAC_A) });
  out.sort((x, y) => x.t - y.t);
  return out.map(({ t, data }) => {
    const us = Math.round(t * 1e6);
    return { ts: { sec: START + Math.floor(us / 1e6), nsec: (us % 1e6) * 1000 }, data };
  });
}

export function fortyGroupsPcap(seconds = 60): Buffer {
  return writePcap({ linkType: LINKTYPE.ETHERNET, packets: fortyGroupPackets(seconds) });
}
