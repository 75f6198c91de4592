/**
 * What the pcapng blocks say, apart from their framing (which reader.ts does in its window): the
 * block types, an interface description's link type, snap length and timestamp options, and a
 * packet block's fields, with its 64-bit tick count as seconds and nanoseconds. Nothing here
 * allocates per packet; a block that cannot be read goes to the reader's `fail`.
 */

export const PCAPNG_SHB = 0x0a0d0d0a;
export const PCAPNG_BOM = 0x1a2b3c4d;

export const BT_IDB = 1;
export const BT_PB = 2;
export const BT_SPB = 3;
export const BT_EPB = 6;

/** An interface of the current section (an Interface Description Block). */
export interface PcapngInterface {
  linkType: number;
  snaplen: number;
  /** Timestamp ticks per second. */
  units: number;
  /** When units divides 1e9: nanoseconds per tick (exact); otherwise 0. */
  nsPerUnit: number;
  /** When units is 10^k with k > 9: ticks per nanosecond (exact division); otherwise 0. */
  unitsPerNs: number;
  /** if_tsoffset: seconds added to every timestamp. */
  tsOffset: number;
}

/** Reports a block that cannot be read: what is wrong, and where in the buffer (a CaptureError's offset). */
export type Fail = (detail: string, at: number) => never;

/** A packet block's fields (one object, refilled for every block). */
export interface PacketFields {
  ifIndex: number;
  /** Where the frame's bytes start in the buffer. */
  offset: number;
  caplen: number;
  origLen: number;
}

const u16 = (b: Buffer, le: boolean, o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
const u32 = (b: Buffer, le: boolean, o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));

/**
 * The Interface Description Block at b[pos, pos + len), in byte order `le`.
 */
export function describeInterface(b: Buffer, le: boolean, pos: number, len: number, fail: Fail): PcapngInterface {
  if (len < 20) fail(`pcapng interface description block too short (${len} bytes)`, pos);
  const iface: PcapngInterface = {
    linkType: u16(b, le, pos + 8),
    snaplen: u32(b, le, pos + 12),
    units: 1e6,
    nsPerUnit: 1000,
    unitsPerNs: 0,
    tsOffset: 0,
  };
  // Options: code(2) length(2) value padded to 4, ending at opt_endofopt or the block's end.
  let o = pos + 16;
  const end = pos + len - 4;
  while (o + 4 <= end) {
    const code = u16(b, le, o);
    const olen = u16(b, le, o + 2);
    const at = o + 4;
    if (code === 0 || at + olen > end) break;
    if (code === 9 && olen >= 1) {
      const r = b[at];
      const exp = r & 0x7f;
      if (r & 0x80) {
        iface.units = 2 ** exp;
        iface.nsPerUnit = 0;
        iface.unitsPerNs = 0;
      } else {
        iface.units = 10 ** exp;
        iface.nsPerUnit = exp <= 9 ? 10 ** (9 - exp) : 0;
        iface.unitsPerNs = exp > 9 ? 10 ** (exp - 9) : 0;
      }
      if (!(iface.units >= 1 && Number.isFinite(iface.units)))
        fail(`pcapng interface has an invalid if_tsresol (0x${r.toString(16)})`, o);
    } else if (code === 14 && olen >= 8) {
      const hi = u32(b, le, le ? at + 4 : at) | 0; // signed 64-bit seconds
      const lo = u32(b, le, le ? at : at + 4);
      iface.tsOffset = hi * 4294967296 + lo;
    }
    o = at + ((olen + 3) & ~3);
  }
  return iface;
}

/**
 * The packet block of `type` (BT_EPB, BT_PB or BT_SPB) at b[pos, pos + len), in byte order `le`:
 * its fields into `out`, its time into `time` (a simple packet block has none: 0), and its
 * interface returned.
 */
export function packetBlock(
  type: number,
  b: Buffer,
  le: boolean,
  pos: number,
  len: number,
  interfaces: readonly PcapngInterface[],
  out: PacketFields,
  time: { sec: number; nsec: number },
  fail: Fail,
): PcapngInterface {
  if (type === BT_SPB) {
    if (len < 16) fail(`pcapng simple packet block too short (${len} bytes)`, pos);
    const iface = interfaces[0];
    if (!iface) fail('pcapng simple packet block before any interface description', pos);
    out.ifIndex = 0;
    out.offset = pos + 12;
    out.origLen = u32(b, le, pos + 8);
    out.caplen = Math.min(out.origLen, len - 16);
    if (iface.snaplen > 0) out.caplen = Math.min(out.caplen, iface.snaplen);
    // A simple packet block has no timestamp (pcapng spec 4.4).
    time.sec = 0;
    time.nsec = 0;
    return iface;
  }
  const what = type === BT_EPB ? 'enhanced packet block' : 'packet block';
  if (len < 32) fail(`pcapng ${what} too short (${len} bytes)`, pos);
  // The obsolete packet block has a 16-bit interface id (and a 16-bit drops count after it).
  const ifIndex = type === BT_EPB ? u32(b, le, pos + 8) : u16(b, le, pos + 8);
  const caplen = u32(b, le, pos + 20);
  if (caplen > len - 32) fail(`pcapng ${what}: captured length ${caplen} does not fit in block of ${len} bytes`, pos);
  const iface = interfaces[ifIndex];
  if (!iface) fail(`pcapng packet refers to interface ${ifIndex}, which was not described`, pos);
  out.ifIndex = ifIndex;
  out.offset = pos + 28;
  out.caplen = caplen;
  out.origLen = u32(b, le, pos + 24);
  splitTimestamp(iface, u32(b, le, pos + 12), u32(b, le, pos + 16), time);
  return iface;
}

/**
 * Splits a 64-bit tick count (hi:lo) of `iface` into `out`'s seconds and nanoseconds, without
 * loss or allocation.
 */
function splitTimestamp(iface: PcapngInterface, hi: number, lo: number, out: { sec: number; nsec: number }): void {
  const U = iface.units;
  let sec: number;
  let rem: number;
  if (hi < 0x200000) {
    // hi * 2^32 + lo < 2^53: exact as a double.
    const v = hi * 4294967296 + lo;
    sec = Math.floor(v / U);
    rem = v - sec * U;
  } else if (U <= 2 ** 36) {
    // Long division in base 2^16: every intermediate stays below 2^53.
    let cur = hi >>> 16;
    let q = Math.floor(cur / U);
    let r = cur - q * U;
    cur = r * 65536 + (hi & 0xffff);
    let d = Math.floor(cur / U);
    r = cur - d * U;
    q = q * 65536 + d;
    cur = r * 65536 + (lo >>> 16);
    d = Math.floor(cur / U);
    r = cur - d * U;
    q = q * 65536 + d;
    cur = r * 65536 + (lo & 0xffff);
    d = Math.floor(cur / U);
    r = cur - d * U;
    q = q * 65536 + d;
    sec = q;
    rem = r;
  } else {
    // Resolutions finer than ~15 ps: rare enough to take the BigInt path.
    const v = (BigInt(hi) << 32n) | BigInt(lo);
    const bu = BigInt(U);
    sec = Number(v / bu);
    rem = Number(v % bu);
  }
  out.sec = sec + iface.tsOffset;
  // rem < U: exact for decimal resolutions; power-of-two ones round down to the nanosecond.
  out.nsec = iface.nsPerUnit
    ? rem * iface.nsPerUnit
    : iface.unitsPerNs
      ? Math.floor(rem / iface.unitsPerNs)
      : Math.floor((rem * 1e9) / U);
}
