/**
 * Streaming reader for classic pcap and pcapng.
 *
 * One reusable window buffer per input; records are parsed in place and handed out as a reused
 * CapturedPacket that points into the window. Nothing is allocated per packet. The window only grows
 * when a single record is larger than it, and never beyond MAX_RECORD: a length field past that
 * bound is a CaptureError naming the offset, never an allocation of the claimed size.
 *
 * Damage handling follows "nothing lost": every complete record before a problem is delivered first.
 * A file that ends inside a record yields a warning naming the offset; a structurally impossible
 * record (insane length, bad block trailer) ends that input with a CaptureError naming the offset.
 */
import { CaptureError, type CaptureWarning } from './errors.js';
import { blankPacket, type CapturedPacket } from './packet.js';
import type { ByteSource } from './source.js';

export const enum Step {
  Packet = 0,
  NeedMore = 1,
  End = 2,
}

export type CaptureFormat = 'pcap' | 'pcap-ns' | 'pcapng';

/** Largest single record accepted (libpcap caps snaplen at 256 KiB; pcapng blocks get more slack). */
const MAX_RECORD = 16 * 1024 * 1024;
/** Classic pcap: libpcap's MAXIMUM_SNAPLEN; a record may exceed it only if the header's snaplen does. */
const PCAP_MAX_CAPLEN = 262144;

const INITIAL_WINDOW = 1 << 20;
const READ_CHUNK = 1 << 20;

const PCAP_MAGIC_US = 0xa1b2c3d4;
const PCAP_MAGIC_NS = 0xa1b23c4d;
const PCAPNG_SHB = 0x0a0d0d0a;
const PCAPNG_BOM = 0x1a2b3c4d;

const BT_IDB = 1;
const BT_PB = 2;
const BT_SPB = 3;
const BT_EPB = 6;

interface Interface {
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

export class CaptureReader {
  format: CaptureFormat | null = null;
  readonly packet: CapturedPacket;
  readonly warnings: CaptureWarning[] = [];
  private readonly ngLinkTypes = new Map<number, number>();
  packets = 0;

  private buf: Buffer;
  /** Parse position and end of valid data in buf. */
  private pos = 0;
  private end = 0;
  /** File offset of buf[0]. */
  private base = 0;
  /** Bytes needed at pos before parsing can continue (set when returning NeedMore). */
  private need = 0;
  private eof = false;
  private done = false;

  // classic pcap
  private le = true;
  private pcapLinkType = 0;
  private pcapNsMul = 1000;
  private pcapMaxCaplen = PCAP_MAX_CAPLEN;
  /** Classic pcap has one link type: its frames are counted here and folded into linkTypes at the end. */
  private pcapFrames = 0;

  // pcapng
  private interfaces: Interface[] = [];
  private section = -1;

  /** `window`: the initial window (it grows for records larger than it); smaller when many inputs are merged. */
  constructor(
    readonly source: ByteSource,
    readonly input: number,
    window = INITIAL_WINDOW,
  ) {
    this.buf = Buffer.allocUnsafe(window);
    this.packet = blankPacket(this.buf, input);
  }

  get name(): string {
    return this.source.name;
  }

  /** File offset of the next unparsed byte. */
  get offset(): number {
    return this.base + this.pos;
  }

  /** Bytes read from the source so far. */
  get bytesRead(): number {
    return this.base + this.end;
  }

  /**
   * Parses the next record. Packet: this.packet holds it. NeedMore: call fill() (and await it if
   * it returns a promise) and then next() again. End: the input is exhausted.
   */
  next(): Step {
    if (this.done) return Step.End;
    if (this.format === null) return this.readHeader();
    if (this.format === 'pcapng') return this.nextBlock();
    return this.nextPcapRecord();
  }

  /** Reads more bytes into the window. Returns a promise only when the source does. */
  fill(): void | Promise<void> {
    this.compact();
    if (this.need > this.buf.length) this.grow(this.need);
    const n = this.source.read(this.buf, this.end, Math.min(READ_CHUNK, this.buf.length - this.end));
    if (typeof n === 'number') {
      this.filled(n);
      return;
    }
    return n.then((k) => this.filled(k));
  }

  private filled(n: number): void {
    if (n === 0) this.eof = true;
    this.end += n;
  }

  private compact(): void {
    if (this.pos === 0) return;
    if (this.end > this.pos) this.buf.copy(this.buf, 0, this.pos, this.end);
    this.base += this.pos;
    this.end -= this.pos;
    this.pos = 0;
  }

  private grow(min: number): void {
    let size = this.buf.length;
    while (size < min) size *= 2;
    const next = Buffer.allocUnsafe(Math.min(size, MAX_RECORD + 64));
    this.buf.copy(next, 0, 0, this.end);
    this.buf = next;
    this.packet.data = next;
  }

  /** Asks for `n` bytes at pos; at end of input, finishes with a truncation warning instead. */
  private needMore(n: number, what: string): Step {
    if (!this.eof) {
      this.need = n;
      return Step.NeedMore;
    }
    const have = this.end - this.pos;
    if (have > 0) {
      const cut = `is cut short (${have} of ${n} bytes present)`;
      this.warnings.push({
        input: this.name,
        offset: this.offset,
        message: `file is truncated: ${what} at byte offset ${this.offset} ${cut}`,
      });
    }
    this.done = true;
    return Step.End;
  }

  private fail(detail: string, offset = this.offset): never {
    this.done = true;
    throw new CaptureError(this.name, detail, offset);
  }

  private u16(o: number): number {
    return this.le ? this.buf.readUInt16LE(o) : this.buf.readUInt16BE(o);
  }

  private u32(o: number): number {
    return this.le ? this.buf.readUInt32LE(o) : this.buf.readUInt32BE(o);
  }

  // ---- file header / format detection ----

  private readHeader(): Step {
    const have = this.end - this.pos;
    if (have < 4) {
      if (!this.eof) return this.needMore(4, 'file header');
      this.done = true;
      if (have === 0 && this.base === 0) throw new CaptureError(this.name, 'empty file, not a capture');
      throw new CaptureError(this.name, `not a capture file (only ${have} bytes)`);
    }
    const b = this.buf;
    const be = b.readUInt32BE(this.pos);
    const le = b.readUInt32LE(this.pos);
    if (be === PCAPNG_SHB) {
      this.format = 'pcapng';
      return this.nextBlock();
    }
    if (be === PCAP_MAGIC_US || le === PCAP_MAGIC_US || be === PCAP_MAGIC_NS || le === PCAP_MAGIC_NS) {
      if (have < 24) {
        if (!this.eof) return this.needMore(24, 'pcap file header');
        this.fail('truncated pcap file header', 0);
      }
      this.le = le === PCAP_MAGIC_US || le === PCAP_MAGIC_NS;
      const ns = (this.le ? le : be) === PCAP_MAGIC_NS;
      this.format = ns ? 'pcap-ns' : 'pcap';
      this.pcapNsMul = ns ? 1 : 1000;
      const major = this.u16(this.pos + 4);
      if (major !== 2) this.fail(`unsupported pcap version ${major}.${this.u16(this.pos + 6)}`, 4);
      const snaplen = this.u32(this.pos + 16);
      this.pcapMaxCaplen = Math.min(Math.max(snaplen, PCAP_MAX_CAPLEN), MAX_RECORD);
      // The link-type field carries FCS information in its upper bits (linktypes.html): keep the type.
      this.pcapLinkType = this.u32(this.pos + 20) & 0xffff;
      this.pos += 24;
      return this.nextPcapRecord();
    }
    throw this.notCapture(be);
  }

  private notCapture(magic: number): CaptureError {
    this.done = true;
    const hex = magic.toString(16).padStart(8, '0');
    let hint = 'expected pcap or pcapng';
    if (magic >>> 16 === 0x1f8b) hint = 'it is gzip-compressed: decompress it first (gunzip)';
    else if (magic >>> 8 === 0x425a68) hint = 'it is bzip2-compressed: decompress it first';
    else if (magic === 0xa1b2cd34) hint = 'a modified (Kuznetzov) pcap: convert it with editcap first';
    else if (magic >>> 24 === 0x7b || magic >>> 24 === 0x3c || magic >>> 24 === 0x23) hint = 'it looks like text';
    return new CaptureError(this.name, `not a capture file (magic 0x${hex}; ${hint})`, 0);
  }

  // ---- classic pcap ----

  private nextPcapRecord(): Step {
    const pos = this.pos;
    if (this.end - pos < 16) {
      if (this.eof && this.end === pos) {
        this.done = true;
        return Step.End;
      }
      return this.needMore(16, `record header of frame ${this.packets + 1}`);
    }
    const b = this.buf;
    // The hottest line of the reader: plain byte arithmetic, no method call per field.
    const caplen = this.le
      ? (b[pos + 8] | (b[pos + 9] << 8) | (b[pos + 10] << 16) | (b[pos + 11] << 24)) >>> 0
      : ((b[pos + 8] << 24) | (b[pos + 9] << 16) | (b[pos + 10] << 8) | b[pos + 11]) >>> 0;
    if (caplen > this.pcapMaxCaplen) {
      this.fail(
        `frame ${this.packets + 1}: record length ${caplen} exceeds the maximum of ${this.pcapMaxCaplen} bytes ` +
          '(corrupt record header)',
      );
    }
    const total = 16 + caplen;
    if (this.end - pos < total) return this.needMore(total, `frame ${this.packets + 1}`);

    const p = this.packet;
    const frac = this.u32(pos + 4);
    let sec = this.u32(pos);
    p.origLen = this.u32(pos + 12);
    let nsec = frac * this.pcapNsMul;
    if (nsec >= 1e9) {
      // Out-of-range fraction (seen in fuzzed files): carry it rather than print nonsense.
      sec += Math.floor(nsec / 1e9);
      nsec %= 1e9;
    }
    p.sec = sec;
    p.nsec = nsec;
    p.caplen = caplen;
    p.linkType = this.pcapLinkType;
    p.offset = pos + 16;
    p.frame = ++this.packets;
    this.pcapFrames++;
    this.pos = pos + total;
    return Step.Packet;
  }

  /** Link types seen, with their frame counts. */
  get linkTypes(): Map<number, number> {
    const m = new Map(this.ngLinkTypes);
    if (this.pcapFrames > 0) m.set(this.pcapLinkType, this.pcapFrames);
    return m;
  }

  private countLinkType(lt: number): void {
    this.ngLinkTypes.set(lt, (this.ngLinkTypes.get(lt) ?? 0) + 1);
  }

  // ---- pcapng ----

  private nextBlock(): Step {
    for (;;) {
      const pos = this.pos;
      const have = this.end - pos;
      if (have < 12) {
        if (this.eof && have === 0) {
          this.done = true;
          return Step.End;
        }
        return this.needMore(12, 'block header');
      }
      const b = this.buf;
      const rawType = b.readUInt32BE(pos);
      let type: number;
      if (rawType === PCAPNG_SHB) {
        // The section's byte order is announced by the magic at +8.
        const bom = b.readUInt32BE(pos + 8);
        if (bom === PCAPNG_BOM) this.le = false;
        else if (b.readUInt32LE(pos + 8) === PCAPNG_BOM) this.le = true;
        else this.fail('bad pcapng section header (byte-order magic missing)');
        type = PCAPNG_SHB;
      } else {
        if (this.section < 0) this.fail('pcapng file does not start with a section header block');
        type = this.u32(pos);
      }
      const len = this.u32(pos + 4);
      if (len < 12 || len % 4 !== 0) {
        this.fail(`pcapng block length ${len} is invalid (must be a multiple of 4, at least 12)`);
      }
      if (len > MAX_RECORD) {
        this.fail(`pcapng block length ${len} exceeds the maximum of ${MAX_RECORD} bytes (corrupt block header)`);
      }
      if (have < len) return this.needMore(len, `pcapng block (type ${type})`);
      if (this.u32(pos + len - 4) !== len) {
        this.fail(`pcapng block (type ${type}) has a trailing length that does not match its length ${len}`);
      }
      this.pos = pos + len;
      switch (type) {
        case BT_EPB:
          if (this.enhancedPacket(pos, len)) return Step.Packet;
          break;
        case BT_SPB:
          if (this.simplePacket(pos, len)) return Step.Packet;
          break;
        case BT_PB:
          if (this.obsoletePacket(pos, len)) return Step.Packet;
          break;
        case BT_IDB:
          this.interfaceDescription(pos, len);
          break;
        case PCAPNG_SHB:
          this.sectionHeader(pos, len);
          break;
        default:
        // Name resolution, statistics, custom and unknown blocks: skipped by their length.
      }
    }
  }

  private sectionHeader(pos: number, len: number): void {
    if (len < 28) this.fail(`pcapng section header block too short (${len} bytes)`, this.base + pos);
    const major = this.u16(pos + 12);
    if (major !== 1) this.fail(`unsupported pcapng version ${major}.${this.u16(pos + 14)}`, this.base + pos);
    this.section++;
    this.interfaces = [];
  }

  private interfaceDescription(pos: number, len: number): void {
    if (len < 20) this.fail(`pcapng interface description block too short (${len} bytes)`, this.base + pos);
    const iface: Interface = {
      linkType: this.u16(pos + 8),
      snaplen: this.u32(pos + 12),
      units: 1e6,
      nsPerUnit: 1000,
      unitsPerNs: 0,
      tsOffset: 0,
    };
    // Options: code(2) length(2) value padded to 4, ending at opt_endofopt or the block's end.
    let o = pos + 16;
    const end = pos + len - 4;
    while (o + 4 <= end) {
      const code = this.u16(o);
      const olen = this.u16(o + 2);
      const v = o + 4;
      if (code === 0 || v + olen > end) break;
      if (code === 9 && olen >= 1) {
        const r = this.buf[v];
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
          this.fail(`pcapng interface has an invalid if_tsresol (0x${r.toString(16)})`, this.base + o);
      } else if (code === 14 && olen >= 8) {
        const hi = this.u32(this.le ? v + 4 : v) | 0; // signed 64-bit seconds
        const lo = this.u32(this.le ? v : v + 4);
        iface.tsOffset = hi * 4294967296 + lo;
      }
      o = v + ((olen + 3) & ~3);
    }
    this.interfaces.push(iface);
  }

  private enhancedPacket(pos: number, len: number): boolean {
    if (len < 32) this.fail(`pcapng enhanced packet block too short (${len} bytes)`, this.base + pos);
    const ifIndex = this.u32(pos + 8);
    const caplen = this.u32(pos + 20);
    if (caplen > len - 32) {
      this.fail(
        `pcapng enhanced packet block: captured length ${caplen} does not fit in block of ${len} bytes`,
        this.base + pos,
      );
    }
    const iface = this.interfaces[ifIndex];
    if (!iface) this.fail(`pcapng packet refers to interface ${ifIndex}, which was not described`, this.base + pos);
    this.setTimestamp(iface, this.u32(pos + 12), this.u32(pos + 16));
    return this.emit(iface, ifIndex, pos + 28, caplen, this.u32(pos + 24));
  }

  private obsoletePacket(pos: number, len: number): boolean {
    if (len < 32) this.fail(`pcapng packet block too short (${len} bytes)`, this.base + pos);
    const ifIndex = this.u16(pos + 8);
    const caplen = this.u32(pos + 20);
    if (caplen > len - 32)
      this.fail(
        `pcapng packet block: captured length ${caplen} does not fit in block of ${len} bytes`,
        this.base + pos,
      );
    const iface = this.interfaces[ifIndex];
    if (!iface) this.fail(`pcapng packet refers to interface ${ifIndex}, which was not described`, this.base + pos);
    this.setTimestamp(iface, this.u32(pos + 12), this.u32(pos + 16));
    return this.emit(iface, ifIndex, pos + 28, caplen, this.u32(pos + 24));
  }

  private simplePacket(pos: number, len: number): boolean {
    if (len < 16) this.fail(`pcapng simple packet block too short (${len} bytes)`, this.base + pos);
    const iface = this.interfaces[0];
    if (!iface) this.fail('pcapng simple packet block before any interface description', this.base + pos);
    const origLen = this.u32(pos + 8);
    let caplen = Math.min(origLen, len - 16);
    if (iface.snaplen > 0) caplen = Math.min(caplen, iface.snaplen);
    // A simple packet block has no timestamp (pcapng spec 4.4).
    this.packet.sec = 0;
    this.packet.nsec = 0;
    return this.emit(iface, 0, pos + 12, caplen, origLen);
  }

  private emit(iface: Interface, ifIndex: number, offset: number, caplen: number, origLen: number): boolean {
    const p = this.packet;
    p.caplen = caplen;
    p.origLen = origLen;
    p.offset = offset;
    p.linkType = iface.linkType;
    p.ifIndex = ifIndex;
    p.section = this.section;
    p.frame = ++this.packets;
    this.countLinkType(iface.linkType);
    return true;
  }

  /** Splits a 64-bit tick count (hi:lo) into seconds and nanoseconds without loss or allocation. */
  private setTimestamp(iface: Interface, hi: number, lo: number): void {
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
    this.packet.sec = sec + iface.tsOffset;
    // rem < U: exact for decimal resolutions; power-of-two ones round down to the nanosecond.
    this.packet.nsec = iface.nsPerUnit
      ? rem * iface.nsPerUnit
      : iface.unitsPerNs
        ? Math.floor(rem / iface.unitsPerNs)
        : Math.floor((rem * 1e9) / U);
  }
}
