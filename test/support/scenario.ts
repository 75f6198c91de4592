/**
 * Builds decoded packets (the dissectors' output) for engine and rule tests: VRRP adverts, ARP and
 * neighbor advertisements on a timeline, without going through bytes. The dissectors have their own
 * tests; these tests are about what the analyzer concludes.
 *
 *   const s = new Scenario();
 *   s.every(0, 10, 1, R1);                      // R1 advertises every second from t=0 to t=10
 *   s.garp(10.001, R2.mac, '10.99.0.100');
 *   const report = s.analyze();
 */
import type { RuleSetting } from '../../src/analyze/engine.js';
import { Pipeline } from '../../src/analyze/pipeline.js';
import type { Rule } from '../../src/analyze/rule.js';
import type { DecodedPacket, DecodeIssue, VlanTag } from '../../src/dissect/types.js';
import type { Report } from '../../src/report/types.js';

/** Scenario times are seconds after this epoch (2026-11-24 00:00:00 UTC). */
const T0 = 1795478400;

export interface RouterSpec {
  address: string;
  mac: string;
  priority: number;
  vrid?: number;
  /** Default: 100 cs (1 s). */
  intervalCs?: number;
  version?: 2 | 3;
  addresses?: string[];
  authType?: number;
  authData?: string;
  ttl?: number;
  /** Default: 224.0.0.18 / ff02::12. */
  dst?: string;
  checksum?: 'valid' | 'valid-rfc9568' | 'invalid' | 'unverified';
  vlan?: number[];
}

export const VIP = '10.99.0.100';
export const R1: RouterSpec = { address: '10.99.0.1', mac: '02:99:00:00:00:01', priority: 150 };
export const R2: RouterSpec = { address: '10.99.0.2', mac: '02:99:00:00:00:02', priority: 100 };
export const R3: RouterSpec = { address: '10.99.0.3', mac: '02:99:00:00:00:03', priority: 120 };

/** The nth router of a flood (a spoofing tool's): 10.(100 + n / 256).0.(n % 256), priority 100 unless `o` says. */
export function floodRouter(n: number, o: Partial<RouterSpec> = {}): RouterSpec {
  const hex = (x: number) => x.toString(16).padStart(2, '0');
  return {
    address: `10.${100 + (n >> 8)}.0.${n & 255}`,
    mac: `02:99:ff:00:${hex(n >> 8)}:${hex(n & 255)}`,
    priority: 100,
    ...o,
  };
}

export class Scenario {
  readonly packets: DecodedPacket[] = [];
  private frame = 0;

  constructor(readonly defaults: { vrid: number; addresses: string[] } = { vrid: 51, addresses: [VIP] }) {}

  private base(t: number, kind: DecodedPacket['kind'], vlan: number[] = []): DecodedPacket {
    const abs = T0 + t;
    const sec = Math.floor(abs);
    return {
      kind,
      input: 0,
      frame: ++this.frame,
      sec,
      nsec: Math.round((abs - sec) * 1e9),
      linkType: 1,
      section: 0,
      ifIndex: 0,
      vlan: vlan.map((id): VlanTag => ({ tpid: 0x8100, id, pcp: 0, dei: false })),
      issues: [],
    };
  }

  /** One advert at t (seconds after T0). Overrides apply to this advert only. */
  advert(t: number, r: RouterSpec, over: Partial<RouterSpec> = {}): DecodedPacket {
    const x = { ...r, ...over };
    const v6 = x.address.includes(':');
    const version = x.version ?? (v6 ? 3 : 2);
    const addresses = x.addresses ?? this.defaults.addresses;
    const p = this.base(t, 'vrrp', x.vlan);
    p.link = { src: x.mac, dst: v6 ? '33:33:00:00:00:12' : '01:00:5e:00:00:12' };
    p.ip = { version: v6 ? 6 : 4, src: x.address, dst: x.dst ?? (v6 ? 'ff02::12' : '224.0.0.18'), ttl: x.ttl ?? 255 };
    p.vrrp = {
      version,
      type: 1,
      vrid: x.vrid ?? this.defaults.vrid,
      priority: x.priority,
      count: addresses.length,
      addresses,
      intervalCs: x.intervalCs ?? 100,
      checksum: x.checksum ?? 'valid',
      checksumValue: 0x1234,
      length: 8 + addresses.length * (v6 ? 16 : 4) + (version === 2 ? 8 : 0),
    };
    if (version === 2) {
      p.vrrp.authType = x.authType ?? 0;
      p.vrrp.authData = x.authData ?? '';
    }
    this.packets.push(p);
    return p;
  }

  /** Adverts every `step` seconds from `from` to `to` inclusive (a master's steady stream). */
  every(from: number, to: number, step: number, r: RouterSpec, over: Partial<RouterSpec> = {}): void {
    for (let t = from; t <= to + 1e-9; t += step) this.advert(Number(t.toFixed(6)), r, over);
  }

  /** A gratuitous ARP as keepalived sends it: request, sender IP = target IP, target MAC broadcast. */
  garp(t: number, mac: string, address: string, vlan: number[] = []): DecodedPacket {
    return this.arp(
      t,
      {
        op: 1,
        senderMac: mac,
        senderIp: address,
        targetMac: 'ff:ff:ff:ff:ff:ff',
        targetIp: address,
        dst: 'ff:ff:ff:ff:ff:ff',
      },
      vlan,
    );
  }

  /** An ARP reply: `mac` says it has `address`. */
  arpReply(
    t: number,
    mac: string,
    address: string,
    to = { mac: '02:00:00:00:00:99', ip: '10.99.0.99' },
    vlan: number[] = [],
  ): DecodedPacket {
    return this.arp(
      t,
      { op: 2, senderMac: mac, senderIp: address, targetMac: to.mac, targetIp: to.ip, dst: to.mac },
      vlan,
    );
  }

  /** An ARP request from `mac`/`address` asking for `target`. */
  arpRequest(t: number, mac: string, address: string, target: string, vlan: number[] = []): DecodedPacket {
    return this.arp(
      t,
      {
        op: 1,
        senderMac: mac,
        senderIp: address,
        targetMac: '00:00:00:00:00:00',
        targetIp: target,
        dst: 'ff:ff:ff:ff:ff:ff',
      },
      vlan,
    );
  }

  private arp(
    t: number,
    a: { op: number; senderMac: string; senderIp: string; targetMac: string; targetIp: string; dst: string },
    vlan: number[],
  ): DecodedPacket {
    const p = this.base(t, 'arp', vlan);
    p.link = { src: a.senderMac, dst: a.dst };
    const gratuitous = a.senderIp === a.targetIp;
    p.arp = {
      op: a.op,
      htype: 1,
      ptype: 0x0800,
      hlen: 6,
      plen: 4,
      senderMac: a.senderMac,
      senderIp: a.senderIp,
      targetMac: a.targetMac,
      targetIp: a.targetIp,
      gratuitous,
      announcement: gratuitous && a.op === 1 && a.targetMac === '00:00:00:00:00:00',
      probe: false,
    };
    this.packets.push(p);
    return p;
  }

  /** A neighbor advertisement for `target` from `mac` (unsolicited: S=0, as a new master sends it). */
  na(t: number, mac: string, src: string, target: string, unsolicited = true): DecodedPacket {
    const p = this.base(t, 'nd');
    p.link = { src: mac, dst: '33:33:00:00:00:01' };
    p.ip = { version: 6, src, dst: 'ff02::1', ttl: 255 };
    p.nd = { type: 136, target, router: false, solicited: !unsolicited, override: true, unsolicited, linkAddr: mac };
    this.packets.push(p);
    return p;
  }

  /** A frame that decoded with a problem. */
  malformed(t: number, issue: DecodeIssue): DecodedPacket {
    const p = this.base(t, 'vrrp');
    p.ip = { version: 4, src: '10.99.0.9', dst: '224.0.0.18', ttl: 255 };
    p.issues.push(issue);
    this.packets.push(p);
    return p;
  }

  /** Packets in time order (builders may be called out of order). */
  sorted(): DecodedPacket[] {
    return [...this.packets].sort((a, b) => a.sec - b.sec || a.nsec - b.nsec || a.frame - b.frame);
  }

  /**
   * Runs the engine over the packets. `end` (seconds after T0) is where the capture ends (default:
   * the last packet). `tickEvery` drives the clock between packets too, as live mode does.
   */
  analyze(
    o: {
      rules?: readonly Rule[];
      settings?: Record<string, RuleSetting>;
      end?: number;
      tickEvery?: number;
      showSecrets?: boolean;
    } = {},
  ): Report {
    const pipeline = new Pipeline({
      inputs: ['scenario.pcap'],
      rules: o.rules,
      settings: o.settings,
      showSecrets: o.showSecrets,
    });
    let last = -Infinity;
    for (const p of this.sorted()) {
      const t = p.sec + p.nsec / 1e9;
      if (o.tickEvery && Number.isFinite(last))
        for (let x = last + o.tickEvery; x < t; x += o.tickEvery) pipeline.tick(x);
      pipeline.decoded(p);
      last = t;
    }
    const end = o.end !== undefined ? T0 + o.end : last;
    if (o.tickEvery && Number.isFinite(last))
      for (let x = last + o.tickEvery; x < end; x += o.tickEvery) pipeline.tick(x);
    const inputs = [{ name: 'scenario.pcap', format: 'pcap', packets: this.packets.length, warnings: [] }];
    return pipeline.finish(inputs, end);
  }
}

/** Seconds after T0, rounded to the millisecond: for readable assertions. */
export function rel(t: number): number {
  return Math.round((t - T0) * 1000) / 1000;
}

/**
 * R1 and R2 failing over to each other `cycles` times: R1 advertises for 2 s and falls silent, R2
 * takes over 6 s after R1's first advert and falls silent in turn, R1 takes over again 12 s after
 * its last start: a takeover every 6 s (2 * cycles transitions, the first a startup), no ARP.
 */
export function flappingPair(cycles: number): Scenario {
  const s = new Scenario();
  for (let c = 0; c < cycles; c++) {
    s.every(12 * c, 12 * c + 2, 1, R1);
    s.every(12 * c + 6, 12 * c + 8, 1, R2);
  }
  return s;
}

/**
 * R1 and R2 both master from 0 to 20 s; both silent (no master at all) until R1 comes back at 40 s
 * and R2 at 40.5 s, R2 advertising until `r2Until`, R1 until 80 s.
 */
export function twoSplitBrains(r2Until: number): Scenario {
  const s = new Scenario();
  s.every(0, 20, 1, R1);
  s.every(0.5, 20.5, 1, R2);
  s.every(40, 80, 1, R1);
  s.every(40.5, r2Until, 1, R2);
  return s;
}
