/**
 * `packets` for tshark users: which packets (--vrid, --router, --vlan, --from/--to), how their
 * times read (--time), every field of every layer (-v) and the bytes (-x). Strings from packet
 * bytes are terminal-safe already (dissect/bytes.ts); the hex dump shows printable ASCII only.
 */
import type { DecodedPacket } from '../dissect/types.js';
import { formatTime } from '../capture/packet.js';
import { isoTime } from '../util/time.js';

export type TimeMode = 'utc' | 'local' | 'epoch' | 'relative' | 'delta';

export interface PacketSelection {
  vrid?: number;
  /** An address: IP source (VRRP, ND), ARP sender, or MAC (link source, ARP sender). */
  router?: string;
  vlan?: number;
  from?: TimeBound;
  to?: TimeBound;
}

/** A time given on the command line: absolute (epoch seconds) or seconds after the first frame. */
export type TimeBound = { abs: number } | { rel: number };

/**
 * Parses --from/--to: "+10", "+1.5s", "+2m", "+1h" (after the first frame); epoch seconds
 * ("1795478410.5"); an ISO date-time ("2026-11-24T00:00:10Z", "2026-11-24 00:00:10", UTC unless
 * it says otherwise). Null when it is none of these.
 */
export function parseTimeBound(v: string): TimeBound | null {
  const s = v.trim();
  const rel = /^\+([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)?$/.exec(s);
  if (rel) return { rel: Number(rel[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[rel[2] ?? 's']! };
  if (/^[0-9]+(?:\.[0-9]+)?$/.test(s)) return { abs: Number(s) };
  const iso = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (iso) {
    const t = Date.parse(`${iso[1]}T${iso[2]}${iso[3] ?? 'Z'}`);
    if (Number.isFinite(t)) return { abs: t / 1000 };
  }
  return null;
}

/** Decides per packet; `first` is the first frame's time (for relative bounds). */
export function selects(p: DecodedPacket, sel: PacketSelection, first: number): boolean {
  if (sel.vrid !== undefined) {
    const id = p.vrrp?.vrid ?? p.carp?.vhid ?? p.icmp?.quotedVrid;
    if (id !== sel.vrid) return false;
  }
  if (sel.vlan !== undefined && !p.vlan.some((t) => t.id === sel.vlan)) return false;
  if (sel.router !== undefined) {
    const r = sel.router.toLowerCase();
    const own = [p.ip?.src, p.link?.src, p.arp?.senderIp, p.arp?.senderMac, p.icmp?.quotedSrc];
    if (!own.some((x) => x !== undefined && x.toLowerCase() === r)) return false;
  }
  const t = p.sec + p.nsec / 1e9;
  const bound = (b: TimeBound) => ('abs' in b ? b.abs : first + b.rel);
  if (sel.from && t < bound(sel.from)) return false;
  if (sel.to && t > bound(sel.to)) return false;
  return true;
}

/** Seconds between two timestamps as exact decimal text (nanoseconds kept). */
function diff(sec: number, nsec: number, sec0: number, nsec0: number): string {
  let ns = BigInt(sec - sec0) * 1_000_000_000n + BigInt(nsec - nsec0);
  const neg = ns < 0n;
  if (neg) ns = -ns;
  const whole = ns / 1_000_000_000n;
  const frac = String(ns % 1_000_000_000n)
    .padStart(9, '0')
    .slice(0, 6);
  return `${neg ? '-' : ''}${whole}.${frac}`;
}

/** "2026-11-24 00:00:10.123456" in the local time zone, with its offset ("+01:00"). */
function localText(sec: number, nsec: number): string | null {
  const d = new Date(sec * 1000);
  if (!Number.isFinite(d.getTime())) return null;
  const p2 = (n: number) => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const zone = `${off >= 0 ? '+' : '-'}${p2(Math.floor(Math.abs(off) / 60))}:${p2(Math.abs(off) % 60)}`;
  return (
    `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())} ` +
    `${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}.${String(Math.floor(nsec / 1000)).padStart(6, '0')}${zone}`
  );
}

/** The time column: like tshark -t ad/u/e/r/dd. `first`/`prev` are [sec, nsec] of the first frame / previous packet shown. */
export function timeColumn(
  p: Pick<DecodedPacket, 'sec' | 'nsec'>,
  mode: TimeMode,
  first: readonly [number, number],
  prev: readonly [number, number] | null,
): string {
  if (mode === 'epoch') return formatTime(p.sec, p.nsec);
  if (mode === 'relative') return diff(p.sec, p.nsec, first[0], first[1]);
  if (mode === 'delta') return prev ? diff(p.sec, p.nsec, prev[0], prev[1]) : '0.000000';
  if (mode === 'local') return localText(p.sec, p.nsec) ?? formatTime(p.sec, p.nsec);
  const iso = isoTime(p.sec);
  if (iso === null) return formatTime(p.sec, p.nsec);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${String(Math.floor(p.nsec / 1000)).padStart(6, '0')}`;
}

const AUTH: Record<number, string> = { 0: 'none', 1: 'simple-text password', 2: 'IP authentication header' };

function fieldText(v: unknown): string {
  if (Array.isArray(v)) return v.map(fieldText).join(', ') || '-';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v) ?? '-';
}

/** Every field of every layer, one per line, indented under its layer (-v). */
export function verboseLines(
  p: DecodedPacket,
  o: { showSecrets: boolean; caplen?: number; origLen?: number },
): string[] {
  const out: string[] = [];
  const layer = (name: string, fields: [string, unknown][]) => {
    out.push(`    ${name}`);
    for (const [k, v] of fields) if (v !== undefined) out.push(`        ${k}: ${fieldText(v)}`);
  };
  layer('Frame', [
    ['number', p.frame],
    ['time', formatTime(p.sec, p.nsec)],
    ['link type', p.linkType],
    ['captured length', o.caplen],
    ['length on the wire', o.origLen],
    ['pcapng section / interface', p.section || p.ifIndex ? `${p.section} / ${p.ifIndex}` : undefined],
  ]);
  for (const t of p.tunnel ?? []) layer(`Tunnel ${t.type}`, [['id', t.id]]);
  if (p.link)
    layer('Link', [
      ['source', p.link.src],
      ['destination', p.link.dst],
      ['packet type (Linux cooked)', p.link.pktType],
      ['ifindex (SLL2)', p.link.ifindex],
      ['802.3 LLC/SNAP', p.link.llcSnap],
    ]);
  for (const v of p.vlan)
    layer(`802.1Q tag`, [
      ['TPID', `0x${v.tpid.toString(16).padStart(4, '0')}`],
      ['VLAN', v.id],
      ['priority (PCP)', v.pcp],
      ['drop eligible (DEI)', v.dei],
    ]);
  if (p.ip)
    layer(`IPv${p.ip.version}`, [
      ['source', p.ip.src],
      ['destination', p.ip.dst],
      [p.ip.version === 4 ? 'TTL' : 'hop limit', p.ip.ttl],
      ['header checksum', p.ip.headerChecksum],
      ['fragment', p.ip.fragment],
      ['options length', p.ip.optionsLength],
    ]);
  const v = p.vrrp;
  if (v)
    layer(`VRRPv${v.version}`, [
      ['type', v.type === 1 ? '1 (advertisement)' : v.type],
      ['VRID', v.vrid],
      ['priority', v.priority === 0 ? '0 (the master stops)' : v.priority === 255 ? '255 (address owner)' : v.priority],
      ['address count', v.count],
      ['addresses', v.addresses],
      ['advertisement interval', `${Number((v.intervalCs / 100).toFixed(2))} s (${v.intervalCs} cs on the wire)`],
      [
        'authentication',
        v.authType === undefined ? undefined : `${AUTH[v.authType] ?? 'unknown'} (type ${v.authType})`,
      ],
      [
        'authentication data',
        v.authType && v.authData !== undefined
          ? o.showSecrets
            ? JSON.stringify(v.authData)
            : '(hidden; --show-secrets)'
          : undefined,
      ],
      ['checksum', `0x${v.checksumValue.toString(16).padStart(4, '0')} ${v.checksum}`],
      ['message length', v.length],
    ]);
  if (p.carp) layer('CARP', Object.entries(p.carp));
  if (p.arp) layer('ARP', Object.entries(p.arp));
  if (p.nd) layer(p.nd.type === 135 ? 'ND neighbor solicitation' : 'ND neighbor advertisement', Object.entries(p.nd));
  if (p.icmp) layer(`ICMP${p.icmp.version === 6 ? 'v6' : ''} error quoting VRRP`, Object.entries(p.icmp));
  if (p.issues.length)
    layer(
      'Decode problems',
      p.issues.map((i) => [i.code, i.detail]),
    );
  return out;
}

/** The bytes as tcpdump -X shows them: offset, 16 bytes in hex, printable ASCII (anything else "."). */
export function hexLines(bytes: Uint8Array): string[] {
  const out: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const row = bytes.subarray(i, i + 16);
    let hex = '';
    let text = '';
    for (let j = 0; j < 16; j++) {
      if (j < row.length) {
        hex += row[j].toString(16).padStart(2, '0') + (j % 2 ? ' ' : '');
        text += row[j] >= 0x20 && row[j] < 0x7f ? String.fromCharCode(row[j]) : '.';
      } else hex += j % 2 ? '   ' : '  ';
    }
    out.push(`    0x${i.toString(16).padStart(4, '0')}:  ${hex} ${text}`);
  }
  return out;
}
