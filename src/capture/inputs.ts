/**
 * Reads one or more capture inputs and delivers their frames in timestamp order.
 *
 * Every input is opened and its header checked before the first frame is delivered, so a wrong file
 * name or a file that is not a capture fails fast with nothing printed. A problem later in an input
 * (a truncated tail, a corrupt record) ends that input only: the frames before it have already been
 * delivered, and the problem is returned in that input's summary.
 */
import { CaptureError, type CaptureWarning } from './errors.js';
import { frameTime, type CapturedPacket } from './packet.js';
import { CaptureReader, Step, type CaptureFormat } from './reader.js';
import { openSource, type ByteSource } from './source.js';

/** The first window of each input (reader.ts grows it for larger records), and for many inputs... */
const WINDOW = 1 << 20;
/** ...a budget shared by all of them, */
const WINDOW_BUDGET = 32 << 20;
/** ...but never below this. */
const MIN_WINDOW = 64 << 10;
/** More inputs than this are merged with a heap instead of a scan of their heads. */
const HEAP_INPUTS = 8;

export interface InputSummary {
  name: string;
  /** The file format; 'live' for an interface; null when not even the header could be read. */
  format: CaptureFormat | 'live' | null;
  packets: number;
  /** Frames per link type, keyed by LINKTYPE number. */
  linkTypes: Map<number, number>;
  warnings: CaptureWarning[];
  /** The problem that ended this input early, if any. */
  error?: CaptureError;
  /** Times of its first and last frame read, seconds (none before the first frame). */
  first?: number;
  last?: number;
}

/** Return false to stop reading (e.g. a packet count limit was reached). */
export type PacketHandler = (packet: CapturedPacket) => boolean | void;

/**
 * Reads the inputs (paths, `-` for standard input, or ready-made sources), calling onPacket for
 * every frame in timestamp order. onStart is called once every input's header has been read, before
 * the first frame, with each input's format.
 */
export async function readCaptures(
  inputs: readonly (string | ByteSource)[],
  onPacket: PacketHandler,
  onStart?: (formats: (CaptureFormat | null)[]) => void,
  onProgress?: (bytesRead: number) => void,
): Promise<InputSummary[]> {
  if (inputs.filter((n) => n === '-').length > 1) {
    throw new CaptureError('-', 'standard input can be given only once');
  }
  const readers: CaptureReader[] = [];
  try {
    // Many inputs (a day of rotated files) share a budget: smaller first windows, grown on demand.
    const window = Math.max(MIN_WINDOW, Math.min(WINDOW, Math.floor(WINDOW_BUDGET / inputs.length)));
    inputs.forEach((input, i) =>
      readers.push(new CaptureReader(typeof input === 'string' ? openSource(input) : input, i, window)),
    );
    const errors: (CaptureError | undefined)[] = [];
    // Phase 1: every input's header and first frame, before anything is delivered. A file that is
    // not a capture fails the whole run at once; one whose first record is broken is reported in
    // its summary and left out, and the other inputs are read in full.
    const live: boolean[] = [];
    for (const [i, r] of readers.entries()) {
      try {
        live.push((await advance(r)) === Step.Packet);
      } catch (err) {
        if (!(err instanceof CaptureError) || r.format === null) throw err;
        errors[i] = err;
        live.push(false);
      }
    }
    onStart?.(readers.map((r) => r.format));
    // Each input's first frame is in hand now; its last is where the reader stops.
    const firsts = readers.map((r, i) => (live[i] ? frameTime(r.packet) : undefined));

    const progress = onProgress ? () => onProgress(readers.reduce((n, r) => n + r.bytesRead, 0)) : undefined;
    if (readers.length === 1) {
      await single(readers[0], live[0], onPacket, errors, progress);
    } else {
      await merged(readers, live, onPacket, errors, progress);
    }
    return readers.map((r, i) => summarize(r, errors[i], firsts[i]));
  } finally {
    for (const r of readers) r.source.close();
  }
}

/** Moves a reader to its next frame; awaits only when its source has to wait for bytes. */
async function advance(r: CaptureReader): Promise<Step> {
  for (;;) {
    const s = r.next();
    if (s !== Step.NeedMore) return s;
    const f = r.fill();
    if (f) await f;
  }
}

async function single(
  r: CaptureReader,
  hasPacket: boolean,
  onPacket: PacketHandler,
  errors: (CaptureError | undefined)[],
  progress?: () => void,
) {
  if (!hasPacket) return;
  const p = r.packet;
  try {
    if (onPacket(p) === false) return;
    for (;;) {
      const s = r.next();
      if (s === Step.Packet) {
        if (onPacket(p) === false) return;
      } else if (s === Step.End) {
        return;
      } else {
        const f = r.fill();
        if (f) await f;
        progress?.();
      }
    }
  } catch (err) {
    if (!(err instanceof CaptureError)) throw err;
    errors[0] = err;
  }
}

async function merged(
  readers: CaptureReader[],
  live: boolean[],
  onPacket: PacketHandler,
  errors: (CaptureError | undefined)[],
  progress?: () => void,
) {
  // The earliest head first; ties keep input order. A scan of the heads for a few inputs, a
  // binary heap for many (1,000 rotated files cost log2(1000) comparisons a frame, not 1,000).
  const earlier = (i: number, j: number): boolean => {
    const a = readers[i].packet;
    const b = readers[j].packet;
    return a.sec < b.sec || (a.sec === b.sec && (a.nsec < b.nsec || (a.nsec === b.nsec && i < j)));
  };
  const heap = readers.length > HEAP_INPUTS ? new IndexHeap(earlier) : null;
  if (heap) for (let i = 0; i < readers.length; i++) if (live[i]) heap.push(i);
  for (let n = 0; ; n++) {
    if (progress && (n & 0xffff) === 0) progress();
    let best = -1;
    if (heap) best = heap.peek();
    else {
      for (let i = 0; i < readers.length; i++) if (live[i] && (best < 0 || earlier(i, best))) best = i;
    }
    if (best < 0) return;
    if (onPacket(readers[best].packet) === false) return;
    try {
      let s = advanceFast(readers[best]);
      if (typeof s !== 'number') s = await s;
      live[best] = s === Step.Packet;
    } catch (err) {
      if (!(err instanceof CaptureError)) throw err;
      errors[best] = err;
      live[best] = false;
    }
    if (heap) {
      if (live[best]) heap.siftDownTop();
      else heap.pop();
    }
  }
}

/** A binary min-heap of input indices under `less` (the heads' times change in place: siftDownTop). */
class IndexHeap {
  private readonly a: number[] = [];
  constructor(private readonly less: (i: number, j: number) => boolean) {}
  peek(): number {
    return this.a.length ? this.a[0] : -1;
  }
  push(i: number): void {
    const a = this.a;
    a.push(i);
    let k = a.length - 1;
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (!this.less(a[k], a[p])) break;
      [a[k], a[p]] = [a[p], a[k]];
      k = p;
    }
  }
  pop(): void {
    const a = this.a;
    const last = a.pop()!;
    if (a.length === 0) return;
    a[0] = last;
    this.siftDownTop();
  }
  /** The top's key grew (its input moved to its next frame): move it down to its place. */
  siftDownTop(): void {
    const a = this.a;
    let k = 0;
    for (;;) {
      const l = 2 * k + 1;
      if (l >= a.length) return;
      const r = l + 1;
      const c = r < a.length && this.less(a[r], a[l]) ? r : l;
      if (!this.less(a[c], a[k])) return;
      [a[k], a[c]] = [a[c], a[k]];
      k = c;
    }
  }
}

/** advance() without a promise per frame when bytes are already in the window. */
function advanceFast(r: CaptureReader): Step | Promise<Step> {
  const s = r.next();
  return s === Step.NeedMore ? advance(r) : s;
}

function summarize(r: CaptureReader, error: CaptureError | undefined, first: number | undefined): InputSummary {
  const s: InputSummary = {
    name: r.name,
    format: r.format,
    packets: r.packets,
    linkTypes: r.linkTypes,
    warnings: r.warnings,
  };
  if (error) s.error = error;
  if (first !== undefined) {
    s.first = first;
    s.last = frameTime(r.packet);
  }
  return s;
}
