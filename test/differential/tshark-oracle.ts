/**
 * Field-by-field comparison of vrrpscope's dissectors with tshark's own output.
 *
 * ../shared/public-captures/FILE.tshark.tsv holds `tshark -Y 'vrrp or arp' -T fields` output made by
 * tshark 4.0 (see that folder's README for the exact command). For every row we decide what
 * vrrpscope should do with that frame and check it:
 *   - decode it and agree with tshark on every field both know;
 *   - or, for a documented reason, decode it differently (CARP, which tshark calls VRRPv2) or not at
 *     all (a link type or tunnel vrrpscope does not decode). Each such reason is named in
 *     EXPECTED_DIFFERENCES or derived from frame.protocols; anything else is a failure.
 * And in the other direction: no frame may be decoded as VRRP/CARP/ARP that tshark did not show.
 */
import { readFileSync } from 'node:fs';
import { readCaptures } from '../../src/capture/inputs.js';
import { Dissector } from '../../src/dissect/decode.js';
import type { DecodedPacket } from '../../src/dissect/types.js';

export interface TsharkRow {
  [field: string]: string;
}

export function readOracle(path: string): TsharkRow[] {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
  const header = lines[0].split('\t');
  return lines.slice(1).map((line) => {
    const cells = line.split('\t');
    const row: TsharkRow = {};
    header.forEach((h, i) => (row[h] = cells[i] ?? ''));
    return row;
  });
}

export async function decodeFile(path: string): Promise<Map<number, DecodedPacket>> {
  const d = new Dissector();
  const out = new Map<number, DecodedPacket>();
  await readCaptures([path], (p) => {
    const x = d.decode(p);
    if (x) out.set(x.frame, x);
  });
  return out;
}

/** Why a frame tshark shows is, by design, not decoded by vrrpscope (keyed by frame.protocols words). */
const NOT_DECODED: Array<[RegExp, string]> = [
  [/^fr:/, 'Frame Relay link type is not decoded'],
  [/^arcnet:/, 'ARCNET link type is not decoded'],
  [/^ipoib:/, 'IP over InfiniBand link type is not decoded'],
  [/^(radiotap:)?(wlan_radio:)?wlan:/, '802.11 link types are not decoded'],
];

/** Tunnels, by frame.protocols; frames inside one that is not in CompareOptions.decapsulated are expected undecoded. */
const TUNNELS: Array<[RegExp, string]> = [
  [/:vxlan:/, 'VXLAN'],
  [/:geneve:/, 'Geneve'],
  [/:erspan:/, 'ERSPAN'],
  [/:ieee8021ah:/, '802.1ah PBB'],
  [/:mpls:/, 'MPLS pseudowire'],
];

/**
 * Frames vrrpscope decodes that tshark's 'vrrp or arp' filter leaves out, and why. Keyed by
 * "file#frame"; the test fails if such a frame is not decoded the way described.
 */
export const DECODED_BEYOND_TSHARK: Record<string, { kind: string; issue: string; reason: string }> = {
  'tcpdump-arp-oobr.pcap#1166': {
    kind: 'arp',
    issue: 'arp.atmarp',
    reason:
      "ATM ARP (hardware type 19): tshark's ATMARP dissector throws Malformed and drops the frame from its 'arp' " +
      'filter; vrrpscope lists the header with an arp.atmarp issue',
  },
};

export type Verdict =
  { status: 'match' } | { status: 'expected-difference'; reason: string } | { status: 'mismatch'; problems: string[] };

export interface CompareOptions {
  /** The capture is OpenBSD CARP (tshark misdecodes it as VRRPv2). */
  carp: boolean;
  /** Tunnel kinds vrrpscope decapsulates; frames inside other tunnels are expected undecoded. */
  decapsulated: ReadonlySet<string>;
}

const last = (s: string): string => {
  const parts = s.split(',');
  return parts[parts.length - 1];
};
const first = (s: string): string => s.split(',')[0];
const list = (s: string): string[] => (s === '' ? [] : s.split(','));

export function compareRow(row: TsharkRow, ours: DecodedPacket | undefined, opt: CompareOptions): Verdict {
  const protocols = row['frame.protocols'];
  for (const [re, reason] of NOT_DECODED) {
    if (re.test(protocols)) {
      return ours
        ? { status: 'mismatch', problems: [`decoded a frame expected undecodable (${reason})`] }
        : { status: 'expected-difference', reason };
    }
  }
  for (const [re, name] of TUNNELS) {
    if (re.test(protocols) && !opt.decapsulated.has(name)) {
      return ours
        ? { status: 'mismatch', problems: [`decoded a frame inside ${name}, which is not decapsulated`] }
        : { status: 'expected-difference', reason: `inside ${name}: not decapsulated` };
    }
  }
  if (!ours) return { status: 'mismatch', problems: ['tshark shows this frame; vrrpscope decoded nothing'] };

  const problems: string[] = [];
  const eq = (what: string, theirs: string, mine: unknown) => {
    if (theirs !== String(mine))
      problems.push(`${what}: tshark ${JSON.stringify(theirs)}, vrrpscope ${JSON.stringify(mine)}`);
  };

  // Link layer and VLANs (the innermost Ethernet header is the one that carried the packet).
  // In 802.1ah PBB, tshark's eth.* hold only the backbone addresses (the customer frame's are
  // ieee8021ah fields, not in the oracle); the ARP/VRRP fields below still check the inner frame.
  if (!protocols.includes(':ieee8021ah:')) {
    if (row['eth.src'] !== '') eq('eth.src', last(row['eth.src']), ours.link?.src);
    if (row['eth.dst'] !== '') eq('eth.dst', last(row['eth.dst']), ours.link?.dst);
  }
  if (!protocols.includes(':ieee8021ah:') && !protocols.includes(':erspan:')) {
    // tshark names 802.1ad S-tags ieee8021ad.id; its vlan.id lists the other tags only.
    eq(
      'vlan.id',
      row['vlan.id'],
      ours.vlan
        .filter((t) => t.tpid !== 0x88a8)
        .map((t) => t.id)
        .join(','),
    );
  }

  if (row['vrrp.version'] !== '') {
    if (opt.carp) {
      if (ours.kind !== 'carp' || !ours.carp)
        return { status: 'mismatch', problems: ['CARP capture not recognised as CARP'] };
      // tshark's VRRPv2 reading of the CARP header maps field by field onto CARP's own names.
      const c = ours.carp;
      eq('vrid->vhid', row['vrrp.virt_rtr_id'], c.vhid);
      eq('prio->advskew', row['vrrp.prio'], c.advskew);
      eq('addr_count->authlen', row['vrrp.addr_count'], c.authlen);
      eq('auth_type->demotion', row['vrrp.auth_type'], c.demotion);
      eq('adver_int->advbase', row['vrrp.adver_int'], c.advbase);
      if (problems.length) return { status: 'mismatch', problems };
      return {
        status: 'expected-difference',
        reason: 'OpenBSD CARP: tshark misdecodes it as VRRPv2; vrrpscope decodes CARP',
      };
    }
    if (ours.kind !== 'vrrp') return { status: 'mismatch', problems: [`tshark: VRRP; vrrpscope: ${ours.kind}`] };
    compareIp(row, ours, eq);
    const v = ours.vrrp;
    if (!v) {
      // Less than the 8-byte header captured: tshark fills what it can, vrrpscope reports truncation.
      if (!ours.issues.some((i) => i.code === 'vrrp.truncated'))
        problems.push('no VRRP decoded and no truncation issue');
      else return { status: 'expected-difference', reason: 'VRRP header truncated: reported as an issue' };
      return { status: 'mismatch', problems };
    }
    eq('vrrp.version', row['vrrp.version'], v.version);
    eq('vrrp.type', row['vrrp.type'], v.type);
    eq('vrrp.virt_rtr_id', row['vrrp.virt_rtr_id'], v.vrid);
    eq('vrrp.prio', row['vrrp.prio'], v.priority);
    eq('vrrp.addr_count', row['vrrp.addr_count'], v.count);
    if (v.version === 3) {
      eq('vrrp.short_adver_int', row['vrrp.short_adver_int'], v.intervalCs);
    } else {
      eq('vrrp.adver_int (x100)', row['vrrp.adver_int'], v.intervalCs / 100);
      eq('vrrp.auth_type', row['vrrp.auth_type'], v.authType);
      if (row['vrrp.auth_string'] !== '' && v.authData !== undefined)
        eq('vrrp.auth_string', row['vrrp.auth_string'], v.authData);
    }
    const addrs = list(row['vrrp.ip_addr']).concat(list(row['vrrp.ipv6_addr']));
    eq('vrrp addresses', addrs.join(','), v.addresses.join(','));
    eq(
      'vrrp.checksum',
      row['vrrp.checksum'],
      v.checksumValue ? `0x${v.checksumValue.toString(16).padStart(4, '0')}` : '0x0000',
    );
    const status = row['vrrp.checksum.status'];
    const expected = status === '1' ? ['valid'] : status === '0' ? ['invalid', 'valid-rfc9568'] : ['unverified'];
    if (!expected.includes(v.checksum))
      problems.push(`vrrp.checksum.status: tshark ${JSON.stringify(status)}, vrrpscope ${v.checksum}`);
  } else if (row['arp.opcode'] !== '') {
    if (ours.kind !== 'arp' || !ours.arp)
      return { status: 'mismatch', problems: [`tshark: ARP; vrrpscope: ${ours.kind}`] };
    const a = ours.arp;
    eq('arp.opcode', first(row['arp.opcode']), a.op);
    eq('arp.hw.type', first(row['arp.hw.type']), a.htype);
    eq('arp.proto.type', first(row['arp.proto.type']), `0x${a.ptype.toString(16).padStart(4, '0')}`);
    // tshark fills these only for 6-byte hardware and IPv4 addresses.
    if (row['arp.src.hw_mac'] !== '') eq('arp.src.hw_mac', first(row['arp.src.hw_mac']), a.senderMac);
    if (row['arp.dst.hw_mac'] !== '') eq('arp.dst.hw_mac', first(row['arp.dst.hw_mac']), a.targetMac);
    if (row['arp.src.proto_ipv4'] !== '') eq('arp.src.proto_ipv4', first(row['arp.src.proto_ipv4']), a.senderIp);
    if (row['arp.dst.proto_ipv4'] !== '') eq('arp.dst.proto_ipv4', first(row['arp.dst.proto_ipv4']), a.targetIp);
    eq('arp.isgratuitous', row['arp.isgratuitous'] !== '' ? 'true' : 'false', a.gratuitous);
    eq('arp.isprobe', row['arp.isprobe'] !== '' ? 'true' : 'false', a.probe);
    eq('arp.isannouncement', row['arp.isannouncement'] !== '' ? 'true' : 'false', a.announcement);
  } else {
    problems.push('row is neither VRRP nor ARP');
  }
  return problems.length ? { status: 'mismatch', problems } : { status: 'match' };
}

function compareIp(row: TsharkRow, ours: DecodedPacket, eq: (what: string, theirs: string, mine: unknown) => void) {
  if (!ours.ip) {
    eq('ip layer', 'present', 'absent');
    return;
  }
  if (ours.ip.version === 4) {
    eq('ip.src', last(row['ip.src']), ours.ip.src);
    eq('ip.dst', last(row['ip.dst']), ours.ip.dst);
    eq('ip.ttl', last(row['ip.ttl']), ours.ip.ttl);
  } else {
    eq('ipv6.src', last(row['ipv6.src']), ours.ip.src);
    eq('ipv6.dst', last(row['ipv6.dst']), ours.ip.dst);
    eq('ipv6.hlim', last(row['ipv6.hlim']), ours.ip.ttl);
  }
}
