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
import {
  BT_EPB,
  BT_IDB,
  BT_PB,
  BT_SPB,
  describeInterface,
  packetBlock,
  PCAPNG_BOM,
  PCAPNG_SHB,
  type Fail,
  type PacketFields,
  type PcapngInterface,
} from './pcapng.js';
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

  /** The byte order of the file (classic pcap) or of the current section (pcapng). */
  private le = true;
  // classic pcap
  private pcapLinkType = 0;
  private pcapNsMul = 1000;
  private pcapMaxCaplen = PCAP_MAX_CAPLEN;
  /** Classic pcap has one link type: its frames are counted here and folded into linkTypes at the end. */
  private pcapFrames = 0;

  // pcapng
  private interfaces: PcapngInterface[] = [];
  /** The fields of the latest packet block. */
  private readonly fields: PacketFields = { ifIndex: 0, offset: 0, caplen: 0, origLen: 0 };
  /** A block that cannot be read, at a position in the window. */
  private readonly failBlock: Fail = (detail, at) => this.fail(detail, this.base + at);
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

  // Byte arithmetic, not Buffer's readUInt*: those validate their offset through a wrapped
  // function on every call, three calls per record header.
  private u16(o: number): number {
    const b = this.buf;
    return this.le ? b[o] | (b[o + 1] << 8) : (b[o] << 8) | b[o + 1];
  }

  private u32(o: number): number {
    const b = this.buf;
    return this.le
      ? (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0
      : ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
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
        case BT_SPB:
        case BT_PB: {
          const f = this.fields;
          const iface = packetBlock(type, b, this.le, pos, len, this.interfaces, f, this.packet, this.failBlock);
          return this.emit(iface, f.ifIndex, f.offset, f.caplen, f.origLen);
        }
        case BT_IDB:
          this.interfaces.push(describeInterface(b, this.le, pos, len, this.failBlock));
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

  private emit(iface: PcapngInterface, ifIndex: number, offset: number, caplen: number, origLen: number): Step {
    const p = this.packet;
    p.caplen = caplen;
    p.origLen = origLen;
    p.offset = offset;
    p.linkType = iface.linkType;
    p.ifIndex = ifIndex;
    p.section = this.section;
    p.frame = ++this.packets;
    this.countLinkType(iface.linkType);
    return Step.Packet;
  }
}
