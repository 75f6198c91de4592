/**
 * Captures at the HTML report's scale targets (issue 12): 40 virtual routers over an hour, and
 * 10,000 transitions of one pair. Deterministic; used by the browser test and bench/html.ts.
 */
import { arp, ethernet, ETHERTYPE, IPPROTO, ipv4, vrrp2 } from './frames.js';
import { writePcap } from './pcap-writer.js';

const T0 = 1795561300;

interface Packet {
  ts: { sec: number; nsec: number };
  data: Buffer;
}

function at(t: number, data: Buffer): Packet {
  const ns = Math.round(t * 1e9);
  const sec = Math.floor(ns / 1e9);
  return { ts: { sec: T0 + sec, nsec: ns - sec * 1e9 }, data };
}

function advert(src: string, mac: string, vrid: number, priority: number, vip: string, authData?: string): Buffer {
  return ethernet({
    dst: '01:00:5e:00:00:12',
    src: mac,
    type: ETHERTYPE.IPV4,
    payload: ipv4({
      src,
      dst: '224.0.0.18',
      proto: IPPROTO.VRRP,
      ttl: 255,
      payload: vrrp2({ vrid, priority, addresses: [vip], ...(authData ? { authType: 1, authData } : {}) }),
    }),
  });
}

function garp(mac: string, address: string): Buffer {
  return ethernet({
    dst: 'ff:ff:ff:ff:ff:ff',
    src: mac,
    type: ETHERTYPE.ARP,
    payload: arp({ op: 1, sha: mac, spa: address, tha: 'ff:ff:ff:ff:ff:ff', tpa: address }),
  });
}

const hex = (n: number) => n.toString(16).padStart(2, '0');

/**
 * 40 groups (VRIDs 1-40), two routers each advertising every second for an hour; every 10 minutes
 * each group's master crashes for 20 s (the backup takes over after Master_Down_Interval, with 5
 * gratuitous ARPs, then the master preempts back with its own).
 */
export function fortyGroupsHour(): Buffer {
  const packets: Packet[] = [];
  for (let vrid = 1; vrid <= 40; vrid++) {
    const vip = `10.${vrid}.0.100`;
    const r1 = { src: `10.${vrid}.0.1`, mac: `02:00:00:00:${hex(vrid)}:01`, priority: 150 };
    const r2 = { src: `10.${vrid}.0.2`, mac: `02:00:00:00:${hex(vrid)}:02`, priority: 100 };
    const off = vrid / 41;
    let master = r1;
    for (let s = 0; s < 3600; s++) {
      const cycle = s % 600;
      const next = cycle >= 300 && cycle < 320 ? r2 : r1;
      if (cycle === 300) s += 3; // the master's crash: nothing for Master_Down_Interval
      if (next !== master)
        for (let k = 0; k < 5; k++) packets.push(at(s + off - 0.01 + k * 0.001, garp(next.mac, vip)));
      master = next;
      packets.push(at(s + off, advert(master.src, master.mac, vrid, master.priority, vip)));
    }
  }
  packets.sort((a, b) => a.ts.sec - b.ts.sec || a.ts.nsec - b.ts.nsec);
  return writePcap({ linkType: 1, nanos: true, packets });
}

/** 10,000 master changes of one pair (each master sends 3 adverts, the other takes over 3.61 s later). */
export function tenThousandTransitions(): Buffer {
  const packets: Packet[] = [];
  const r = [
    { src: '10.99.0.1', mac: '02:99:00:00:00:01', priority: 150 },
    { src: '10.99.0.2', mac: '02:99:00:00:00:02', priority: 100 },
  ];
  let t = 0;
  for (let change = 0; change < 10_000; change++) {
    const m = r[change % 2];
    for (let i = 0; i < 3; i++) packets.push(at(t + i, advert(m.src, m.mac, 51, m.priority, '10.99.0.100')));
    t += 2 + 3.61;
  }
  return writePcap({ linkType: 1, nanos: true, packets });
}

/**
 * A pair whose VRRPv2 passwords are markup (8 bytes each: `</script`, `<img/src`), for a capture
 * whose name is markup too: the page must show them as text.
 */
export function hostileAuth(): Buffer {
  const packets: Packet[] = [];
  for (let s = 0; s < 10; s++) {
    packets.push(at(s, advert('10.99.0.1', '02:99:00:00:00:01', 51, 150, '10.99.0.100', '</script')));
    packets.push(at(s + 0.5, advert('10.99.0.2', '02:99:00:00:00:02', 51, 150, '10.99.0.100', '<img/src')));
  }
  return writePcap({ linkType: 1, nanos: true, packets });
}

/**
 * A segment past every limit of the page (src/render/html/bounds.ts): 1,100 groups (VRIDs 1-220 on
 * VLANs 1-5), each master advertising every second for 8 s with TTL 64 (1,190 invalid-ttl warnings); in the 30
 * groups of VRIDs 1-6, a second router with the same priority (a split brain each: errors); and on
 * VLAN 6, VRID 1, 60 routers each taken over by the next with a higher priority (60 masters in turn,
 * with addresses 10.6.0.1-60).
 */
export function crowdedSegment(): Buffer {
  const packets: Packet[] = [];
  const tagged = (vlan: number, src: string, mac: string, vrid: number, priority: number, vip: string) =>
    ethernet({
      dst: '01:00:5e:00:00:12',
      src: mac,
      vlans: [{ id: vlan }],
      type: ETHERTYPE.IPV4,
      payload: ipv4({
        src,
        dst: '224.0.0.18',
        proto: IPPROTO.VRRP,
        ttl: 64,
        payload: vrrp2({ vrid, priority, addresses: [vip] }),
      }),
    });
  for (let vlan = 1; vlan <= 5; vlan++)
    for (let vrid = 1; vrid <= 220; vrid++) {
      const vip = `10.${vlan}.${vrid}.100`;
      const off = (vlan * 220 + vrid) / 2000;
      for (let s = 0; s < 8; s++) {
        packets.push(
          at(s + off, tagged(vlan, `10.${vlan}.${vrid}.1`, `02:00:${hex(vlan)}:${hex(vrid)}:00:01`, vrid, 100, vip)),
        );
        if (vrid <= 6)
          packets.push(
            at(
              s + off + 0.0001,
              tagged(vlan, `10.${vlan}.${vrid}.2`, `02:00:${hex(vlan)}:${hex(vrid)}:00:02`, vrid, 100, vip),
            ),
          );
      }
    }
  for (let i = 1; i <= 60; i++)
    for (let k = 0; k < 2; k++)
      packets.push(
        at(3 + i * 0.05 + k * 0.01, tagged(6, `10.6.0.${i}`, `02:00:06:00:00:${hex(i)}`, 1, 40 + i, '10.6.0.100')),
      );
  packets.sort((a, b) => a.ts.sec - b.ts.sec || a.ts.nsec - b.ts.nsec);
  return writePcap({ linkType: 1, nanos: true, packets });
}
