/**
 * A single-producer, single-consumer ring of records in shared memory: how the capture thread
 * (capture-thread.ts) hands frames to the analysis thread without a message per frame or
 * a turn of either event loop. The producer writes records at its offset and publishes the new
 * offset; the consumer reads up to it and publishes its own. Each side sleeps in Atomics.wait only
 * when the ring is empty (consumer) or full (producer), and wakes the other only if it sleeps.
 *
 * Records are 8-byte aligned and never wrap: a record that does not fit before the end of the ring
 * is preceded by a WRAP marker and written at offset 0.
 *
 *   FRAME  int32 type, length, input, frame, linkType, ifIndex, section, caplen, origLen, nsec;
 *          float64 sec; int32 screen, skipped; float64 latest; then the caplen bytes of the frame,
 *          or none when the screen code says it repeats an advert the consumer keeps
 *          (CapturedPacket.screen). `skipped` frames not decoded came before it, the latest time
 *          so far `latest`: what a SKIP record with that one time would say, folded into the frame
 *          (most frames decoded follow a few that are not: half the records otherwise).
 *   SKIP   int32 type, length, frames, times; float64 times[]: frames not decoded, and the times at
 *          which the consumer must look at the clock (Pipeline.skipped).
 *   END    int32 type, length, bytes; UTF-8 JSON (the inputs' summaries).
 *   FATAL  int32 type, length, bytes; UTF-8 JSON (the error that stopped the reading).
 */
import { isRepeat, type CapturedPacket } from './packet.js';

export const enum Rec {
  Frame = 1,
  Skip = 2,
  Wrap = 3,
  End = 4,
  Fatal = 5,
}

/**
 * Control words (Int32Array indices), each on a cache line of its own: a word one side writes
 * often must not share a line with a word the other side reads often, or every access misses.
 */
const LINE = 16;
const WRITE = 0; // the producer's offset: records before it are ready
const READ = LINE; // the consumer's offset: records before it are consumed
const CONSUMER_WAITS = 2 * LINE;
const PRODUCER_WAITS = 3 * LINE;
const STOP = 4 * LINE; // the consumer wants no more
const PROGRESS_KIB = 5 * LINE; // bytes of the inputs read so far, in KiB
const WORDS = 6 * LINE;

const FRAME_HEADER = 64;
/** Frames up to this long are copied into the ring by a loop (see RingWriter.frame). */
const SMALL_FRAME = 256;
const SKIP_HEADER = 16;
const TEXT_HEADER = 12;
/** Records per publication (producer) and per release (consumer). */
const BATCH = 64;
/** How long a side sleeps before it looks again (a safety net: wake-ups are explicit). */
const WAIT_MS = 200;

const align8 = (n: number) => (n + 7) & ~7;

/** The shared memory of a ring of `bytes` bytes (a multiple of 8). */
export function ringMemory(bytes: number): SharedArrayBuffer {
  return new SharedArrayBuffer(WORDS * 4 + align8(bytes));
}

class RingView {
  protected readonly ctl: Int32Array;
  protected readonly i32: Int32Array;
  protected readonly f64: Float64Array;
  protected readonly u8: Uint8Array;
  protected readonly size: number;

  constructor(shared: SharedArrayBuffer) {
    this.ctl = new Int32Array(shared, 0, WORDS);
    this.size = shared.byteLength - WORDS * 4;
    this.i32 = new Int32Array(shared, WORDS * 4, this.size / 4);
    this.f64 = new Float64Array(shared, WORDS * 4, this.size / 8);
    this.u8 = new Uint8Array(shared, WORDS * 4, this.size);
  }
}

export class RingWriter extends RingView {
  private w = 0;
  /** The consumer's offset as last loaded: there is at least as much room as it says (loaded again when it says too little). */
  private r = 0;
  private readonly bytes: Buffer;
  private readonly encoder = new TextEncoder();

  constructor(shared: SharedArrayBuffer) {
    super(shared);
    this.bytes = Buffer.from(shared, WORDS * 4, this.size);
  }

  /** The consumer wants no more frames (only the last record, END or FATAL). */
  get stopped(): boolean {
    return Atomics.load(this.ctl, STOP) !== 0;
  }

  /**
   * Room for `n` bytes at the write offset (wrapping first if needed); false if the consumer
   * stopped (unless `last`: the final record is always written).
   */
  private reserve(n: number, last = false): boolean {
    if (n + 8 > this.size) throw new Error(`record of ${n} bytes does not fit a ring of ${this.size}`);
    for (let loaded = false; ;) {
      if (this.stopped && !last) return false;
      const r = this.r;
      // Free bytes from w on, keeping one record's gap so that a full ring never looks empty.
      if (this.w >= r) {
        // (At least 8 bytes stay free after a record: room for a WRAP marker.)
        if (this.size - this.w >= n + 8) return true;
        // Not enough room before the end: wrap, if the consumer is not at offset 0.
        if (r > 0 && r - 8 >= n) {
          this.i32[this.w >> 2] = Rec.Wrap;
          this.w = 0;
          this.flush();
          return true;
        }
      } else if (r - this.w > n + 8) return true;
      // No room as far as the producer knows: the consumer may have moved since.
      if (!loaded) {
        this.r = Atomics.load(this.ctl, READ);
        loaded = true;
        continue;
      }
      // Full: what is written is published, and the producer sleeps until the consumer moves.
      this.flush();
      Atomics.store(this.ctl, PRODUCER_WAITS, 1);
      Atomics.wait(this.ctl, READ, r, WAIT_MS);
      Atomics.store(this.ctl, PRODUCER_WAITS, 0);
      this.r = Atomics.load(this.ctl, READ);
    }
  }

  /** Records are published in batches: one atomic store, and at most one wake-up, per BATCH records. */
  private unpublished = 0;

  private publish(length: number): void {
    this.w += length;
    if (++this.unpublished >= BATCH) this.flush();
  }

  /** Makes every record written so far visible to the consumer (and wakes it if it sleeps). */
  flush(): void {
    this.unpublished = 0;
    Atomics.store(this.ctl, WRITE, this.w);
    this.wake();
  }

  private wake(): void {
    if (Atomics.load(this.ctl, CONSUMER_WAITS)) Atomics.notify(this.ctl, WRITE);
  }

  /**
   * A frame to decode, cut to `caplen` bytes, after `skipped` frames not decoded whose latest time
   * (the latest of all so far) is latest[0]; false if the consumer stopped. (The packet itself is
   * passed, not its fields, and the time in an array: a double argument to a call not inlined is
   * boxed, once per frame.)
   */
  frame(p: CapturedPacket, caplen: number, screen: number, skipped: number, latest: Float64Array): boolean {
    // A repeat goes without its bytes: the consumer keeps its advert.
    const bytes = isRepeat(screen) ? 0 : caplen;
    const length = align8(FRAME_HEADER + bytes);
    if (!this.reserve(length)) return false;
    const w = this.w;
    const i = w >> 2;
    const h = this.i32;
    h[i] = Rec.Frame;
    h[i + 1] = length;
    h[i + 2] = p.input;
    h[i + 3] = p.frame;
    h[i + 4] = p.linkType;
    h[i + 5] = p.ifIndex;
    h[i + 6] = p.section;
    h[i + 7] = caplen;
    h[i + 8] = p.origLen;
    h[i + 9] = p.nsec;
    this.f64[(w + 40) >> 3] = p.sec;
    h[i + 12] = screen;
    h[i + 13] = skipped;
    if (skipped > 0) this.f64[(w + 56) >> 3] = latest[0];
    const data = p.data;
    const offset = p.offset;
    if (bytes <= SMALL_FRAME) {
      // Byte by byte: Buffer.copy makes a view of the source per call, garbage for every frame.
      const u8 = this.u8;
      for (let k = 0, o = w + FRAME_HEADER; k < bytes; k++) u8[o + k] = data[offset + k];
    } else {
      data.copy(this.bytes, w + FRAME_HEADER, offset, offset + bytes);
    }
    this.publish(length);
    return true;
  }

  /** `frames` frames not decoded, and the clock times the consumer must see (times[0, count)). */
  skip(frames: number, times: Float64Array, count: number): boolean {
    const length = align8(SKIP_HEADER + 8 * count);
    if (!this.reserve(length)) return false;
    const w = this.w;
    const i = w >> 2;
    this.i32[i] = Rec.Skip;
    this.i32[i + 1] = length;
    this.i32[i + 2] = frames;
    this.i32[i + 3] = count;
    // A loop, not set(subarray()): a view per record would be garbage for every run of skipped frames.
    const f64 = this.f64;
    const at = (w + SKIP_HEADER) >> 3;
    for (let k = 0; k < count; k++) f64[at + k] = times[k];
    this.publish(length);
    return true;
  }

  /** The last record: END with the summaries, or FATAL with the error. */
  finish(type: Rec.End | Rec.Fatal, value: unknown): void {
    const bytes = this.encoder.encode(JSON.stringify(value));
    const length = align8(TEXT_HEADER + bytes.length);
    if (length + 8 > this.size) {
      this.finish(Rec.Fatal, { message: `capture thread: a final record of ${bytes.length} bytes does not fit` });
      return;
    }
    this.reserve(length, true);
    const w = this.w;
    this.i32[w >> 2] = type;
    this.i32[(w >> 2) + 1] = length;
    this.i32[(w >> 2) + 2] = bytes.length;
    this.u8.set(bytes, w + TEXT_HEADER);
    this.publish(length);
    this.flush();
  }

  progress(bytesRead: number): void {
    Atomics.store(this.ctl, PROGRESS_KIB, Math.min(0x7fffffff, Math.floor(bytesRead / 1024)));
  }
}

export class RingReader extends RingView {
  private r = 0;
  /** The producer's offset as last loaded (records before it are ready without another look). */
  private w = 0;
  private unreleased = 0;
  /** The consumer's offset when it last woke the producer. */
  private lastWake = 0;
  /** The record handed out last, released by the next call to next(). */
  private pending = 0;
  private readonly decoder = new TextDecoder();
  /** The ring's bytes (frames are decoded from here, in place). */
  readonly bytes: Buffer;

  constructor(shared: SharedArrayBuffer) {
    super(shared);
    this.bytes = Buffer.from(shared, WORDS * 4, this.size);
  }

  /**
   * Releases the record handed out last and waits for the next one: its type (read it with the
   * getters), or 0 if none came within a moment (the caller may look around and ask again).
   */
  next(): Rec | 0 {
    if (this.pending) {
      this.r += this.pending;
      this.pending = 0;
      if (++this.unreleased >= BATCH) this.release();
    }
    for (;;) {
      let w = this.w;
      if (w === this.r) w = this.w = Atomics.load(this.ctl, WRITE);
      if (w !== this.r) {
        const type = this.i32[this.r >> 2] as Rec;
        if (type === Rec.Wrap) {
          this.r = 0;
          this.release();
          continue;
        }
        this.pending = this.i32[(this.r >> 2) + 1];
        return type;
      }
      // Empty: everything read is the producer's again, and the consumer sleeps until it writes.
      this.release(true);
      Atomics.store(this.ctl, CONSUMER_WAITS, 1);
      const woken = Atomics.wait(this.ctl, WRITE, w, WAIT_MS);
      Atomics.store(this.ctl, CONSUMER_WAITS, 0);
      if (woken === 'timed-out') return 0;
    }
  }

  /**
   * Publishes the consumer's offset: the records before it are the producer's again. A producer
   * waiting for room is woken once a quarter of the ring is free again, or when the consumer is
   * about to sleep (`all`): not for every batch, which would wake it and put it to sleep again
   * for each.
   */
  private release(all = false): void {
    this.unreleased = 0;
    Atomics.store(this.ctl, READ, this.r);
    const freed = this.r >= this.lastWake ? this.r - this.lastWake : this.size - this.lastWake + this.r;
    if ((all || freed >= this.size / 4) && Atomics.load(this.ctl, PRODUCER_WAITS)) {
      this.lastWake = this.r;
      Atomics.notify(this.ctl, READ);
    }
  }

  /** Offset of the current record. */
  get at(): number {
    return this.r;
  }

  word(k: number): number {
    return this.i32[(this.r >> 2) + k];
  }

  /** FRAME: its seconds. */
  get sec(): number {
    return this.f64[(this.r + 40) >> 3];
  }

  /** FRAME: the frames not decoded before it (their latest time: skippedLatest). */
  get skipped(): number {
    return this.i32[(this.r >> 2) + 13];
  }

  /** FRAME with frames not decoded before it: the latest time so far when it was read. */
  get skippedLatest(): number {
    return this.f64[(this.r + 56) >> 3];
  }

  /** FRAME: where its bytes start in `bytes`. */
  get dataOffset(): number {
    return this.r + FRAME_HEADER;
  }

  /** SKIP: its i-th time. */
  time(i: number): number {
    return this.f64[((this.r + SKIP_HEADER) >> 3) + i];
  }

  /** END / FATAL: the value. */
  value(): unknown {
    const n = this.word(2);
    // The text is copied out of shared memory first (TextDecoder does not read shared buffers).
    return JSON.parse(this.decoder.decode(this.u8.slice(this.r + TEXT_HEADER, this.r + TEXT_HEADER + n)));
  }

  progressBytes(): number {
    return Atomics.load(this.ctl, PROGRESS_KIB) * 1024;
  }

  /** Something is ready to be read. */
  get ready(): boolean {
    return Atomics.load(this.ctl, WRITE) !== this.r || this.pending !== 0;
  }

  /** Tells the producer to stop passing frames (and wakes it if it waits for room). */
  stop(): void {
    Atomics.store(this.ctl, STOP, 1);
    Atomics.notify(this.ctl, READ);
  }
}
