/**
 * IP protocol 112: VRRPv2 (RFC 3768), VRRPv3 (RFC 5798, RFC 9568) and OpenBSD CARP.
 *
 *   0                   1                   2                   3
 *   |Version| Type  |    VRID      |   Priority    | Count IPvX Addr|
 *   v2: | Auth Type | Adver Int (s) |          Checksum              |
 *   v3: |Rsvd |  Max Adver Int (cs, 12 bits)  |     Checksum         |
 *   addresses (4 or 16 bytes each), then for v2 8 bytes of authentication data.
 *
 * CARP shares the first byte (version 2, type 1) but continues with advskew, authlen (always 7),
 * demotion, advbase, checksum, an 8-byte counter and a 20-byte SHA1 HMAC: 36 bytes in all. A VRRPv2
 * packet whose count field reads 7 needs 44 bytes, so "count 7 in a 36-byte message" is CARP.
 */
import { hexColon, ipv4, ipv6, safeAscii, u16 } from './bytes.js';
import { addWords, pseudoHeaderSum, verifies } from './checksum.js';
import type { IpLayer } from './decoder.js';
import type { CarpInfo, ChecksumStatus, DecodeIssue, VrrpInfo } from './types.js';

const VRRP_PROTO = 112;
const CARP_LENGTH = 36;
const CARP_AUTHLEN = 7;

/** Whether the IP protocol 112 message at b[start, end) is CARP (see above); reads nothing else. */
export function isCarp(b: Uint8Array, start: number, end: number, ip: IpLayer): boolean {
  return (
    ip.ipEnd - start === CARP_LENGTH &&
    Math.min(ip.ipEnd, end) - start >= 4 &&
    b[start] === 0x21 &&
    b[start + 3] === CARP_AUTHLEN
  );
}

/**
 * Decodes the VRRP or CARP message at b[start, end). Its length is what the IP header declares
 * (ip.ipEnd); the part of it before `end` was captured.
 */
export function decodeIp112(
  b: Uint8Array,
  start: number,
  end: number,
  issues: DecodeIssue[],
  ip: IpLayer,
  cache?: VrrpCache,
): { vrrp?: VrrpInfo; carp?: CarpInfo } {
  const length = Math.max(0, ip.ipEnd - start);
  const captured = Math.max(0, Math.min(ip.ipEnd, end) - start);
  if (isCarp(b, start, end, ip)) return { carp: decodeCarp(b, start, length, captured, issues) };
  const complete = captured === length;
  const hit = cache && complete ? cache.get(b, start, length, ip) : null;
  if (hit) return { vrrp: hit };
  const before = issues.length;
  const vrrp = decodeVrrp(b, start, length, captured, issues, ip);
  if (vrrp && cache && complete && issues.length === before) cache.put(b, start, length, ip, vrrp);
  return vrrp ? { vrrp } : {};
}

/**
 * Cache slots (a segment of a thousand routers keeps most of them cached), and the longest message
 * cached (a VRRPv2 advert with 12 addresses is 64 bytes).
 */
const SLOT_BITS = 12;
const SLOTS = 1 << SLOT_BITS;
const MESSAGE_MAX = 64;
/** Per slot: the IP source and destination (32 bytes for IPv6), then the message. */
const SLOT_BYTES = 32 + MESSAGE_MAX;

/**
 * The last decoded advert of each sender, by slot: a master sends the same advert every interval,
 * and an advert whose bytes (and addresses, which the VRRPv3 checksum covers) are those of the
 * cached one decodes to the same VrrpInfo, which is handed out again (decoded packets are read,
 * never changed). Only complete adverts that raised no issue are cached.
 */
export class VrrpCache {
  private readonly bytes = new Uint8Array(SLOTS * SLOT_BYTES);
  /** Message length per slot (-1: empty), and the IP version it came over. */
  private readonly lengths = new Int16Array(SLOTS).fill(-1);
  private readonly versions = new Uint8Array(SLOTS);
  private readonly infos: (VrrpInfo | null)[] = new Array<VrrpInfo | null>(SLOTS).fill(null);

  /** The slot of an advert: its VRID and the last two bytes of its source address, mixed. */
  private slot(b: Uint8Array, o: number, ip: IpLayer): number {
    const src = ip.ipVersion === 6 ? ip.l3 + 23 : ip.l3 + 15;
    return Math.imul((b[src - 1] << 16) | (b[src] << 8) | b[o + 1], 0x9e3779b1) >>> (32 - SLOT_BITS);
  }

  get(b: Uint8Array, o: number, length: number, ip: IpLayer): VrrpInfo | null {
    if (length > MESSAGE_MAX) return null;
    const i = this.slot(b, o, ip);
    if (this.lengths[i] !== length || this.versions[i] !== ip.ipVersion) return null;
    const c = this.bytes;
    const base = i * SLOT_BYTES;
    const addresses = ip.ipVersion === 6 ? 32 : 8;
    const from = ip.ipVersion === 6 ? ip.l3 + 8 : ip.l3 + 12;
    for (let k = 0; k < addresses; k++) if (c[base + k] !== b[from + k]) return null;
    for (let k = 0; k < length; k++) if (c[base + 32 + k] !== b[o + k]) return null;
    return this.infos[i];
  }

  put(b: Uint8Array, o: number, length: number, ip: IpLayer, info: VrrpInfo): void {
    if (length > MESSAGE_MAX) return;
    const i = this.slot(b, o, ip);
    const base = i * SLOT_BYTES;
    const addresses = ip.ipVersion === 6 ? 32 : 8;
    const from = ip.ipVersion === 6 ? ip.l3 + 8 : ip.l3 + 12;
    const c = this.bytes;
    for (let k = 0; k < addresses; k++) c[base + k] = b[from + k];
    for (let k = 0; k < length; k++) c[base + 32 + k] = b[o + k];
    this.lengths[i] = length;
    this.versions[i] = ip.ipVersion;
    this.infos[i] = info;
  }
}

function decodeVrrp(
  b: Uint8Array,
  o: number,
  length: number,
  captured: number,
  issues: DecodeIssue[],
  ip: IpLayer,
): VrrpInfo | null {
  if (captured < 8) {
    const declared = length < 8 ? `; the IP header says the message is ${length} bytes` : ' captured';
    issues.push({ code: 'vrrp.truncated', detail: `VRRP header cut short (${captured} of 8 bytes${declared})` });
    return null;
  }
  const version = b[o] >> 4;
  const type = b[o] & 0x0f;
  const count = b[o + 3];
  const v3 = version === 3;
  if (version !== 2 && version !== 3)
    issues.push({
      code: 'vrrp.bad-version',
      detail: `VRRP version ${version} (expected 2 or 3); decoded with the version 2 layout`,
    });
  if (type !== 1)
    issues.push({ code: 'vrrp.bad-type', detail: `VRRP type ${type} (only 1, ADVERTISEMENT, is defined)` });

  const family = ip.ipVersion;
  const addrLen = v3 && family === 6 ? 16 : 4;
  if (!v3 && family === 6)
    issues.push({ code: 'vrrp.v2-over-ipv6', detail: 'VRRPv2 is defined for IPv4 only (RFC 3768)' });

  const info: VrrpInfo = {
    version,
    type,
    vrid: b[o + 1],
    priority: b[o + 2],
    count,
    addresses: [],
    intervalCs: v3 ? u16(b, o + 4) & 0x0fff : b[o + 5] * 100,
    checksum: 'unverified',
    checksumValue: u16(b, o + 6),
    length,
  };
  if (!v3) info.authType = b[o + 4];

  // Addresses: as many as the header claims, within both the message and the capture. With VRRPv2
  // authentication they end where the message says its 8 bytes of authentication data begin: a
  // count larger than the message must not turn a password into addresses. (Without, they may run
  // to the end, as Wireshark reads them: some senders leave the unused auth data out.)
  const expected = 8 + count * addrLen + (v3 ? 0 : 8);
  const authAt = v3 ? -1 : o + Math.max(8, length - 8);
  const addrEnd = o + Math.min(v3 || info.authType === 0 ? length : authAt - o, captured);
  let a = o + 8;
  for (let i = 0; i < count && a + addrLen <= addrEnd; i++, a += addrLen) {
    info.addresses.push(addrLen === 4 ? ipv4(b, a) : ipv6(b, a));
  }
  if (!v3 && length >= 16 && authAt + 8 <= o + captured && (info.authType !== 0 || a <= authAt))
    info.authData = safeAscii(b, authAt, 8);

  if (length < expected) {
    issues.push({
      code: 'vrrp.bad-length',
      detail: `VRRP message is ${length} bytes but ${count} address${count === 1 ? '' : 'es'} need ${expected}`,
    });
  } else if (captured < length) {
    issues.push({
      code: 'vrrp.truncated',
      detail: `VRRP message cut short by the capture (${captured} of ${length} bytes)`,
    });
  }
  if (count === 0) issues.push({ code: 'vrrp.no-addresses', detail: 'VRRP advertisement with no virtual addresses' });
  if (captured >= length) info.checksum = checksumStatus(b, ip, o, length, v3);
  return info;
}

/** The message is b[o, o + length), all captured; v3 adds the pseudo-header, from the IP header's addresses. */
function checksumStatus(b: Uint8Array, ip: IpLayer, o: number, length: number, v3: boolean): ChecksumStatus {
  const body = addWords(b, o, o + length);
  if (!v3) return verifies(body) ? 'valid' : 'invalid';
  const l3 = ip.l3;
  const v6 = ip.ipVersion === 6;
  const addrLen = v6 ? 16 : 4;
  const src = v6 ? l3 + 8 : l3 + 12;
  const dst = v6 ? l3 + 24 : l3 + 16;
  if (verifies(body + pseudoHeaderSum(b, src, dst, addrLen, length, VRRP_PROTO))) return 'valid';
  // RFC 9568 section 2: for IPv4 the checksum may cover the VRRP message alone, as in v2.
  if (!v6 && verifies(body)) return 'valid-rfc9568';
  return 'invalid';
}

function decodeCarp(b: Uint8Array, o: number, length: number, captured: number, issues: DecodeIssue[]): CarpInfo {
  const info: CarpInfo = {
    version: b[o] >> 4,
    type: b[o] & 0x0f,
    vhid: b[o + 1],
    advskew: b[o + 2],
    authlen: b[o + 3],
    // isCarp() saw 4 bytes; the rest of the fixed part may be cut.
    demotion: captured > 4 ? b[o + 4] : 0,
    advbase: captured > 5 ? b[o + 5] : 0,
    checksum: 'unverified',
    counter: '',
  };
  if (captured >= 16) info.counter = hexColon(b, o + 8, 8).replace(/:/g, '');
  if (captured >= length) info.checksum = verifies(addWords(b, o, o + length)) ? 'valid' : 'invalid';
  else
    issues.push({
      code: 'carp.truncated',
      detail: `CARP message cut short by the capture (${captured} of ${length} bytes)`,
    });
  return info;
}
