/**
 * The worst cases of bench:worst (worst.ts): how each capture is built (deterministic), and what it
 * stresses. VERSION is in their file names: change it when a case's packets change.
 */
import { arp, ethernet, ETHERTYPE, IPPROTO, ipv4, vrrp2, vrrp3 } from '../test/support/frames.js';

const T0 = 1795561300;
export const VERSION = 1;

interface Packet {
  ts: { sec: number; nsec: number };
  data: Buffer;
}

const at = (t: number, data: Buffer): Packet => {
  const ns = Math.round(t * 1e9);
  const sec = Math.floor(ns / 1e9);
  return { ts: { sec: T0 + sec, nsec: ns - sec * 1e9 }, data };
};
const hex = (b: number) => b.toString(16).padStart(2, '0');
const mac = (n: number) => `02:${[n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255, 1].map(hex).join(':')}`;
const ip = (n: number) => `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

function advert(o: {
  src: string;
  mac: string;
  vrid: number;
  priority: number;
  vips: string[];
  vlan?: number;
  ttl?: number;
  authData?: string;
}): Buffer {
  return ethernet({
    dst: '01:00:5e:00:00:12',
    src: o.mac,
    ...(o.vlan ? { vlans: [{ id: o.vlan }] } : {}),
    type: ETHERTYPE.IPV4,
    payload: ipv4({
      src: o.src,
      dst: '224.0.0.18',
      proto: IPPROTO.VRRP,
      ttl: o.ttl ?? 255,
      payload: vrrp2({
        vrid: o.vrid,
        priority: o.priority,
        addresses: o.vips,
        ...(o.authData ? { authType: 1, authData: o.authData } : {}),
      }),
    }),
  });
}

/** `m` says it has `address`, broadcast: a gratuitous ARP in its request form (op 1) or reply form (op 2, as a spoofing tool sends it). */
const garp = (m: string, address: string, op: 1 | 2 = 1) =>
  ethernet({
    dst: 'ff:ff:ff:ff:ff:ff',
    src: m,
    type: ETHERTYPE.ARP,
    payload: arp({ op, sha: m, spa: address, tha: 'ff:ff:ff:ff:ff:ff', tpa: address }),
  });

/** `n` frames from `frame(i)` spread over `seconds`, with a master advertising every second among them. */
function withMaster(n: number, seconds: number, frame: (i: number) => Buffer): Packet[] {
  const out: Packet[] = [];
  const master = { src: '10.99.0.1', mac: '02:99:00:00:00:01', vrid: 51, priority: 150, vips: ['10.99.0.100'] };
  let next = 0;
  for (let i = 0; i < n; i++) {
    const t = (i / n) * seconds;
    for (; next <= t; next += 1) out.push(at(next, advert(master)));
    out.push(at(t + 0.0000001, frame(i)));
  }
  return out;
}

/**
 * `n` routers of one group, each advertising 3 times and then taken over by the next (a spoofing
 * tool); `vips(i)`: the addresses router i advertises.
 */
function takeoverChain(n: number, vips: (i: number) => string[]): Packet[] {
  const out: Packet[] = [];
  let t = 0;
  for (let i = 0; i < n; i++) {
    const r = { src: ip(i + 1), mac: mac(i + 1), vrid: 1, priority: 100, vips: vips(i) };
    for (let k = 0; k < 3; k++, t += 1) out.push(at(t, advert(r)));
    t += 2.7;
  }
  return out;
}

/**
 * The cases: name, what it is, and its packets in time order, `k` times as many along what the case
 * stresses (k = 1: the case as named; the same bytes whatever k a build was written for).
 */
export const CASES: Record<string, { what: string; build: (k: number) => Packet[] }> = {
  'failover-10k': {
    what: '10,000 master changes of one pair, no ARP at all (a day of a flapping cluster)',
    build: (k) => {
      const out: Packet[] = [];
      const r = [
        { src: '10.99.0.1', mac: '02:99:00:00:00:01', priority: 150 },
        { src: '10.99.0.2', mac: '02:99:00:00:00:02', priority: 100 },
      ];
      // Each master sends 3 adverts, then the other takes over 3.61 s after its last one.
      let t = 0;
      for (let change = 0; change < 10_000 * k; change++) {
        const m = r[change % 2];
        for (let i = 0; i < 3; i++) out.push(at(t + i, advert({ ...m, vrid: 51, vips: ['10.99.0.100'] })));
        t += 2 + 3.61;
      }
      return out;
    },
  },
  'garp-storm-200k': {
    what: '200,000 gratuitous ARPs for one virtual address from 500 MACs, one master advertising',
    build: (k) => withMaster(200_000 * k, 100 * k, (i) => garp(mac(i % 500), '10.99.0.100')),
  },
  'vlans-4094x4': {
    what: '16,376 groups: 4 VRIDs on each of 4094 VLANs, a master each, 10 s',
    // Larger: more VRIDs on each VLAN (4k).
    build: (k) => {
      const out: Packet[] = [];
      const vrids = 4 * k;
      for (let s = 0; s < 10; s++) {
        for (let vlan = 1; vlan <= 4094; vlan++) {
          for (let vrid = 1; vrid <= vrids; vrid++) {
            const t = s + (vlan * vrids + vrid) / (4094 * vrids + 8);
            out.push(
              at(
                t,
                advert({
                  src: '10.99.0.1',
                  mac: '02:99:00:00:00:01',
                  vrid,
                  priority: 150,
                  vips: [`10.99.${vrid}.1`],
                  vlan,
                }),
              ),
            );
          }
        }
      }
      return out;
    },
  },
  'arp-senders-1m': {
    what: '1,000,000 distinct ARP senders (a scan), one master advertising',
    build: (k) =>
      withMaster(1_000_000 * k, 200 * k, (i) => {
        const m = mac(i);
        return ethernet({
          dst: 'ff:ff:ff:ff:ff:ff',
          src: m,
          type: ETHERTYPE.ARP,
          payload: arp({ op: 1, sha: m, spa: ip(i + 256), tha: '00:00:00:00:00:00', tpa: '10.99.0.1' }),
        });
      }),
  },
  'vip-flood-200k': {
    what: '200,000 ARP replies for the virtual address, each from a MAC of its own (a spoofing tool), one master advertising',
    build: (k) => withMaster(200_000 * k, 100 * k, (i) => garp(mac(i + 1), '10.99.0.100', 2)),
  },
  'flip-flop-200k': {
    what: '200,000 MACs claiming one host address in turn (ARP spoofing of a host), one master advertising',
    build: (k) => withMaster(200_000 * k, 100 * k, (i) => garp(mac(i + 1), '10.99.0.7', 2)),
  },
  'router-flood-20k': {
    what:
      '20,000 routers of one group taking over in turn, 10 ms apart, each with an address of its own beside the ' +
      'shared one, half VRRPv2 with a shared password and half VRRPv3 with an interval each (a spoofing tool ' +
      'varying everything)',
    // Larger: k times the routers.
    build: (k) => {
      const out: Packet[] = [];
      for (let i = 0; i < 20_000 * k; i++) {
        const src = ip(i + 1);
        const m = mac(i + 1);
        const own = `10.200.${(i >> 8) & 255}.${i & 255}`;
        const priority = 1 + (i % 254);
        const payload =
          i % 2 === 0
            ? vrrp2({ vrid: 1, priority, addresses: [own, '10.99.0.100'], authType: 1, authData: 'pw' })
            : vrrp3({
                vrid: 1,
                priority,
                addresses: [own, '10.99.0.100'],
                intervalCs: 10 + (i % 4000),
                family: 4,
                src,
                dst: '224.0.0.18',
              });
        const frame = ethernet({
          dst: '01:00:5e:00:00:12',
          src: m,
          type: ETHERTYPE.IPV4,
          payload: ipv4({ src, dst: '224.0.0.18', proto: IPPROTO.VRRP, ttl: 255, payload }),
        });
        for (let a = 0; a < 3; a++) out.push(at(i * 0.01 + a * 0.003, frame));
      }
      return out;
    },
  },
  'silent-groups-1k': {
    what: '1,000 groups advertise for 5 s and fall silent; then 200,000 ARP frames over 100 s',
    // Larger: k times the groups (250 to a VLAN) and the ARP frames after them.
    build: (k) => {
      const out: Packet[] = [];
      for (let s = 0; s < 5; s++) {
        for (let g = 0; g < 1000 * k; g++) {
          const vrid = 1 + (g % 250);
          out.push(
            at(
              s + g / (2000 * k),
              advert({
                src: ip(g + 1),
                mac: mac(g + 1),
                vrid,
                priority: 100,
                vips: [`10.200.${g >> 8}.${g & 255}`],
                vlan: 1 + Math.floor(g / 250),
              }),
            ),
          );
        }
      }
      for (let i = 0; i < 200_000 * k; i++) {
        const m = mac(100_000 + (i % 50));
        out.push(
          at(
            6 + (i / (200_000 * k)) * 100 * k,
            ethernet({
              dst: 'ff:ff:ff:ff:ff:ff',
              src: m,
              type: ETHERTYPE.ARP,
              payload: arp({ op: 1, sha: m, spa: ip(5000 + (i % 50)), tha: '00:00:00:00:00:00', tpa: ip(6000) }),
            }),
          ),
        );
      }
      return out;
    },
  },
  'takeover-chain-20k': {
    what: '20,000 routers of one group, each advertising 3 times and then taken over by the next (a spoofing tool)',
    build: (k) => takeoverChain(20_000 * k, () => ['10.99.0.100']),
  },
  'spoofed-20k': {
    what:
      '20,000 routers of one group, each advertising an address of its own 3 times and then taken over by ' +
      'the next (a spoofing tool that varies the addresses too)',
    build: (k) => takeoverChain(20_000 * k, (i) => [`172.${16 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`]),
  },
  'split-brains-10k': {
    what:
      '10,000 split brains of one pair: the master advertises throughout, the backup stops hearing it ' +
      'for 5 s in every 15 (a flapping link between them), 42 hours',
    build: (k) => {
      const out: Packet[] = [];
      const master = { src: '10.99.0.1', mac: '02:99:00:00:00:01', priority: 150, vrid: 51, vips: ['10.99.0.100'] };
      const backup = { src: '10.99.0.2', mac: '02:99:00:00:00:02', priority: 100, vrid: 51, vips: ['10.99.0.100'] };
      for (let c = 0; c < 10_000 * k; c++) {
        const t = 15 * c;
        for (let i = 0; i < 15; i++) {
          out.push(at(t + i, advert(master)));
          if (i < 5) out.push(at(t + i + 0.5, advert(backup)));
        }
      }
      return out;
    },
  },
  'masters-2000': {
    what: '2,000 routers of one group all acting as master at once for 10 s (a flood: every one a split brain)',
    build: (k) => {
      const out: Packet[] = [];
      for (let s = 0; s < 10; s++)
        for (let i = 0; i < 2000 * k; i++)
          out.push(
            at(
              s + i / (2000 * k),
              advert({ src: ip(i + 1), mac: mac(i + 1), vrid: 1, priority: 50 + (i % 200), vips: ['10.99.0.100'] }),
            ),
          );
      return out;
    },
  },
  'fleet-4000': {
    what:
      '4,000 groups (a VLAN each) go through the same day together: tracking drops that leave every master ' +
      'in place, every master failing at once, a split brain in every group (GARPs throughout)',
    // Larger: k VRIDs on each of the 4,000 VLANs.
    build: (k) => {
      const out: Packet[] = [];
      const n = 4000 * k;
      const groups = Array.from({ length: n }, (_, g) => {
        const vlan = 1 + (g % 4000);
        const vrid = 1 + Math.floor(g / 4000);
        const vips = [`10.${200 + ((g >> 8) % 50)}.${g & 255}.${1 + Math.floor(g / 12_800)}`];
        return {
          vlan,
          vips,
          a: { src: ip(0x100000 + 2 * g), mac: mac(0x100000 + 2 * g), vrid, vips, vlan },
          b: { src: ip(0x100001 + 2 * g), mac: mac(0x100001 + 2 * g), vrid, vips, vlan },
        };
      });
      const tagged = (m: string, address: string, vlan: number) =>
        ethernet({
          dst: 'ff:ff:ff:ff:ff:ff',
          src: m,
          vlans: [{ id: vlan }],
          type: ETHERTYPE.ARP,
          payload: arp({ op: 1, sha: m, spa: address, tha: 'ff:ff:ff:ff:ff:ff', tpa: address }),
        });
      for (let s = 0; s < 60; s++) {
        for (let g = 0; g < n; g++) {
          const { a, b, vips, vlan } = groups[g];
          const t = s + g / n;
          // A is master at 150 for 10 s, then at 120 (a tracked check failed; B, at 100, stays backup)
          // until it fails at 30 s. B takes over at 33.61 s (Master_Down_Interval) with five GARPs,
          // one a second. A comes back at 50 s (GARP) while B goes on for 3 s, announcing once more,
          // and then yields: a split brain whose loser announced last.
          if (s < 30) out.push(at(t, advert({ ...a, priority: s < 10 ? 150 : 120 })));
          if (s >= 50) out.push(at(t, advert({ ...a, priority: 150 })));
          if (s === 50) out.push(at(t + 0.01, tagged(a.mac, vips[0], vlan)));
          if (s >= 33 && s < 53) out.push(at(t + 0.61, advert({ ...b, priority: 100 })));
          if ((s >= 33 && s < 38) || s === 51) out.push(at(t + 0.62, tagged(b.mac, vips[0], vlan)));
        }
      }
      return out.sort((x, y) => x.ts.sec - y.ts.sec || x.ts.nsec - y.ts.nsec);
    },
  },
  'finding-per-advert-200k': {
    what:
      '200,000 adverts from 1,000 routers in 500 groups, each one raising or extending findings ' +
      '(TTL, password, equal priorities)',
    build: (k) => {
      const out: Packet[] = [];
      for (let i = 0; i < 200_000 * k; i++) {
        const r = i % 1000;
        const vrid = 1 + (r % 250);
        const vlan = 1 + Math.floor(r / 500);
        out.push(
          at(
            i / 1000,
            advert({
              src: ip(r + 1),
              mac: mac(r + 1),
              vrid,
              priority: 100,
              vips: [`10.200.${vrid}.1`],
              vlan,
              ttl: 64,
              authData: `pw${r % 7}`,
            }),
          ),
        );
      }
      return out;
    },
  },
};
