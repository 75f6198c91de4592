/**
 * Streaming classic-pcap writer (`vrrpscope live --write FILE`).
 *
 * The file header is written when the file is opened; records are appended to a buffer that is
 * written out when it fills, every flushIntervalMs, and on close. All writes are synchronous, so
 * closeSync() can be called from a signal handler (or an 'exit' listener, which the writer installs
 * itself) and the file is complete when it returns: a capture interrupted by SIGINT or SIGTERM
 * keeps every packet written before. No fsync: the data is in the kernel, which survives the
 * process.
 *
 * Write errors (disk full, a closed pipe for `-`) never throw out of write(): the writer stops,
 * keeps the first error in `error` and reports it to onError, so a failing file cannot take the
 * capture down with it.
 */
import { writeAllSync } from '../util/output.js';
import { closeSync, openSync } from 'node:fs';
import { CaptureError } from './errors.js';

const PCAP_MAGIC_MICROS = 0xa1b2c3d4;
const PCAP_MAGIC_NANOS = 0xa1b23c4d;

export interface PcapWriterOptions {
  /** LINKTYPE_* of every record. */
  linkType: number;
  /** Snapshot length in the header; longer records are cut to it (default 262144). */
  snaplen?: number;
  /** Nanosecond timestamps (magic a1b23c4d) instead of microseconds (default false). */
  nanos?: boolean;
  /** Longest time a record waits in memory before it is written (default 1000 ms). */
  flushIntervalMs?: number;
  /** Called once with the first write error. */
  onError?: (err: CaptureError) => void;
}

/** The fields of a CapturedPacket the writer needs. */
export interface PcapRecord {
  sec: number;
  nsec: number;
  caplen: number;
  origLen: number;
  data: Uint8Array;
  offset: number;
}

const BUFFER = 256 * 1024;
const HEADER = 24;
const RECORD_HEADER = 16;

export class PcapWriter {
  /** Records written (or buffered). */
  packets = 0;
  /** The first write error, after which nothing more is written. */
  error: CaptureError | null = null;

  private buf = Buffer.allocUnsafe(BUFFER);
  private off = 0;
  private closed = false;
  private readonly snaplen: number;
  private readonly nanos: boolean;
  private readonly timer: NodeJS.Timeout;
  private readonly onExit = () => this.closeSync();

  private constructor(
    readonly path: string,
    private readonly fd: number,
    private readonly ownsFd: boolean,
    private readonly opts: PcapWriterOptions,
  ) {
    this.snaplen = opts.snaplen ?? 262144;
    this.nanos = opts.nanos ?? false;
    const h = this.buf;
    h.writeUInt32LE(this.nanos ? PCAP_MAGIC_NANOS : PCAP_MAGIC_MICROS, 0);
    h.writeUInt16LE(2, 4);
    h.writeUInt16LE(4, 6);
    h.writeInt32LE(0, 8); // thiszone
    h.writeUInt32LE(0, 12); // sigfigs
    h.writeUInt32LE(this.snaplen, 16);
    h.writeUInt32LE(opts.linkType, 20);
    this.off = HEADER;
    this.flush(); // the header now: a reader of the growing file sees a valid (empty) capture
    this.timer = setInterval(() => this.flush(), opts.flushIntervalMs ?? 1000);
    this.timer.unref();
    process.on('exit', this.onExit);
  }

  /** Creates (truncates) `path`, or writes to standard output for `-`. Throws a CaptureError when it cannot. */
  static open(path: string, opts: PcapWriterOptions): PcapWriter {
    if (!Number.isInteger(opts.linkType) || opts.linkType < 0)
      throw new CaptureError(path, `invalid link type ${opts.linkType} for a pcap file`);
    if (opts.snaplen !== undefined && !(Number.isInteger(opts.snaplen) && opts.snaplen > 0))
      throw new CaptureError(path, `invalid snaplen ${opts.snaplen}`);
    if (path === '-') return new PcapWriter(path, 1, false, opts);
    let fd: number;
    try {
      fd = openSync(path, 'w', 0o644);
    } catch (err) {
      throw new CaptureError(path, `cannot create the capture file: ${(err as Error).message}`);
    }
    return new PcapWriter(path, fd, true, opts);
  }

  /** Appends one record (a CapturedPacket will do); cut to the snaplen. */
  write(p: PcapRecord): void {
    if (this.closed || this.error) return;
    const caplen = p.caplen < this.snaplen ? p.caplen : this.snaplen;
    const need = RECORD_HEADER + caplen;
    if (this.off + need > this.buf.length) {
      this.flush();
      if (need > this.buf.length) this.buf = Buffer.allocUnsafe(need);
    }
    const b = this.buf;
    const o = this.off;
    let sec = p.sec;
    let frac = this.nanos ? p.nsec : Math.floor(p.nsec / 1000);
    if (frac < 0 || !Number.isFinite(frac)) frac = 0;
    const unit = this.nanos ? 1e9 : 1e6;
    if (frac >= unit) {
      sec += Math.floor(frac / unit);
      frac %= unit;
    }
    b.writeUInt32LE(sec >>> 0, o);
    b.writeUInt32LE(frac, o + 4);
    b.writeUInt32LE(caplen, o + 8);
    b.writeUInt32LE(Math.max(p.origLen, caplen) >>> 0, o + 12);
    b.set(p.data.subarray(p.offset, p.offset + caplen), o + RECORD_HEADER);
    this.off = o + need;
    this.packets++;
  }

  /** Writes out what is buffered. */
  flush(): void {
    if (this.error || this.off === 0) return;
    try {
      writeAllSync(this.fd, this.buf, this.off);
    } catch (err) {
      this.fail(err as Error);
      return;
    }
    this.off = 0;
  }

  /** Flushes and closes the file. Idempotent; never throws; safe in signal handlers and 'exit' listeners. */
  closeSync(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    process.removeListener('exit', this.onExit);
    this.flush();
    if (this.ownsFd) {
      try {
        closeSync(this.fd);
      } catch (err) {
        this.fail(err as Error);
      }
    }
  }

  /** closeSync() for callers that prefer a promise. */
  close(): Promise<void> {
    this.closeSync();
    return Promise.resolve();
  }

  private fail(err: Error): void {
    if (this.error) return;
    const code = (err as NodeJS.ErrnoException).code;
    this.error = new CaptureError(
      this.path,
      code === 'EPIPE' ? 'the reader of the capture stream went away' : `cannot write the capture file: ${err.message}`,
    );
    this.off = 0;
    this.opts.onError?.(this.error);
  }
}
