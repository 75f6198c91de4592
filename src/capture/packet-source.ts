/**
 * One interface for everything that produces frames: capture files, standard input and live
 * interfaces (gopacket's PacketSource, Zeek's packet sources). The analysis pipeline and the
 * commands see only this; how the frames are read is the source's business.
 */
import { CaptureError } from './errors.js';
import type { InputSummary, PacketHandler } from './inputs.js';
import { readCaptures } from './inputs.js';
import type { LiveCapture, LiveCaptureOptions } from './live/capture.js';

/**
 * Frames a source did not deliver because the dissector would not decode them (a source that
 * sorts frames itself, threaded-files.ts): how many, and the clock times they carry. times[0,
 * count) holds pairs (latest time before, frame time) around every silence of at least the
 * source's clock step, then the latest time of all (see Pipeline.skipped).
 */
export type SkipHandler = (frames: number, times: Float64Array, count: number) => void;

export interface PacketSource {
  /** The inputs' names, in frame-reference order (a frame is "name#frame" when there are several). */
  readonly names: readonly string[];
  /** LINKTYPE_* of every frame when the source has one link type (a live interface); null otherwise. */
  readonly linkType: number | null;
  /** Things the user should know before the first frame (e.g. a filter that could not be applied). */
  readonly warnings: readonly string[];
  /**
   * Delivers every frame in timestamp order until the input ends, onPacket returns false, or stop()
   * is called; then resolves with one summary per input. A problem that ends an input is in its
   * summary (`error`); frames before it have been delivered. Call once.
   */
  run(
    onPacket: PacketHandler,
    onProgress?: (bytesRead: number) => void,
    onSkipped?: SkipHandler,
  ): Promise<InputSummary[]>;
  /** Stops delivery: run() resolves once the source has let go of what it holds. */
  stop(): Promise<void>;
  /** Frames that reached vrrpscope, and frames dropped on the way (live capture only). */
  stats(): { received: number; dropped: number };
}

/** Capture files and `-` (a pcap or pcapng stream on standard input), merged in time order. */
export class CaptureFiles implements PacketSource {
  readonly linkType = null;
  readonly warnings: readonly string[] = [];
  private stopped = false;
  private received = 0;

  constructor(readonly names: readonly string[]) {}

  run(onPacket: PacketHandler, onProgress?: (bytesRead: number) => void): Promise<InputSummary[]> {
    return readCaptures(
      this.names,
      (p) => {
        if (this.stopped) return false;
        this.received++;
        return onPacket(p);
      },
      undefined,
      onProgress,
    );
  }

  stop(): Promise<void> {
    this.stopped = true;
    // A stream that stalls must not keep the process waiting for bytes nobody will read.
    if (this.names.includes('-')) process.stdin.destroy();
    return Promise.resolve();
  }

  stats(): { received: number; dropped: number } {
    return { received: this.received, dropped: 0 };
  }
}

/** A live interface, captured by libpcap (the cap binding) in a child process. */
export class LiveInterface implements PacketSource {
  private done: ((s: InputSummary[]) => void) | null = null;
  private error: CaptureError | undefined;
  private stopping: Promise<void> | null = null;

  private constructor(
    private readonly capture: LiveCapture,
    readonly names: readonly string[],
  ) {}

  /** Opens the interface (errors here are CaptureErrors: no permission, no such interface...). */
  static async open(iface: string, opts: LiveCaptureOptions = {}): Promise<LiveInterface> {
    const { openLiveCapture } = await import('./live/capture.js');
    return new LiveInterface(await openLiveCapture(iface, opts), [iface]);
  }

  get linkType(): number {
    return this.capture.linkType;
  }

  get warnings(): readonly string[] {
    return this.capture.warnings;
  }

  run(onPacket: PacketHandler): Promise<InputSummary[]> {
    return new Promise((resolve) => {
      this.done = resolve;
      this.capture.start(
        (batch) => {
          for (const p of batch) {
            if (onPacket(p) === false) {
              void this.stop();
              return;
            }
          }
        },
        (err) => {
          this.error = err instanceof CaptureError ? err : new CaptureError(this.names[0], err.message);
          void this.stop();
        },
      );
    });
  }

  stop(): Promise<void> {
    this.stopping ??= this.capture.stop().then(() => {
      const received = this.capture.stats().received;
      const summary: InputSummary = {
        name: this.names[0],
        format: 'live',
        packets: received,
        linkTypes: new Map([[this.capture.linkType, received]]),
        warnings: [],
      };
      if (this.error) summary.error = this.error;
      this.done?.([summary]);
    });
    return this.stopping;
  }

  stats(): { received: number; dropped: number } {
    return this.capture.stats();
  }
}
