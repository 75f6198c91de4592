/**
 * Dissectors, layer by layer, on frames built byte-exact by test/support/frames.ts (whose output is
 * itself checked against tshark in support.test.ts).
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { test } from 'node:test';
import { NOT_SCREENED, type CapturedPacket } from '../../src/capture/packet.js';
import { CaptureFiles } from '../../src/capture/packet-source.js';
import { Dissector } from '../../src/dissect/decode.js';
import { CAPTURES, HAVE_PUBLIC_CAPTURES, PUBLIC_CAPTURES } from '../support/paths.js';
import type { DecodedPacket } from '../../src/dissect/types.js';
import {
  arp,
  arpRaw,
  carp,
  ethernet,
  ETHERTYPE,
  icmpv4Error,
  icmpv6,
  icmpv6Nd,
  IPPROTO,
  ipv4,
  ipv6,
  llcSnap,
  sll,
  sll2,
  tcp,
  udp,
  vrrp2,
  vrrp3,
} from '../support/frames.js';

const MASTER_MAC = '00:00:5e:00:01:33';
const BCAST = 'ff:ff:ff:ff:ff:ff';

function packet(bytes: Buffer, linkType = 1, at = 0): CapturedPacket {
  // Put the frame at an offset inside a larger buffer, as the reader's window does.
  const data = Buffer.alloc(at + bytes.length + 32, 0xee);
  bytes.copy(data, at);
  return {
    frame: 7,
    sec: 1795561302,
    nsec: 199002000,
    caplen: bytes.length,
    origLen: bytes.length,
    linkType,
    ifIndex: 0,
    section: 0,
    data,
    offset: at,
    input: 0,
    screen: NOT_SCREENED,
  };
}

function decode(bytes: Buffer, linkType = 1): DecodedPacket {
  const d = new Dissector().decode(packet(bytes, linkType, 13));
  assert.ok(d, 'frame decoded');
  return d;
}

const v4advert = (o: Partial<Parameters<typeof vrrp2>[0]> = {}, ip: Partial<Parameters<typeof ipv4>[0]> = {}) =>
  ethernet({
    dst: '01:00:5e:00:00:12',
    src: MASTER_MAC,
    type: ETHERTYPE.IPV4,
    payload: ipv4({
      src: '10.99.0.1',
      dst: '224.0.0.18',
      proto: IPPROTO.VRRP,
      payload: vrrp2({ vrid: 51, priority: 150, addresses: ['10.99.0.100'], ...o }),
      ...ip,
    }),
  });

test('VRRPv2: every header field, in the documented shape', () => {
  const d = decode(v4advert({ addresses: ['10.99.0.100', '10.99.0.101'], intervalSec: 3 }));
  assert.equal(d.kind, 'vrrp');
  assert.deepEqual(d.link, { src: MASTER_MAC, dst: '01:00:5e:00:00:12' });
  assert.deepEqual(d.ip, { version: 4, src: '10.99.0.1', dst: '224.0.0.18', ttl: 255, headerChecksum: 'valid' });
  assert.deepEqual(d.vrrp, {
    version: 2,
    type: 1,
    vrid: 51,
    priority: 150,
    count: 2,
    addresses: ['10.99.0.100', '10.99.0.101'],
    intervalCs: 300,
    authType: 0,
    authData: '',
    checksum: 'valid',
    checksumValue: d.vrrp!.checksumValue,
    length: 24,
  });
  assert.deepEqual(d.issues, []);
  assert.equal(d.frame, 7);
});

test('VRRPv2: simple-text password is kept as terminal-safe text; a bad checksum is invalid', () => {
  assert.equal(decode(v4advert({ authType: 1, authData: 'secret' })).vrrp!.authData, 'secret');
  const nasty = decode(
    v4advert({ authType: 1, authData: Buffer.from([0x1b, 0x5b, 0x33, 0x31, 0x6d, 0x5c, 0x07, 0x80]) }),
  );
  assert.equal(nasty.vrrp!.authData, '\\x1b[31m\\\\\\x07\\x80');
  assert.equal(decode(v4advert({ badChecksum: true })).vrrp!.checksum, 'invalid');
});

test("VRRPv2: TTL and priority 0 / 255 are reported as sent (judging them is the analyzer's job)", () => {
  const d = decode(v4advert({ priority: 0 }, { ttl: 64 }));
  assert.equal(d.ip!.ttl, 64);
  assert.equal(d.vrrp!.priority, 0);
  assert.equal(decode(v4advert({ priority: 255 })).vrrp!.priority, 255);
});

test('VRRPv3 over IPv4: RFC 5798 pseudo-header checksum is valid, RFC 9568 message-only is valid-rfc9568', () => {
  const build = (checksumStyle: 'rfc5798' | 'rfc9568' | 'bad', src = '192.0.2.2', dst = '224.0.0.18') =>
    ethernet({
      dst: '01:00:5e:00:00:12',
      src: '00:00:5e:00:01:14',
      type: ETHERTYPE.IPV4,
      payload: ipv4({
        src,
        dst,
        proto: IPPROTO.VRRP,
        payload: vrrp3({
          vrid: 20,
          priority: 100,
          addresses: ['192.0.2.254'],
          intervalCs: 50,
          family: 4,
          src,
          dst,
          checksumStyle,
        }),
      }),
    });
  const v = decode(build('rfc5798')).vrrp!;
  assert.equal(v.version, 3);
  assert.equal(v.intervalCs, 50);
  assert.equal(v.authType, undefined, 'v3 has no auth fields');
  assert.equal(v.checksum, 'valid');
  assert.equal(decode(build('rfc9568')).vrrp!.checksum, 'valid-rfc9568');
  assert.equal(decode(build('bad')).vrrp!.checksum, 'invalid');
  // Unicast (keepalived unicast_peer): the real destination is in the pseudo-header.
  assert.equal(decode(build('rfc5798', '192.0.2.2', '192.0.2.3')).vrrp!.checksum, 'valid');
});

test('VRRPv3 interval: 12 bits; the 4 reserved bits are ignored', () => {
  const frame = decode(v4advert()); // any v4 frame to locate offsets
  assert.ok(frame);
  const msg = vrrp3({
    vrid: 1,
    priority: 100,
    addresses: ['10.0.0.1'],
    intervalCs: 4095,
    family: 4,
    src: '10.0.0.2',
    dst: '224.0.0.18',
  });
  msg[4] |= 0xf0; // reserved bits set (checksum now wrong, which is fine here)
  const d = decode(
    ethernet({
      dst: '01:00:5e:00:00:12',
      src: MASTER_MAC,
      type: ETHERTYPE.IPV4,
      payload: ipv4({ src: '10.0.0.2', dst: '224.0.0.18', proto: IPPROTO.VRRP, payload: msg }),
    }),
  );
  assert.equal(d.vrrp!.intervalCs, 4095);
});

test('VRRPv3 over IPv6, also behind extension headers; hop limit in ip.ttl', () => {
  const src = 'fe80::2';
  const dst = 'ff02::12';
  const msg = vrrp3({ vrid: 30, priority: 200, addresses: ['fe80::1', '2001:db8:30::1'], family: 6, src, dst });
  for (const extHeaders of [
    [],
    [{ type: 0, data: Buffer.alloc(6) }],
    [
      { type: 0, data: Buffer.alloc(6) },
      { type: 60, data: Buffer.alloc(14) },
    ],
  ]) {
    const d = decode(
      ethernet({
        dst: '33:33:00:00:00:12',
        src: '00:00:5e:00:02:1e',
        type: ETHERTYPE.IPV6,
        payload: ipv6({ src, dst, nextHeader: IPPROTO.VRRP, payload: msg, extHeaders, hopLimit: 254 }),
      }),
    );
    assert.deepEqual(d.ip, { version: 6, src, dst, ttl: 254 });
    assert.deepEqual(d.vrrp!.addresses, ['fe80::1', '2001:db8:30::1']);
    assert.equal(d.vrrp!.checksum, 'valid', `with ${extHeaders.length} extension header(s)`);
  }
  // IPv6 has no RFC 9568 alternative: a message-only checksum is simply wrong.
  const v2style = vrrp3({ vrid: 30, priority: 200, addresses: ['fe80::1'], family: 6, src, dst, checksumStyle: 'bad' });
  const d = decode(
    ethernet({
      dst: '33:33:00:00:00:12',
      src: '00:00:5e:00:02:1e',
      type: ETHERTYPE.IPV6,
      payload: ipv6({ src, dst, nextHeader: IPPROTO.VRRP, payload: v2style }),
    }),
  );
  assert.equal(d.vrrp!.checksum, 'invalid');
});

test('CARP is told apart from VRRPv2, including from a real VRRPv2 advert with 7 addresses', () => {
  const c = decode(
    ethernet({
      dst: BCAST,
      src: '00:00:5e:00:01:01',
      type: ETHERTYPE.IPV4,
      payload: ipv4({
        src: '10.0.0.1',
        dst: '224.0.0.18',
        proto: IPPROTO.VRRP,
        payload: carp({ vhid: 4, advskew: 100, advbase: 1, counter: 5n }),
      }),
    }),
  );
  assert.equal(c.kind, 'carp');
  assert.equal(c.vrrp, undefined);
  assert.deepEqual(
    { ...c.carp, counter: c.carp!.counter },
    {
      version: 2,
      type: 1,
      vhid: 4,
      advskew: 100,
      authlen: 7,
      demotion: 0,
      advbase: 1,
      checksum: 'valid',
      counter: '0000000000000005',
    },
  );
  const seven = Array.from({ length: 7 }, (_, i) => `10.99.0.${100 + i}`);
  const v = decode(v4advert({ addresses: seven }));
  assert.equal(v.kind, 'vrrp');
  assert.equal(v.vrrp!.addresses.length, 7);
});

test('an ICMP error quoting a VRRP advert is not an advertisement', () => {
  const advert = ipv4({
    src: '10.99.1.1',
    dst: '10.99.1.2',
    proto: IPPROTO.VRRP,
    payload: vrrp2({ vrid: 61, priority: 100, addresses: ['10.99.1.100'] }),
  });
  const d = decode(
    ethernet({
      dst: '02:00:00:00:01:01',
      src: '02:00:00:00:01:02',
      type: ETHERTYPE.IPV4,
      payload: ipv4({
        src: '10.99.1.2',
        dst: '10.99.1.1',
        proto: IPPROTO.ICMP,
        ttl: 64,
        payload: icmpv4Error({ quoted: advert.subarray(0, 28) }),
      }),
    }),
  );
  assert.equal(d.kind, 'icmp');
  assert.equal(d.vrrp, undefined);
  assert.deepEqual(d.icmp, {
    version: 4,
    type: 3,
    code: 2,
    quotedSrc: '10.99.1.1',
    quotedDst: '10.99.1.2',
    quotedVrid: 61,
  });

  const inner6 = ipv6({
    src: '2001:db8::1',
    dst: '2001:db8::2',
    nextHeader: IPPROTO.VRRP,
    payload: vrrp3({
      vrid: 9,
      priority: 100,
      addresses: ['fe80::9'],
      family: 6,
      src: '2001:db8::1',
      dst: '2001:db8::2',
    }),
  });
  const body = Buffer.concat([Buffer.alloc(4), inner6]);
  const d6 = decode(
    ethernet({
      dst: '02:00:00:00:01:01',
      src: '02:00:00:00:01:02',
      type: ETHERTYPE.IPV6,
      payload: ipv6({
        src: '2001:db8::2',
        dst: '2001:db8::1',
        nextHeader: IPPROTO.ICMPV6,
        payload: icmpv6({ type: 4, code: 1, body, src: '2001:db8::2', dst: '2001:db8::1' }),
      }),
    }),
  );
  assert.equal(d6.kind, 'icmp');
  assert.deepEqual(d6.icmp, {
    version: 6,
    type: 4,
    code: 1,
    quotedSrc: '2001:db8::1',
    quotedDst: '2001:db8::2',
    quotedVrid: 9,
  });
});

test('an IPv4 fragment carrying protocol 112 is flagged, not decoded as an advert', () => {
  for (const ip of [{ mf: true }, { fragOffset: 3 }]) {
    const d = decode(v4advert({}, ip));
    assert.equal(d.kind, 'vrrp');
    assert.equal(d.vrrp, undefined);
    assert.equal(d.ip!.fragment, true);
    assert.ok(d.issues.some((i) => i.code === 'ip.fragment'));
  }
});

test('truncation: a cut header is an issue, cut addresses are partial with an issue, checksum unverified', () => {
  const full = v4advert({ addresses: ['10.99.0.100', '10.99.0.101', '10.99.0.102'] });
  const at = (n: number) => new Dissector().decode(packet(full.subarray(0, n)))!;
  const noHeader = at(14 + 20 + 5);
  assert.equal(noHeader.kind, 'vrrp');
  assert.equal(noHeader.vrrp, undefined);
  assert.ok(noHeader.issues.some((i) => i.code === 'vrrp.truncated'));
  const partial = at(14 + 20 + 8 + 6);
  assert.deepEqual(partial.vrrp!.addresses, ['10.99.0.100']);
  assert.equal(partial.vrrp!.checksum, 'unverified');
  assert.ok(partial.issues.some((i) => i.code === 'vrrp.truncated'));
  // Cut inside the IPv4 header: still a (malformed) VRRP frame while the protocol field is there.
  const cutIp = at(14 + 12);
  assert.equal(cutIp.kind, 'vrrp');
  assert.equal(cutIp.vrrp, undefined);
  assert.deepEqual(
    cutIp.issues.map((i) => i.code),
    ['ip.truncated'],
  );
  // Before the protocol field: nothing says it is VRRP.
  assert.equal(new Dissector().decode(packet(full.subarray(0, 14 + 9))), null);
});

test('an IPv4 header length below 20 is malformed: VRRP is never read from inside the IP header', () => {
  for (const ihl of [0, 1, 4]) {
    const bytes = Buffer.from(v4advert({}));
    bytes[14] = 0x40 | ihl;
    const d = decode(bytes);
    assert.equal(d.kind, 'vrrp');
    assert.equal(d.vrrp, undefined, `IHL ${ihl}: no VRRP fields`);
    assert.deepEqual(
      d.issues.map((i) => i.code),
      ['ip.bad-header-length'],
    );
  }
});

test('a count larger than the message is an issue, and addresses stop at the message end', () => {
  const d = decode(v4advert({ addresses: ['10.99.2.76'], count: 5 }));
  assert.equal(d.vrrp!.count, 5);
  assert.ok(d.vrrp!.addresses.length < 5);
  assert.ok(d.issues.some((i) => i.code === 'vrrp.bad-length'));
});

test('a lying count never turns the VRRPv2 password into addresses: they end where the auth data begins', () => {
  const d = decode(v4advert({ addresses: ['10.99.2.76'], count: 5, authType: 1, authData: 'hunter2!' }));
  assert.deepEqual(d.vrrp!.addresses, ['10.99.2.76']);
  assert.equal(d.vrrp!.authData, 'hunter2!', 'the password is where the message length says (masked when shown)');
  assert.ok(d.issues.some((i) => i.code === 'vrrp.bad-length'));
});

test('VLAN stacks of any kind and depth, outermost first, with PCP and DEI', () => {
  const stacks: Array<Array<{ tpid?: number; id: number; pcp?: number; dei?: boolean }>> = [
    [{ id: 10, pcp: 5 }],
    [
      { tpid: 0x88a8, id: 200 },
      { id: 201, dei: true },
    ],
    [{ tpid: 0x9100, id: 300 }, { id: 301 }],
    [
      { tpid: 0x88a8, id: 1 },
      { tpid: 0x8100, id: 2 },
      { tpid: 0x8100, id: 4094 },
    ],
  ];
  for (const vlans of stacks) {
    const d = decode(
      ethernet({
        dst: BCAST,
        src: MASTER_MAC,
        vlans,
        type: ETHERTYPE.ARP,
        payload: arp({ op: 1, sha: MASTER_MAC, spa: '10.0.0.1', tha: BCAST, tpa: '10.0.0.1' }),
      }),
    );
    assert.deepEqual(
      d.vlan,
      vlans.map((v) => ({ tpid: v.tpid ?? 0x8100, id: v.id, pcp: v.pcp ?? 0, dei: v.dei ?? false })),
    );
  }
  const deep = Array.from({ length: 10 }, (_, i) => ({ id: i + 1 }));
  const d = decode(
    ethernet({
      dst: BCAST,
      src: MASTER_MAC,
      vlans: deep,
      type: ETHERTYPE.ARP,
      payload: arp({ op: 1, sha: MASTER_MAC, spa: '10.0.0.1', tha: BCAST, tpa: '10.0.0.2' }),
    }),
  );
  assert.equal(d.vlan.length, 8);
  assert.ok(d.issues.some((i) => i.code === 'vlan.too-deep'));
  assert.equal(d.arp!.targetIp, '10.0.0.2', 'the payload behind 10 tags is still decoded');
});

test('802.3 LLC/SNAP carrying ARP; other LLC frames are skipped', () => {
  const payload = arp({ op: 2, sha: MASTER_MAC, spa: '10.0.0.1', tha: '02:00:00:00:00:02', tpa: '10.0.0.2' });
  const d = decode(
    ethernet({ dst: '02:00:00:00:00:02', src: MASTER_MAC, type: 'length', payload: llcSnap(ETHERTYPE.ARP, payload) }),
  );
  assert.equal(d.link!.llcSnap, true);
  assert.equal(d.arp!.op, 2);
  const stp = ethernet({
    dst: '01:80:c2:00:00:00',
    src: MASTER_MAC,
    type: 'length',
    payload: Buffer.from('424203000000000000000000000000000000000000000000000000000000000000000000', 'hex'),
  });
  assert.equal(new Dissector().decode(packet(stp)), null);
});

test('Linux cooked captures (SLL, SLL2) and raw IP link types', () => {
  const ip = ipv4({
    src: '10.99.3.1',
    dst: '224.0.0.18',
    proto: IPPROTO.VRRP,
    payload: vrrp2({ vrid: 52, priority: 120, addresses: ['10.99.3.100'] }),
  });
  const s1 = decode(sll({ pktType: 4, addr: '00:00:5e:00:01:34', protocol: ETHERTYPE.IPV4, payload: ip }), 113);
  assert.deepEqual(s1.link, { src: '00:00:5e:00:01:34', pktType: 4 });
  assert.equal(s1.vrrp!.vrid, 52);
  const s2 = decode(
    sll2({ pktType: 0, ifindex: 7, addr: '00:00:5e:00:01:34', protocol: ETHERTYPE.IPV4, payload: ip }),
    276,
  );
  assert.deepEqual(s2.link, { src: '00:00:5e:00:01:34', pktType: 0, ifindex: 7 });
  for (const lt of [101, 228, 12]) assert.equal(decode(ip, lt).vrrp!.vrid, 52, `link type ${lt}`);
  const ip6 = ipv6({
    src: 'fe80::53',
    dst: 'ff02::12',
    nextHeader: IPPROTO.VRRP,
    payload: vrrp3({ vrid: 53, priority: 100, addresses: ['fe80::1'], family: 6, src: 'fe80::53', dst: 'ff02::12' }),
  });
  for (const lt of [101, 229]) assert.equal(decode(ip6, lt).vrrp!.checksum, 'valid', `link type ${lt}`);
  assert.equal(new Dissector().decode(packet(ip, 129)), null, 'unsupported link type: nothing decoded');
});

test('ARP: request, reply, gratuitous, announcement and probe as Wireshark classifies them; RARP', () => {
  const frame = (o: Parameters<typeof arp>[0], type: number = ETHERTYPE.ARP) =>
    decode(ethernet({ dst: BCAST, src: o.sha as string, type, payload: arp(o) })).arp!;
  const req = frame({ op: 1, sha: '02:00:00:00:00:01', spa: '10.0.0.1', tha: '00:00:00:00:00:00', tpa: '10.0.0.2' });
  assert.deepEqual(req, {
    op: 1,
    htype: 1,
    ptype: 0x0800,
    hlen: 6,
    plen: 4,
    senderMac: '02:00:00:00:00:01',
    senderIp: '10.0.0.1',
    targetMac: '00:00:00:00:00:00',
    targetIp: '10.0.0.2',
    gratuitous: false,
    announcement: false,
    probe: false,
  });
  // keepalived's form
  const garp = frame({ op: 1, sha: MASTER_MAC, spa: '10.99.0.100', tha: BCAST, tpa: '10.99.0.100' });
  assert.deepEqual([garp.gratuitous, garp.announcement, garp.probe], [true, false, false]);
  const announce = frame({ op: 1, sha: MASTER_MAC, spa: '10.99.0.100', tha: '00:00:00:00:00:00', tpa: '10.99.0.100' });
  assert.deepEqual([announce.gratuitous, announce.announcement], [true, true]);
  const greply = frame({ op: 2, sha: MASTER_MAC, spa: '10.99.0.100', tha: BCAST, tpa: '10.99.0.100' });
  assert.deepEqual([greply.gratuitous, greply.announcement], [true, false]);
  const probe = frame({ op: 1, sha: '02:00:00:00:00:09', spa: '0.0.0.0', tha: '00:00:00:00:00:00', tpa: '10.0.0.9' });
  assert.deepEqual([probe.probe, probe.gratuitous], [true, false]);
  const rarp = frame(
    { op: 3, sha: '02:00:00:00:00:09', spa: '0.0.0.0', tha: '02:00:00:00:00:09', tpa: '0.0.0.0' },
    0x8035,
  );
  assert.equal(rarp.op, 3);
});

test('ARP with other address lengths is decoded generically; short or ATM ARP is an issue, never a throw', () => {
  const wide = decode(
    ethernet({
      dst: BCAST,
      src: MASTER_MAC,
      type: ETHERTYPE.ARP,
      payload: arpRaw({
        op: 1,
        htype: 6,
        ptype: 0x0800,
        hlen: 8,
        plen: 4,
        body: Buffer.from('0102030405060708' + '0a000001' + '0000000000000000' + '0a000002', 'hex'),
      }),
    }),
  );
  assert.equal(wide.arp!.senderMac, '01:02:03:04:05:06:07:08');
  assert.equal(wide.arp!.senderIp, '10.0.0.1');
  const short = decode(
    ethernet({
      dst: BCAST,
      src: MASTER_MAC,
      type: ETHERTYPE.ARP,
      payload: arpRaw({ op: 1, htype: 1, ptype: 0x0800, hlen: 255, plen: 255, body: Buffer.alloc(30) }),
    }),
  );
  assert.equal(short.arp!.senderMac, undefined);
  assert.ok(short.issues.some((i) => i.code === 'arp.truncated'));
  const atm = decode(
    ethernet({
      dst: BCAST,
      src: MASTER_MAC,
      type: ETHERTYPE.ARP,
      payload: arpRaw({ op: 1, htype: 19, ptype: 0x0800, hlen: 6, plen: 4, body: Buffer.alloc(20) }),
    }),
  );
  assert.ok(atm.issues.some((i) => i.code === 'arp.atmarp'));
  const tiny = decode(ethernet({ dst: BCAST, src: MASTER_MAC, type: ETHERTYPE.ARP, payload: Buffer.from([0, 1, 8]) }));
  assert.equal(tiny.arp, undefined);
  assert.ok(tiny.issues.some((i) => i.code === 'arp.truncated'));
});

test('ICMPv6 ND: unsolicited NA (keepalived R=0 S=0 O=1, FRR R=1 O=1), solicitation with source address', () => {
  const na = (flags: { r?: boolean; s?: boolean; o?: boolean }) =>
    decode(
      ethernet({
        dst: '33:33:00:00:00:01',
        src: '00:00:5e:00:02:1e',
        type: ETHERTYPE.IPV6,
        payload: ipv6({
          src: 'fe80::2',
          dst: 'ff02::1',
          nextHeader: IPPROTO.ICMPV6,
          payload: icmpv6Nd({
            type: 136,
            src: 'fe80::2',
            dst: 'ff02::1',
            target: '2001:db8:30::1',
            flags,
            options: [{ kind: 'target', mac: '00:00:5e:00:02:1e' }],
          }),
        }),
      }),
    );
  const k = na({ o: true });
  assert.equal(k.kind, 'nd');
  assert.deepEqual(k.nd, {
    type: 136,
    target: '2001:db8:30::1',
    router: false,
    solicited: false,
    override: true,
    unsolicited: true,
    linkAddr: '00:00:5e:00:02:1e',
  });
  assert.deepEqual([na({ r: true, o: true }).nd!.router, na({ s: true }).nd!.unsolicited], [true, false]);
  const ns = decode(
    ethernet({
      dst: '33:33:ff:00:00:01',
      src: '02:00:00:00:00:01',
      type: ETHERTYPE.IPV6,
      payload: ipv6({
        src: 'fe80::1',
        dst: 'ff02::1:ff00:1',
        nextHeader: IPPROTO.ICMPV6,
        payload: icmpv6Nd({
          type: 135,
          src: 'fe80::1',
          dst: 'ff02::1:ff00:1',
          target: 'fe80::9',
          options: [{ kind: 'source', mac: '02:00:00:00:00:01' }],
        }),
      }),
    }),
  );
  assert.deepEqual(ns.nd, { type: 135, target: 'fe80::9', linkAddr: '02:00:00:00:00:01' });
});

test('frames that are not VRRP/ARP/ND are skipped: TCP, UDP, other ICMPv6, unknown EtherTypes', () => {
  const d = new Dissector();
  const skip = [
    ethernet({
      dst: BCAST,
      src: MASTER_MAC,
      type: ETHERTYPE.IPV4,
      payload: ipv4({
        src: '10.0.0.1',
        dst: '10.0.0.2',
        proto: IPPROTO.TCP,
        payload: tcp({ srcPort: 1, dstPort: 2, src: '10.0.0.1', dst: '10.0.0.2' }),
      }),
    }),
    ethernet({
      dst: BCAST,
      src: MASTER_MAC,
      type: ETHERTYPE.IPV4,
      payload: ipv4({
        src: '10.0.0.1',
        dst: '10.0.0.2',
        proto: IPPROTO.UDP,
        payload: udp({ srcPort: 1, dstPort: 2, payload: Buffer.alloc(3), src: '10.0.0.1', dst: '10.0.0.2' }),
      }),
    }),
    ethernet({
      dst: BCAST,
      src: MASTER_MAC,
      type: ETHERTYPE.IPV6,
      payload: ipv6({
        src: 'fe80::1',
        dst: 'ff02::2',
        nextHeader: IPPROTO.ICMPV6,
        payload: icmpv6({ type: 133, body: Buffer.alloc(4), src: 'fe80::1', dst: 'ff02::2' }),
      }),
    }),
    ethernet({ dst: BCAST, src: MASTER_MAC, type: 0x88cc, payload: Buffer.alloc(40) }),
    Buffer.alloc(0),
  ];
  for (const f of skip) assert.equal(d.decode(packet(f)), null);
});

test('skipping frames allocates nothing: no garbage collection over 2 million skipped frames', async () => {
  const tcpFrame = packet(
    ethernet({
      dst: BCAST,
      src: MASTER_MAC,
      vlans: [{ id: 5 }],
      type: ETHERTYPE.IPV4,
      payload: ipv4({
        src: '10.0.0.1',
        dst: '10.0.0.2',
        proto: IPPROTO.TCP,
        payload: tcp({ srcPort: 1, dstPort: 2, src: '10.0.0.1', dst: '10.0.0.2', payload: Buffer.alloc(100) }),
      }),
    }),
  );
  const d = new Dissector();
  for (let i = 0; i < 10_000; i++) d.decode(tcpFrame); // warm up (compilation allocates)
  let gcs = 0;
  const obs = new PerformanceObserver((list) => (gcs += list.getEntries().length));
  obs.observe({ entryTypes: ['gc'] });
  let n = 0;
  for (let i = 0; i < 2_000_000; i++) if (d.decode(tcpFrame) === null) n++;
  await new Promise((r) => setTimeout(r, 50)); // gc entries are delivered asynchronously
  obs.disconnect();
  assert.equal(n, 2_000_000);
  // Even 16 bytes per frame would be 32 MB: several young-generation collections.
  assert.ok(gcs <= 1, `${gcs} garbage collections while skipping frames`);
});

// ---- tunnels ----

const innerAdvert = () => v4advert({ vrid: 51 });
const outerIp = (proto: number, payload: Buffer) =>
  ethernet({
    dst: '02:00:00:00:00:aa',
    src: '02:00:00:00:00:bb',
    vlans: [{ id: 900 }],
    type: ETHERTYPE.IPV4,
    payload: ipv4({ src: '192.0.2.1', dst: '192.0.2.2', proto, payload }),
  });
const u32be = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v >>> 0);
  return b;
};

test('tunnels: the inner frame is decoded, the chain recorded, the outer tags and addresses dropped', () => {
  const vxlanHdr = Buffer.from([0x08, 0, 0, 0, 0x00, 0x01, 0x2c, 0]); // VNI 300
  const cases: Array<[string, Buffer, Array<{ type: string; id: number }>]> = [
    [
      'VXLAN',
      outerIp(
        IPPROTO.UDP,
        udp({
          srcPort: 51000,
          dstPort: 4789,
          src: '192.0.2.1',
          dst: '192.0.2.2',
          payload: Buffer.concat([vxlanHdr, innerAdvert()]),
        }),
      ),
      [{ type: 'vxlan', id: 300 }],
    ],
    [
      'VXLAN on Linux port 8472',
      outerIp(
        IPPROTO.UDP,
        udp({
          srcPort: 51000,
          dstPort: 8472,
          src: '192.0.2.1',
          dst: '192.0.2.2',
          payload: Buffer.concat([vxlanHdr, innerAdvert()]),
        }),
      ),
      [{ type: 'vxlan', id: 300 }],
    ],
    // Geneve with 4 bytes of options, protocol type "Ethernet", VNI 7.
    [
      'Geneve',
      outerIp(
        IPPROTO.UDP,
        udp({
          srcPort: 51000,
          dstPort: 6081,
          src: '192.0.2.1',
          dst: '192.0.2.2',
          payload: Buffer.concat([Buffer.from([0x01, 0, 0x65, 0x58, 0, 0, 7, 0, 1, 2, 3, 4]), innerAdvert()]),
        }),
      ),
      [{ type: 'geneve', id: 7 }],
    ],
    // GRE with key 0x10002 carrying an Ethernet frame (transparent Ethernet bridging).
    [
      'GRE TEB',
      outerIp(47, Buffer.concat([Buffer.from([0x20, 0, 0x65, 0x58]), u32be(0x10002), innerAdvert()])),
      [{ type: 'gre', id: 0x10002 }],
    ],
    // ERSPAN type II: GRE with sequence number, 8-byte ERSPAN header (session 101).
    [
      'ERSPAN II',
      outerIp(
        47,
        Buffer.concat([
          Buffer.from([0x10, 0, 0x88, 0xbe]),
          u32be(1),
          Buffer.from([0x10, 0, 0x00, 101, 0, 0, 0, 0]),
          innerAdvert(),
        ]),
      ),
      [{ type: 'erspan', id: 101 }],
    ],
    // ERSPAN type III with the optional 8-byte platform sub-header (O bit).
    [
      'ERSPAN III',
      outerIp(
        47,
        Buffer.concat([
          Buffer.from([0x10, 0, 0x22, 0xeb]),
          u32be(1),
          Buffer.from([0x20, 0, 0x00, 5, 0, 0, 0, 0, 0, 0, 0, 1]),
          Buffer.alloc(8),
          innerAdvert(),
        ]),
      ),
      [{ type: 'erspan', id: 5 }],
    ],
    // 802.1ah: backbone addresses, I-TAG with I-SID 2014011, customer frame.
    [
      'PBB',
      ethernet({
        dst: 'c3:00:3a:1e:bb:3b',
        src: '02:cc:cc:00:3a:00',
        vlans: [{ id: 4051, tpid: 0x88a8 }],
        type: 0x88e7,
        payload: Buffer.concat([Buffer.from([0, 0x1e, 0xbb, 0x3b]), innerAdvert()]),
      }),
      [{ type: 'pbb', id: 2014011 }],
    ],
    // EoMPLS: transport label 19, VC label 16 (bottom), control word, Ethernet.
    [
      'MPLS pseudowire with control word',
      ethernet({
        dst: '02:00:00:00:00:aa',
        src: '02:00:00:00:00:bb',
        type: 0x8847,
        payload: Buffer.concat([u32be((19 << 12) | 0xfe), u32be((16 << 12) | 0x1ff), u32be(0), innerAdvert()]),
      }),
      [{ type: 'mpls', id: 16 }],
    ],
    [
      'MPLS pseudowire without control word',
      ethernet({
        dst: '02:00:00:00:00:aa',
        src: '02:00:00:00:00:bb',
        type: 0x8847,
        payload: Buffer.concat([u32be((16 << 12) | 0x1ff), innerAdvert()]),
      }),
      [{ type: 'mpls', id: 16 }],
    ],
    // VXLAN inside GRE: nesting is followed.
    [
      'GRE then VXLAN',
      outerIp(
        47,
        Buffer.concat([
          Buffer.from([0, 0, 0x08, 0x00]),
          ipv4({
            src: '198.51.100.1',
            dst: '198.51.100.2',
            proto: IPPROTO.UDP,
            payload: udp({
              srcPort: 1,
              dstPort: 4789,
              src: '198.51.100.1',
              dst: '198.51.100.2',
              payload: Buffer.concat([vxlanHdr, innerAdvert()]),
            }),
          }),
        ]),
      ),
      [
        { type: 'gre', id: 0 },
        { type: 'vxlan', id: 300 },
      ],
    ],
  ];
  for (const [name, frame, chain] of cases) {
    const d = new Dissector().decode(packet(frame));
    assert.ok(d, `${name}: decoded`);
    assert.deepEqual(d.tunnel, chain, name);
    assert.equal(d.vrrp?.vrid, 51, name);
    assert.equal(d.vrrp?.checksum, 'valid', name);
    assert.deepEqual(d.link, { src: MASTER_MAC, dst: '01:00:5e:00:00:12' }, `${name}: the inner frame's addresses`);
    assert.deepEqual(d.vlan, [], `${name}: the underlay's VLAN is not the segment's`);
  }
});

test('tunnels: MPLS carrying IP directly, and UDP that only looks like a tunnel', () => {
  const ip = ipv4({
    src: '10.0.0.1',
    dst: '224.0.0.18',
    proto: IPPROTO.VRRP,
    payload: vrrp2({ vrid: 9, priority: 100, addresses: ['10.0.0.9'] }),
  });
  const d = decode(
    ethernet({
      dst: '02:00:00:00:00:aa',
      src: '02:00:00:00:00:bb',
      type: 0x8847,
      payload: Buffer.concat([u32be((100 << 12) | 0x1ff), ip]),
    }),
  );
  assert.deepEqual([d.tunnel, d.vrrp?.vrid], [[{ type: 'mpls', id: 100 }], 9]);
  const dissector = new Dissector();
  // VXLAN port without the I flag, and an ordinary UDP port: not tunnels, nothing decoded.
  const noFlag = outerIp(
    IPPROTO.UDP,
    udp({
      srcPort: 1,
      dstPort: 4789,
      src: '192.0.2.1',
      dst: '192.0.2.2',
      payload: Buffer.concat([Buffer.alloc(8), innerAdvert()]),
    }),
  );
  const dns = outerIp(
    IPPROTO.UDP,
    udp({ srcPort: 1, dstPort: 53, src: '192.0.2.1', dst: '192.0.2.2', payload: innerAdvert() }),
  );
  assert.equal(dissector.decode(packet(noFlag)), null);
  assert.equal(dissector.decode(packet(dns)), null);
  // Tunnels nested deeper than 4: given up, never a loop.
  let frame = innerAdvert();
  for (let i = 0; i < 6; i++)
    frame = ethernet({
      dst: '02:00:00:00:00:aa',
      src: '02:00:00:00:00:bb',
      type: 0x88e7,
      payload: Buffer.concat([Buffer.from([0, 0, 0, i]), frame]),
    });
  assert.equal(dissector.decode(packet(frame)), null);
});

test('address text from the interning caches is right on every hit and miss, with far more addresses than slots', async () => {
  const { ipv4, ipv6, mac } = await import('../../src/dissect/bytes.js');
  const b = new Uint8Array(16);
  // Reference forms built without the caches.
  const v4 = (x: Uint8Array) => Array.from(x.subarray(0, 4)).join('.');
  const m6 = (x: Uint8Array) =>
    Array.from(x.subarray(0, 6))
      .map((n) => n.toString(16).padStart(2, '0'))
      .join(':');
  const groups = (x: Uint8Array) => Array.from({ length: 8 }, (_, i) => ((x[2 * i] << 8) | x[2 * i + 1]).toString(16));
  let seed = 12345;
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
  // Far more distinct values than cache slots, each twice: every lookup right, hit or miss.
  const seen: { bytes: Uint8Array; v4: string; mac: string; v6: string }[] = [];
  for (let i = 0; i < 20000; i++) {
    for (let k = 0; k < 16; k++) b[k] = rnd();
    // Keep IPv6 free of zero runs so the reference needs no compression.
    for (let k = 0; k < 16; k += 2) if (b[k] === 0 && b[k + 1] === 0) b[k + 1] = 1;
    const x = b.slice();
    const entry = { bytes: x, v4: ipv4(x, 0), mac: mac(x, 0), v6: ipv6(x, 0) };
    assert.equal(entry.v4, v4(x));
    assert.equal(entry.mac, m6(x));
    assert.equal(entry.v6, groups(x).join(':'));
    seen.push(entry);
  }
  for (const e of seen) {
    assert.equal(ipv4(e.bytes, 0), e.v4);
    assert.equal(mac(e.bytes, 0), e.mac);
    assert.equal(ipv6(e.bytes, 0), e.v6);
  }
});

test('a repeated advert decodes from the cache to what a fresh decode gives, and any changed byte misses it', async () => {
  const dirs = [join(CAPTURES, 'real'), CAPTURES, ...(HAVE_PUBLIC_CAPTURES ? [PUBLIC_CAPTURES] : [])];
  const files = dirs.flatMap((d) =>
    readdirSync(d)
      .filter((f) => /\.pcap(ng)?$/.test(f))
      .map((f) => join(d, f)),
  );
  let adverts = 0;
  let hits = 0;
  let wholeHits = 0;
  for (const file of files) {
    const kept = new Dissector();
    const handedOut = new Set<unknown>();
    await new CaptureFiles([file]).run((p) => {
      const cached = kept.decode(p);
      if (cached?.kind !== 'vrrp' || !cached.vrrp) return;
      adverts++;
      if (handedOut.has(cached.vrrp)) hits++;
      // The whole advert from the cache (AdvertCache): its IP part too, though its identification differs.
      if (handedOut.has(cached.ip)) wholeHits++;
      handedOut.add(cached.vrrp);
      handedOut.add(cached.ip);
      assert.deepEqual(cached, new Dissector().decode(p), `${file} frame ${p.frame}`);
    });
  }
  // Most adverts repeat their sender's last one: the comparison is of cache hits.
  assert.ok(adverts > 1000 && hits > adverts / 2, `${hits} of ${adverts} adverts from the cache`);
  assert.ok(wholeHits > adverts / 2, `${wholeHits} of ${adverts} adverts whole from the cache`);
  // A thousand senders in turn (250 VRIDs, more senders than the cache has slots), each advert
  // twice: the second from the cache for most, and every one decoded as a fresh dissector would.
  {
    const d = new Dissector();
    const handedOut = new Set<unknown>();
    let manyHits = 0;
    for (let round = 0; round < 2; round++)
      for (let r = 0; r < 1000; r++) {
        const src = `10.0.${(r + 1) >> 8}.${(r + 1) & 255}`;
        const frame = v4advert({ vrid: 1 + (r % 250), addresses: [`10.200.${1 + (r % 250)}.1`] }, { src });
        const got = d.decode(packet(frame, 1, 13));
        assert.deepEqual(got, new Dissector().decode(packet(frame, 1, 13)), `router ${r}, round ${round}`);
        if (handedOut.has(got?.vrrp)) manyHits++;
        handedOut.add(got?.vrrp);
      }
    assert.ok(manyHits > 600, `${manyHits} of the 1,000 repeated adverts from the cache`);
  }
  // The same advert over and over, each time with one byte of the frame changed (the link header,
  // the IP header, the message): the IPv4 identification alone still hits, with a checksum that
  // verifies; any other change decodes afresh.
  const d = new Dissector();
  const base = v4advert({ addresses: ['10.99.0.100', '10.99.0.101'] });
  for (let i = 0; i < base.length; i++) {
    d.decode(packet(base, 1, 13));
    const changed = Buffer.from(base);
    changed[i] ^= 0x5a;
    assert.deepEqual(d.decode(packet(changed, 1, 13)), new Dissector().decode(packet(changed, 1, 13)), `byte ${i}`);
  }
  // A new identification with its header checksum made right: the whole advert from the cache.
  const first = d.decode(packet(base, 1, 13))!;
  const next = Buffer.from(base);
  next.writeUInt16BE(0x1234, 14 + 4);
  next.writeUInt16BE(0, 14 + 10);
  let sum = 0;
  for (let k = 14; k < 34; k += 2) sum += next.readUInt16BE(k);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  next.writeUInt16BE(~sum & 0xffff, 14 + 10);
  const again = d.decode({ ...packet(next, 1, 14), frame: 8 })!;
  assert.equal(again.ip, first.ip);
  assert.equal(again.frame, 8);
  assert.deepEqual(again, new Dissector().decode({ ...packet(next, 1, 14), frame: 8 }));
});
