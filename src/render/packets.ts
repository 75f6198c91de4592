/**
 * One line per decoded packet: readable text (tcpdump-like) or NDJSON with stable names.
 * Every string that came from packet bytes is already terminal-safe (see dissect/bytes.ts safeAscii);
 * file names are escaped here.
 */
import { formatTime } from '../capture/packet.js';
import type { DecodedPacket, VrrpInfo } from '../dissect/types.js';
import { timeColumn, type TimeMode } from './packet-detail.js';
import { safeText } from '../util/text.js';

export interface PacketRenderOptions {
  /** Input names; a `file` key/column is added when there is more than one. */
  inputs: readonly string[];
  /** Inputs that are pcapng: their packets carry an interface number. */
  pcapng: readonly boolean[];
  /** Print VRRPv2 authentication data (passwords) instead of hiding it. */
  showSecrets: boolean;
  /** Timestamps in text output (see packet-detail.ts timeColumn): UTC date-time by default. */
  time: TimeMode;
}

const AUTH_NAMES: Record<number, string> = { 0: 'none', 1: 'simple-text', 2: 'ip-ah', 254: 'md5 (cisco)' };
const ARP_OPS: Record<number, string> = {
  1: 'request',
  2: 'reply',
  3: 'rarp-request',
  4: 'rarp-reply',
  8: 'inarp-request',
  9: 'inarp-reply',
  10: 'arp-nak',
};
const ICMP4_TYPES: Record<number, string> = { 3: 'unreachable', 11: 'time-exceeded', 12: 'parameter-problem' };
const ICMP6_TYPES: Record<number, string> = {
  1: 'unreachable',
  2: 'packet-too-big',
  3: 'time-exceeded',
  4: 'parameter-problem',
};

// ---------------------------------------------------------------- NDJSON

/**
 * The JSON object for one packet, minus frame/file/time/kind (the reference form of the NDJSON
 * schema; ndjsonLine writes the same thing faster).
 */
export function packetJson(p: DecodedPacket, opt: PacketRenderOptions): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if (p.tunnel) o.tunnel = p.tunnel;
  o.vlan = p.vlan.map((t) => t.id);
  if (opt.pcapng[p.input]) o.interface = p.ifIndex;
  if (p.link) o.link = p.link;
  if (p.ip) o.ip = p.ip;
  if (p.vrrp) o.vrrp = vrrpJson(p.vrrp, opt);
  if (p.carp) o.carp = p.carp;
  if (p.arp) o.arp = p.arp;
  if (p.nd) o.nd = p.nd;
  if (p.icmp) o.icmp = p.icmp;
  if (p.issues.length) o.issues = p.issues.map((i) => `${i.code}: ${i.detail}`);
  return o;
}

function vrrpJson(v: VrrpInfo, opt: PacketRenderOptions): Record<string, unknown> {
  const o: Record<string, unknown> = {
    version: v.version,
    type: v.type,
    vrid: v.vrid,
    priority: v.priority,
    count: v.count,
    addresses: v.addresses,
    intervalCs: v.intervalCs,
  };
  if (v.authType !== undefined) o.authType = v.authType;
  if (v.authData !== undefined && v.authType !== 0) {
    if (opt.showSecrets) o.authData = v.authData;
    else o.authHidden = true;
  }
  o.checksum = v.checksum;
  return o;
}

/**
 * One NDJSON line. Written by hand rather than with JSON.stringify(packetJson(...)): this is the
 * per-packet hot path of `packets --format ndjson`, and the shapes are fixed. A test checks that it
 * parses to exactly { frame, file?, time, kind, ...packetJson(p) } for every packet of the corpus.
 * Strings from packet bytes (auth data) and issue texts go through JSON.stringify; addresses are
 * made of [0-9a-f.:] only. The output layer (LineOutput in json mode) escapes DEL, C1 and bidi.
 */
export function ndjsonLine(p: DecodedPacket, opt: PacketRenderOptions): string {
  let s = `{"frame":${p.frame},`;
  if (opt.inputs.length > 1) s += `"file":${JSON.stringify(opt.inputs[p.input])},`;
  s += `"time":${formatTime(p.sec, p.nsec)},"kind":"${p.kind}",`;
  if (p.tunnel) s += `"tunnel":${JSON.stringify(p.tunnel)},`;
  s += '"vlan":[';
  for (let i = 0; i < p.vlan.length; i++) s += (i ? ',' : '') + p.vlan[i].id;
  s += ']';
  if (opt.pcapng[p.input]) s += `,"interface":${p.ifIndex}`;
  const l = p.link;
  if (l) {
    let f = '';
    if (l.src !== undefined) f += `,"src":"${l.src}"`;
    if (l.dst !== undefined) f += `,"dst":"${l.dst}"`;
    if (l.pktType !== undefined) f += `,"pktType":${l.pktType}`;
    if (l.ifindex !== undefined) f += `,"ifindex":${l.ifindex}`;
    if (l.llcSnap !== undefined) f += `,"llcSnap":${l.llcSnap}`;
    s += `,"link":{${f.slice(1)}}`;
  }
  const ip = p.ip;
  if (ip) {
    s += `,"ip":{"version":${ip.version},"src":"${ip.src}","dst":"${ip.dst}","ttl":${ip.ttl}`;
    if (ip.headerChecksum !== undefined) s += `,"headerChecksum":"${ip.headerChecksum}"`;
    if (ip.fragment !== undefined) s += `,"fragment":${ip.fragment}`;
    if (ip.optionsLength !== undefined) s += `,"optionsLength":${ip.optionsLength}`;
    s += '}';
  }
  const v = p.vrrp;
  if (v) {
    s += `,"vrrp":{"version":${v.version},"type":${v.type},"vrid":${v.vrid},"priority":${v.priority}`;
    s += `,"count":${v.count},"addresses":[`;
    for (let i = 0; i < v.addresses.length; i++) s += (i ? ',"' : '"') + v.addresses[i] + '"';
    s += `],"intervalCs":${v.intervalCs}`;
    if (v.authType !== undefined) s += `,"authType":${v.authType}`;
    if (v.authData !== undefined && v.authType !== 0) {
      s += opt.showSecrets ? `,"authData":${JSON.stringify(v.authData)}` : ',"authHidden":true';
    }
    s += `,"checksum":"${v.checksum}"}`;
  }
  if (p.carp) s += `,"carp":${JSON.stringify(p.carp)}`;
  const a = p.arp;
  if (a) {
    s += `,"arp":{"op":${a.op},"htype":${a.htype},"ptype":${a.ptype},"hlen":${a.hlen},"plen":${a.plen}`;
    s += `,"gratuitous":${a.gratuitous},"announcement":${a.announcement},"probe":${a.probe}`;
    if (a.senderMac !== undefined) s += `,"senderMac":"${a.senderMac}"`;
    if (a.targetMac !== undefined) s += `,"targetMac":"${a.targetMac}"`;
    if (a.senderIp !== undefined) s += `,"senderIp":"${a.senderIp}"`;
    if (a.targetIp !== undefined) s += `,"targetIp":"${a.targetIp}"`;
    s += '}';
  }
  if (p.nd) s += `,"nd":${JSON.stringify(p.nd)}`;
  if (p.icmp) s += `,"icmp":${JSON.stringify(p.icmp)}`;
  if (p.issues.length) {
    s += ',"issues":[';
    for (let i = 0; i < p.issues.length; i++)
      s += (i ? ',' : '') + JSON.stringify(`${p.issues[i].code}: ${p.issues[i].detail}`);
    s += ']';
  }
  return s + '}';
}

// ---------------------------------------------------------------- text

/**
 * One line per packet. `time` is the time column as the caller computed it (relative and delta
 * times need the first and the previous packet); by default the packet's own, in opt.time.
 */
export function textLine(
  p: DecodedPacket,
  opt: PacketRenderOptions,
  time = timeColumn(p, opt.time, [p.sec, p.nsec], null),
): string {
  let s = `${String(p.frame).padStart(6)} ${time}`;
  if (opt.inputs.length > 1) s += ` ${safeText(opt.inputs[p.input])}`;
  if (p.tunnel) for (const t of p.tunnel) s += ` ${t.type} ${t.id}`;
  if (p.vlan.length) s += ` vlan ${p.vlan.map((t) => t.id).join('.')}`;
  if (p.ip) {
    s += ` ${p.ip.src} > ${p.ip.dst} ${p.ip.version === 4 ? 'ttl' : 'hlim'} ${p.ip.ttl}`;
  } else if (p.link?.src) {
    s += ` ${p.link.src}${p.link.dst ? ` > ${p.link.dst}` : ''}`;
  }
  s += ' ' + body(p, opt);
  for (const i of p.issues) s += ` [${i.code}: ${i.detail}]`;
  return s;
}

function body(p: DecodedPacket, opt: PacketRenderOptions): string {
  if (p.vrrp) return vrrpText(p.vrrp, p, opt);
  if (p.carp) {
    const c = p.carp;
    return (
      `CARP vhid ${c.vhid} advbase ${c.advbase} advskew ${c.advskew} demote ${c.demotion} ` +
      `counter ${c.counter} checksum ${c.checksum}`
    );
  }
  if (p.arp) {
    const a = p.arp;
    const op = ARP_OPS[a.op] ?? `op ${a.op}`;
    let s: string;
    if (a.op === 1) s = `ARP request who-has ${a.targetIp ?? '?'} tell ${a.senderIp ?? '?'} (${a.senderMac ?? '?'})`;
    else if (a.op === 2)
      s = `ARP reply ${a.senderIp ?? '?'} is-at ${a.senderMac ?? '?'} (to ${a.targetIp ?? '?'} ${a.targetMac ?? '?'})`;
    else s = `ARP ${op} sender ${a.senderMac ?? '?'} ${a.senderIp ?? '?'}`;
    s += ` target ${a.targetMac ?? '?'} ${a.targetIp ?? '?'}`;
    if (a.htype !== 1 || a.ptype !== 0x0800)
      s += ` (hw ${a.htype}/${a.hlen}, proto 0x${a.ptype.toString(16).padStart(4, '0')}/${a.plen})`;
    if (a.probe) s += ' [probe]';
    else if (a.announcement) s += ' [gratuitous, announcement]';
    else if (a.gratuitous) s += ' [gratuitous]';
    return s;
  }
  if (p.nd) {
    const n = p.nd;
    if (n.type === 135) return `ND solicitation who-has ${n.target}${n.linkAddr ? ` from ${n.linkAddr}` : ''}`;
    const flags = `${n.router ? 'R' : ''}${n.solicited ? 'S' : ''}${n.override ? 'O' : ''}` || '-';
    const isAt = n.linkAddr ? ` is-at ${n.linkAddr}` : '';
    return `ND advertisement ${n.target}${isAt} flags ${flags}${n.unsolicited ? ' [unsolicited]' : ''}`;
  }
  if (p.icmp) {
    const c = p.icmp;
    const t = (c.version === 4 ? ICMP4_TYPES : ICMP6_TYPES)[c.type] ?? `type ${c.type}`;
    const vrid = c.quotedVrid !== undefined ? ` vrid ${c.quotedVrid}` : '';
    const quoted = `VRRP ${c.quotedSrc} > ${c.quotedDst}${vrid}`;
    return `ICMP${c.version === 6 ? 'v6' : ''} ${t} code ${c.code} quoting ${quoted} (not an advertisement)`;
  }
  if (p.ip?.fragment) return 'VRRP (IP fragment, not reassembled)';
  return p.kind === 'vrrp' ? 'VRRP (undecodable)' : p.kind;
}

function vrrpText(v: VrrpInfo, p: DecodedPacket, opt: PacketRenderOptions): string {
  // Seconds for both versions, as everywhere else (the wire value is in -v and the NDJSON).
  const interval = `${Number((v.intervalCs / 100).toFixed(2))}s`;
  let s = `VRRPv${v.version}${v.type === 1 ? '' : ` type ${v.type}`} vrid ${v.vrid} prio ${v.priority} int ${interval}`;
  s += ` addrs ${v.addresses.length ? v.addresses.join(',') : '-'}`;
  if (v.addresses.length < v.count) s += ` (+${v.count - v.addresses.length} not captured)`;
  if (v.authType !== undefined) {
    s += ` auth ${AUTH_NAMES[v.authType] ?? v.authType}`;
    if (v.authType !== 0 && v.authData !== undefined) s += opt.showSecrets ? ` "${v.authData}"` : ' (hidden)';
  }
  s += ` checksum ${v.checksum}`;
  if (p.link?.src) s += ` from ${p.link.src}`;
  return s;
}
