/**
 * The decoder shape (src/dissect/decoder.ts): every second-pass decoder, called directly on a view
 * b[start, end) of well-formed and mutated layers cut at every length, never throws and never reads at
 * or past `end` (what lies beyond is filled with 0x00, then 0xff: the results must not differ).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeArp } from '../../src/dissect/arp.js';
import type { Decoder, IpLayer } from '../../src/dissect/decoder.js';
import { decodeIcmpQuote } from '../../src/dissect/icmp.js';
import { decodeIp } from '../../src/dissect/ip.js';
import { decodeNd } from '../../src/dissect/nd.js';
import type { DecodeIssue } from '../../src/dissect/types.js';
import { decodeIp112 } from '../../src/dissect/vrrp.js';
import {
  arp,
  arpRaw,
  carp,
  icmpv4Error,
  icmpv6,
  icmpv6Nd,
  IPPROTO,
  ipv4,
  ipv6,
  vrrp2,
  vrrp3,
} from '../support/frames.js';

interface Sample {
  name: string;
  decoder: Decoder<unknown>;
  /** The layer, with the IP header before it for IP payloads (at offset 0). */
  bytes: Buffer;
  /** Where the decoder's view starts in `bytes`. */
  start: number;
  /** The IP header around the view, when there is one (offsets relative to `bytes`). */
  ip?: { version: 4 | 6; end: number };
}

const V4 = { src: '10.0.0.1', dst: '224.0.0.18' };
const V6 = { src: 'fe80::1', dst: 'ff02::12' };
const quotedAdvert = ipv4({ ...V4, proto: IPPROTO.VRRP, payload: vrrp2({ vrid: 9, priority: 100, addresses: [] }) });

function inIpv4(decoder: Decoder<unknown>, name: string, proto: number, payload: Buffer): Sample {
  const bytes = ipv4({ ...V4, proto, payload });
  return { name, decoder, bytes, start: 20, ip: { version: 4, end: bytes.length } };
}

function inIpv6(decoder: Decoder<unknown>, name: string, nextHeader: number, payload: Buffer): Sample {
  const bytes = ipv6({ ...V6, nextHeader, payload });
  return { name, decoder, bytes, start: 40, ip: { version: 6, end: bytes.length } };
}

const SAMPLES: Sample[] = [
  {
    name: 'ARP',
    decoder: decodeArp,
    bytes: arp({ op: 1, sha: '00:00:5e:00:01:33', spa: '10.0.0.1', tha: '00:00:00:00:00:00', tpa: '10.0.0.1' }),
    start: 0,
  },
  {
    name: 'ARP with other address lengths',
    decoder: decodeArp,
    bytes: arpRaw({ op: 2, htype: 6, ptype: 0x86dd, hlen: 3, plen: 5, body: Buffer.from('abcdefghijklmnop') }),
    start: 0,
  },
  {
    name: 'IPv4 header with options',
    decoder: decodeIp,
    bytes: ipv4({ ...V4, proto: IPPROTO.VRRP, payload: Buffer.alloc(8), options: Buffer.from([0x94, 4, 0, 0]) }),
    start: 0,
    ip: { version: 4, end: 32 },
  },
  {
    name: 'IPv6 header',
    decoder: decodeIp,
    bytes: ipv6({ ...V6, nextHeader: IPPROTO.VRRP, payload: Buffer.alloc(8) }),
    start: 0,
    ip: { version: 6, end: 48 },
  },
  inIpv4(decodeIp112, 'VRRPv2', IPPROTO.VRRP, vrrp2({ vrid: 51, priority: 200, addresses: ['10.0.0.9'], authType: 1 })),
  inIpv4(
    decodeIp112,
    'VRRPv3 over IPv4',
    IPPROTO.VRRP,
    vrrp3({ vrid: 51, priority: 200, addresses: ['10.0.0.9', '10.0.0.10'], family: 4, ...V4 }),
  ),
  inIpv6(
    decodeIp112,
    'VRRPv3 over IPv6',
    IPPROTO.VRRP,
    vrrp3({ vrid: 51, priority: 200, addresses: ['fe80::9'], family: 6, ...V6 }),
  ),
  inIpv4(decodeIp112, 'CARP', IPPROTO.VRRP, carp({ vhid: 3, advskew: 10, advbase: 1, counter: 77n, demotion: 2 })),
  inIpv6(
    decodeNd,
    'neighbor advertisement',
    IPPROTO.ICMPV6,
    icmpv6Nd({
      type: 136,
      ...V6,
      target: 'fe80::9',
      flags: { o: true },
      options: [{ kind: 'target', mac: '00:00:5e:00:02:33' }],
    }),
  ),
  inIpv4(decodeIcmpQuote, 'ICMP error quoting VRRP', IPPROTO.ICMP, icmpv4Error({ quoted: quotedAdvert })),
  inIpv6(
    decodeIcmpQuote,
    'ICMPv6 error quoting VRRP',
    IPPROTO.ICMPV6,
    icmpv6({
      type: 1,
      code: 4,
      body: Buffer.concat([Buffer.alloc(4), ipv6({ ...V6, nextHeader: IPPROTO.VRRP, payload: Buffer.alloc(8, 0x31) })]),
      ...V6,
    }),
  ),
];

/** Where the layer sits in the buffer: not at 0, as in the reader's window. */
const AT = 11;

function run(s: Sample, bytes: Buffer, end: number, fill: number): { result: unknown; issues: DecodeIssue[] } {
  const b = Buffer.alloc(AT + bytes.length + 64, fill);
  b.fill(0x5a, 0, AT);
  bytes.copy(b, AT, 0, Math.max(0, end));
  const ip: IpLayer = { ipVersion: s.ip?.version ?? 0, l3: AT, ipEnd: AT + (s.ip?.end ?? 0), fragment: false };
  const issues: DecodeIssue[] = [];
  const result = s.decoder(b, AT + s.start, AT + end, issues, ip);
  return { result, issues };
}

function checkAllLengths(s: Sample, bytes: Buffer): void {
  for (let end = s.start - 1; end <= bytes.length; end++) {
    const low = run(s, bytes, end, 0x00);
    const high = run(s, bytes, end, 0xff);
    assert.deepEqual(high, low, `${s.name} cut at ${end - s.start} bytes reads past the end of its view`);
  }
}

for (const s of SAMPLES) {
  test(`${s.name}: cut at every length, decoded without throwing or reading past the view`, () => {
    const whole = run(s, s.bytes, s.bytes.length, 0);
    assert.ok(whole.result, `${s.name} decodes whole`);
    checkAllLengths(s, s.bytes);
  });
}

test('mutated layers, cut at every length: no throw, no read past the view', () => {
  let seed = 0x5eed;
  const rand = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  for (const s of SAMPLES) {
    for (let round = 0; round < 40; round++) {
      const bytes = Buffer.from(s.bytes);
      // Mutate the layer itself, not the IP header the first pass vouched for.
      for (let k = 1 + rand(4); k > 0; k--) bytes[s.start + rand(bytes.length - s.start)] = rand(256);
      checkAllLengths(s, bytes);
    }
  }
});
