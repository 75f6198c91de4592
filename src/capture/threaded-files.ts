/**
 * Capture files read on a second thread: the capture thread (capture-thread.ts) reads, merges and
 * sorts the frames, and passes on through a shared ring (frame-ring.ts) only those the dissector
 * decodes, with the number of the others and the clock times they carry. The analysis thread then
 * spends its time on analysis: on the benchmark, 7 frames in 10 are never looked at there, and of
 * the rest the repeated adverts (2 in 3) are found repeated by the capture thread, which passes
 * them on without their bytes (Dissector.screen).
 *
 * The same frames, in the same order, with the same summaries as CaptureFiles: the analysis of a
 * file does not depend on which of the two read it (test/unit/threaded-files.test.ts).
 * Frames are decoded in place in the ring, valid until the next one is asked for, like a reader's.
 */
import { CAPTURE_THREAD, startCaptureThread, takeEarly } from './early-thread.js';
import { CaptureError, type CaptureWarning } from './errors.js';
import { Rec, RingReader, ringMemory } from './frame-ring.js';
import type { InputSummary, PacketHandler } from './inputs.js';
import type { CaptureFormat } from './reader.js';
import { blankPacket } from './packet.js';
import { CaptureFiles, type PacketSource, type SkipHandler } from './packet-source.js';

/** The ring (the memory both threads share). */
const RING_BYTES = 1 << 20;
/**
 * Frames longer than this are cut in the ring. The dissector reads headers only: an IP packet
 * ends within 64 KiB, an ARP message within 1 KiB, so nothing it reads lies beyond this.
 */
const FRAME_BYTES = 256 << 10;
/** Records between progress reports. */
const PROGRESS_EVERY = 4096;

export type SerializedError = { input: string; detail: string; offset?: number } | { message: string };

export interface SerializedSummary {
  name: string;
  format: CaptureFormat | null;
  packets: number;
  linkTypes: [number, number][];
  warnings: CaptureWarning[];
  error?: SerializedError;
  first?: number;
  last?: number;
}

function deserializeError(e: SerializedError): Error {
  return 'input' in e ? new CaptureError(e.input, e.detail, e.offset) : new Error(e.message);
}

export class ThreadedCaptureFiles implements PacketSource {
  readonly linkType = null;
  readonly warnings: readonly string[] = [];
  private stopped = false;
  private received = 0;

  /**
   * `clockStep`: frames not decoded that end a silence of at least this many seconds are passed as
   * clock times. `ringBytes`: the shared ring (tests make it small; frames are cut to fit a quarter).
   */
  constructor(
    readonly names: readonly string[],
    private readonly clockStep: number,
    private readonly ringBytes = RING_BYTES,
    /** The capture thread's module (tests name one that cannot start). */
    private readonly workerUrl = CAPTURE_THREAD,
  ) {}

  async run(
    onPacket: PacketHandler,
    onProgress?: (bytesRead: number) => void,
    onSkipped?: SkipHandler,
  ): Promise<InputSummary[]> {
    const shared = ringMemory(this.ringBytes);
    const ring = new RingReader(shared);
    const frameBytes = Math.min(FRAME_BYTES, Math.floor(this.ringBytes / 4));
    const job = { names: [...this.names], shared, clockStep: this.clockStep, frameBytes };
    // The thread started with the process (early-thread.ts) if there is one, given its job now.
    let thread = this.workerUrl === CAPTURE_THREAD ? takeEarly() : null;
    if (thread) {
      thread.worker.ref();
      thread.worker.postMessage(job);
    } else {
      try {
        thread = startCaptureThread(this.workerUrl, job);
      } catch {
        return this.readHere(onPacket, onProgress);
      }
    }
    const worker = thread.worker;
    const packet = blankPacket(ring.bytes, 0);
    const times = new Float64Array(256);
    /** Whether any record came: a thread that fails before the first leaves the reading to this one. */
    let started = false;
    try {
      for (let n = 1; ; n++) {
        if (onProgress && n % PROGRESS_EVERY === 0) onProgress(ring.progressBytes());
        const type = ring.next();
        if (type !== 0) started = true;
        if (type === Rec.Frame) {
          if (this.stopped) {
            // Stopped: the thread is told, and its last record (the summaries) awaited.
            ring.stop();
            continue;
          }
          const skipped = ring.skipped;
          if (skipped > 0) {
            times[0] = ring.skippedLatest;
            this.received += skipped;
            onSkipped?.(skipped, times, 1);
          }
          packet.input = ring.word(2);
          packet.frame = ring.word(3) >>> 0;
          packet.linkType = ring.word(4);
          packet.ifIndex = ring.word(5) >>> 0;
          packet.section = ring.word(6) >>> 0;
          packet.caplen = ring.word(7);
          packet.origLen = ring.word(8) >>> 0;
          packet.nsec = ring.word(9);
          packet.screen = ring.word(12);
          packet.sec = ring.sec;
          packet.offset = ring.dataOffset;
          this.received++;
          if (onPacket(packet) === false) this.stopped = true;
        } else if (type === Rec.Skip) {
          const frames = ring.word(2);
          const count = ring.word(3);
          if (this.stopped) continue;
          for (let i = 0; i < count; i++) times[i] = ring.time(i);
          this.received += frames;
          onSkipped?.(frames, times, count);
        } else if (type === Rec.End) {
          onProgress?.(ring.progressBytes());
          return (ring.value() as SerializedSummary[]).map((s) => ({
            name: s.name,
            format: s.format,
            packets: s.packets,
            linkTypes: new Map(s.linkTypes),
            warnings: s.warnings,
            ...(s.error ? { error: deserializeError(s.error) as CaptureError } : {}),
            ...(s.first !== undefined ? { first: s.first, last: s.last } : {}),
          }));
        } else if (type === Rec.Fatal) {
          throw deserializeError(ring.value() as SerializedError);
        } else {
          // Nothing for a while: let the event loop tell whether the thread is still there.
          onProgress?.(ring.progressBytes());
          await new Promise((resolve) => setImmediate(resolve));
          // It writes its last record before it ends: if it ended without one, it failed.
          const error = thread.error; // set by the worker's events, in the await above
          if (error && !ring.ready) {
            // Before the first frame nothing is lost: the files are read here instead.
            if (!started) return await this.readHere(onPacket, onProgress);
            // After: what came before it stays analyzed, and the inputs say why the rest is missing.
            const why = new CaptureError(this.names[0], `the capture thread stopped (${error.message})`);
            return this.names.map((name, i) => ({
              name,
              format: null,
              packets: 0,
              linkTypes: new Map(),
              warnings: [],
              ...(i === 0 ? { error: why } : {}),
            }));
          }
        }
      }
    } finally {
      ring.stop();
      void worker.terminate();
    }
  }

  /** The files read on this thread (the capture thread could not start). */
  private readHere(onPacket: PacketHandler, onProgress?: (bytesRead: number) => void): Promise<InputSummary[]> {
    const files = new CaptureFiles(this.names);
    return files.run((p) => {
      if (this.stopped) return false;
      this.received++;
      return onPacket(p);
    }, onProgress);
  }

  stop(): Promise<void> {
    this.stopped = true;
    return Promise.resolve();
  }

  stats(): { received: number; dropped: number } {
    return { received: this.received, dropped: 0 };
  }
}
