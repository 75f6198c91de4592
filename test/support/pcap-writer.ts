// Capture file writers for tests: classic pcap and pcapng, plus helpers that
// damage a written file in controlled ways.
//
// References: draft-ietf-opsawg-pcap (classic pcap) and
// draft-ietf-opsawg-pcapng (pcapng); section numbers below are from the latter.
import { Buffer } from 'node:buffer';

export const LINKTYPE = {
  ETHERNET: 1,
  RAW: 101,
  LINUX_SLL: 113,
  LINUX_SLL2: 276,
} as const;

export interface Timestamp {
  sec: number;
  nsec: number;
}

// ---------------------------------------------------------------------------
// Endian-aware field encoders
// ---------------------------------------------------------------------------

function u16(v: number, be: boolean): Buffer {
  const b = Buffer.alloc(2);
  if (be) b.writeUInt16BE(v);
  else b.writeUInt16LE(v);
  return b;
}

function u32(v: number, be: boolean): Buffer {
  const b = Buffer.alloc(4);
  if (be) b.writeUInt32BE(v >>> 0);
  else b.writeUInt32LE(v >>> 0);
  return b;
}

function i64(v: bigint, be: boolean): Buffer {
  const b = Buffer.alloc(8);
  if (be) b.writeBigInt64BE(v);
  else b.writeBigInt64LE(v);
  return b;
}

function pad4(b: Buffer): Buffer {
  const extra = (4 - (b.length % 4)) % 4;
  return extra ? Buffer.concat([b, Buffer.alloc(extra)]) : b;
}

function checkTimestamp(ts: Timestamp): void {
  if (!Number.isInteger(ts.sec) || ts.sec < 0 || !Number.isInteger(ts.nsec) || ts.nsec < 0 || ts.nsec >= 1e9) {
    throw new Error(`bad timestamp ${JSON.stringify(ts)}`);
  }
}

// ---------------------------------------------------------------------------
// Classic pcap
// ---------------------------------------------------------------------------

export interface PcapPacket {
  ts: Timestamp;
  /** Captured bytes. */
  data: Buffer;
  /** Length on the wire; defaults to data.length. */
  origLen?: number;
}

export interface PcapOptions {
  linkType: number;
  snaplen?: number;
  /** Nanosecond timestamps (magic a1b23c4d) instead of microseconds (a1b2c3d4). */
  nanos?: boolean;
  bigEndian?: boolean;
  packets: PcapPacket[];
}

const PCAP_MAGIC_MICROS = 0xa1b2c3d4;
const PCAP_MAGIC_NANOS = 0xa1b23c4d;

export function writePcap(o: PcapOptions): Buffer {
  const be = o.bigEndian ?? false;
  const header = Buffer.concat([
    u32(o.nanos ? PCAP_MAGIC_NANOS : PCAP_MAGIC_MICROS, be),
    u16(2, be), // version 2.4
    u16(4, be),
    u32(0, be), // thiszone (reserved)
    u32(0, be), // sigfigs (reserved)
    u32(o.snaplen ?? 262144, be),
    u32(o.linkType, be),
  ]);
  const records = o.packets.map((p) => {
    checkTimestamp(p.ts);
    if (!o.nanos && p.ts.nsec % 1000 !== 0) {
      throw new Error(`timestamp ${p.ts.sec}.${p.ts.nsec} is not representable in microseconds`);
    }
    const frac = o.nanos ? p.ts.nsec : p.ts.nsec / 1000;
    return Buffer.concat([
      u32(p.ts.sec, be),
      u32(frac, be),
      u32(p.data.length, be),
      u32(p.origLen ?? p.data.length, be),
      p.data,
    ]);
  });
  return Buffer.concat([header, ...records]);
}

// ---------------------------------------------------------------------------
// pcapng
// ---------------------------------------------------------------------------

export interface PcapngInterface {
  linkType: number;
  snaplen?: number;
  /** Raw if_tsresol byte: 6 = µs (the default when absent), 9 = ns, 0x80|n = 2^-n s. Omitted when undefined. */
  tsresol?: number;
  /** if_tsoffset in seconds, added by readers to every timestamp of the interface. */
  tsoffset?: number;
  name?: string;
}

export type PcapngBlock =
  | {
      kind: 'epb';
      iface: number;
      /** Absolute capture time; the writer subtracts the interface's tsoffset. */
      ts: Timestamp;
      data: Buffer;
      origLen?: number;
      comment?: string;
    }
  | { kind: 'spb'; data: Buffer; origLen?: number }
  | { kind: 'unknown'; type: number; body: Buffer };

export interface PcapngSection {
  bigEndian?: boolean;
  interfaces: PcapngInterface[];
  blocks: PcapngBlock[];
}

const PCAPNG_BLOCK = {
  SHB: 0x0a0d0d0a,
  IDB: 0x00000001,
  SPB: 0x00000003,
  EPB: 0x00000006,
} as const;

const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

// Option codes (§3.5, §4.1, §4.2, §4.3).
const OPT_ENDOFOPT = 0;
const OPT_COMMENT = 1;
const SHB_USERAPPL = 4;
const IF_NAME = 2;
const IF_TSRESOL = 9;
const IF_TSOFFSET = 14;

/** Options list terminated by opt_endofopt; empty (no terminator) when there are none (§3.5). */
function encodeOptions(opts: Array<[number, Buffer]>, be: boolean): Buffer {
  if (opts.length === 0) return Buffer.alloc(0);
  const parts = opts.map(([code, value]) => Buffer.concat([u16(code, be), u16(value.length, be), pad4(value)]));
  return Buffer.concat([...parts, u16(OPT_ENDOFOPT, be), u16(0, be)]);
}

/** Generic block: type, total length, padded body, total length again (§3.1). */
function block(type: number, body: Buffer, be: boolean): Buffer {
  const padded = pad4(body);
  const total = 12 + padded.length;
  return Buffer.concat([u32(type, be), u32(total, be), padded, u32(total, be)]);
}

/** Timestamp units per second for a raw if_tsresol byte (§4.2). */
function tsUnitsPerSecond(tsresol = 6): bigint {
  return tsresol & 0x80 ? 1n << BigInt(tsresol & 0x7f) : 10n ** BigInt(tsresol);
}

/** The 64-bit EPB timestamp for an absolute time; throws unless it is exactly representable. */
export function toTimestampUnits(ts: Timestamp, tsresol = 6, tsoffset = 0): bigint {
  checkTimestamp(ts);
  const units = tsUnitsPerSecond(tsresol);
  const frac = BigInt(ts.nsec) * units;
  if (frac % 1_000_000_000n !== 0n) {
    throw new Error(`timestamp ${ts.sec}.${ts.nsec} is not representable with if_tsresol 0x${tsresol.toString(16)}`);
  }
  const value = (BigInt(ts.sec) - BigInt(tsoffset)) * units + frac / 1_000_000_000n;
  if (value < 0n || value >= 1n << 64n) throw new Error('timestamp out of range for the interface');
  return value;
}

function sectionHeader(be: boolean): Buffer {
  const body = Buffer.concat([
    u32(BYTE_ORDER_MAGIC, be),
    u16(1, be), // major version
    u16(0, be), // minor version
    i64(-1n, be), // section length: not specified
    encodeOptions([[SHB_USERAPPL, Buffer.from('vrrpscope test writer')]], be),
  ]);
  return block(PCAPNG_BLOCK.SHB, body, be);
}

function interfaceDescription(itf: PcapngInterface, be: boolean): Buffer {
  const opts: Array<[number, Buffer]> = [];
  if (itf.name !== undefined) opts.push([IF_NAME, Buffer.from(itf.name)]);
  if (itf.tsresol !== undefined) opts.push([IF_TSRESOL, Buffer.from([itf.tsresol])]);
  if (itf.tsoffset !== undefined) opts.push([IF_TSOFFSET, i64(BigInt(itf.tsoffset), be)]);
  const body = Buffer.concat([
    u16(itf.linkType, be),
    u16(0, be),
    u32(itf.snaplen ?? 262144, be),
    encodeOptions(opts, be),
  ]);
  return block(PCAPNG_BLOCK.IDB, body, be);
}

function packetBlock(b: PcapngBlock, interfaces: PcapngInterface[], be: boolean): Buffer {
  switch (b.kind) {
    case 'epb': {
      const itf = interfaces[b.iface];
      if (!itf) throw new Error(`EPB refers to undefined interface ${b.iface}`);
      const units = toTimestampUnits(b.ts, itf.tsresol, itf.tsoffset);
      const opts: Array<[number, Buffer]> = b.comment !== undefined ? [[OPT_COMMENT, Buffer.from(b.comment)]] : [];
      const body = Buffer.concat([
        u32(b.iface, be),
        u32(Number(units >> 32n), be), // timestamp, upper 32 bits
        u32(Number(units & 0xffffffffn), be), // timestamp, lower 32 bits
        u32(b.data.length, be),
        u32(b.origLen ?? b.data.length, be),
        pad4(b.data),
        encodeOptions(opts, be),
      ]);
      return block(PCAPNG_BLOCK.EPB, body, be);
    }
    case 'spb':
      // Captured length is implied: min(original length, snaplen of interface 0) (§4.4).
      return block(PCAPNG_BLOCK.SPB, Buffer.concat([u32(b.origLen ?? b.data.length, be), b.data]), be);
    case 'unknown':
      return block(b.type, b.body, be);
  }
}

export function writePcapng(o: { sections: PcapngSection[] }): Buffer {
  const out: Buffer[] = [];
  for (const s of o.sections) {
    const be = s.bigEndian ?? false;
    out.push(sectionHeader(be));
    for (const itf of s.interfaces) out.push(interfaceDescription(itf, be));
    for (const b of s.blocks) out.push(packetBlock(b, s.interfaces, be));
  }
  return Buffer.concat(out);
}

// ---------------------------------------------------------------------------
// Walking and damaging written files
// ---------------------------------------------------------------------------

/** The first n bytes of buf (a copy); a negative n drops -n bytes from the end. */
export function truncate(buf: Buffer, n: number): Buffer {
  return Buffer.from(buf.subarray(0, n < 0 ? Math.max(0, buf.length + n) : n));
}

export interface PcapRecordInfo {
  /** Offset of the 16-byte record header. */
  offset: number;
  inclLen: number;
  origLen: number;
}

function pcapIsBigEndian(buf: Buffer): boolean {
  const le = buf.readUInt32LE(0);
  if (le === PCAP_MAGIC_MICROS || le === PCAP_MAGIC_NANOS) return false;
  const be = buf.readUInt32BE(0);
  if (be === PCAP_MAGIC_MICROS || be === PCAP_MAGIC_NANOS) return true;
  throw new Error('not a classic pcap file');
}

/** Record headers of a classic pcap file, following incl_len; stops at the first incomplete header. */
export function pcapRecords(buf: Buffer): PcapRecordInfo[] {
  const be = pcapIsBigEndian(buf);
  const read = (off: number): number => (be ? buf.readUInt32BE(off) : buf.readUInt32LE(off));
  const out: PcapRecordInfo[] = [];
  for (let off = 24; off + 16 <= buf.length;) {
    const inclLen = read(off + 8);
    out.push({ offset: off, inclLen, origLen: read(off + 12) });
    off += 16 + inclLen;
  }
  return out;
}

/** A copy of a classic pcap file with record k's incl_len (or orig_len) set to value. */
export function setPcapRecordLength(buf: Buffer, k: number, value: number, field: 'incl' | 'orig' = 'incl'): Buffer {
  const rec = pcapRecords(buf)[k];
  if (!rec) throw new Error(`no record ${k}`);
  const out = Buffer.from(buf);
  const at = rec.offset + (field === 'incl' ? 8 : 12);
  if (pcapIsBigEndian(buf)) out.writeUInt32BE(value >>> 0, at);
  else out.writeUInt32LE(value >>> 0, at);
  return out;
}

export interface PcapngBlockInfo {
  offset: number;
  type: number;
  totalLength: number;
  bigEndian: boolean;
}

/** Blocks of a pcapng file across all sections, following the leading total lengths. */
export function pcapngBlocks(buf: Buffer): PcapngBlockInfo[] {
  const out: PcapngBlockInfo[] = [];
  let be = false;
  for (let off = 0; off + 12 <= buf.length;) {
    if (buf.readUInt32LE(off) === PCAPNG_BLOCK.SHB) {
      // The SHB type is a palindrome; its byte-order magic sets the section's endianness.
      be = buf.readUInt32BE(off + 8) === BYTE_ORDER_MAGIC;
    }
    const type = be ? buf.readUInt32BE(off) : buf.readUInt32LE(off);
    const totalLength = be ? buf.readUInt32BE(off + 4) : buf.readUInt32LE(off + 4);
    out.push({ offset: off, type, totalLength, bigEndian: be });
    if (totalLength < 12) break;
    off += totalLength;
  }
  return out;
}

/** A copy of a pcapng file with block k's leading and/or trailing total length set to value. */
export function setPcapngBlockLength(
  buf: Buffer,
  k: number,
  value: number,
  which: 'leading' | 'trailing' | 'both' = 'leading',
): Buffer {
  const blk = pcapngBlocks(buf)[k];
  if (!blk) throw new Error(`no block ${k}`);
  const out = Buffer.from(buf);
  const write = (at: number): void => {
    if (blk.bigEndian) out.writeUInt32BE(value >>> 0, at);
    else out.writeUInt32LE(value >>> 0, at);
  };
  if (which !== 'trailing') write(blk.offset + 4);
  if (which !== 'leading') write(blk.offset + blk.totalLength - 4);
  return out;
}
