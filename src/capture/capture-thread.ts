/**
 * The capture thread (a worker started by threaded-files.ts): reads the inputs, merges them in time
 * order, and sorts each frame with the dissector's allocation-free locator. The frames it would
 * decode go into the ring whole, but for repeated adverts: this thread's dissector keeps the cache
 * of whole adverts (Dissector.screen), and a frame that repeats one goes as a record without its
 * bytes, which the analysis thread's dissector, mirroring the cache, decodes without a look at a
 * byte. Of the other frames only their number and the clock times the analysis needs (a silence
 * of `clockStep` seconds or more may be a gap in the capture) are passed on.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Dissector } from '../dissect/decode.js';
import { CaptureError } from './errors.js';
import { Rec, RingWriter } from './frame-ring.js';
import { readCaptures } from './inputs.js';
import { frameTime, NOT_DECODED } from './packet.js';
import type { SerializedError, SerializedSummary } from './threaded-files.js';

/** Clock times kept per SKIP record. */
const TIMES = 256;
/** Frames not decoded per SKIP record at most (the consumer hears from the thread at least this often). */
const SKIPS = 1 << 16;
/** Frames not decoded between looks at whether the consumer stopped (a power of two). */
const STOP_EVERY = 1 << 10;

interface Data {
  names: string[];
  shared: SharedArrayBuffer;
  clockStep: number;
  /** Frames are cut to this many bytes in the ring (see threaded-files.ts). */
  frameBytes: number;
}

// The job: given at the start, or, to a thread started with the process (early-thread.ts), as its
// first message.
const { names, shared, clockStep, frameBytes } =
  (workerData as Data | undefined) ?? (await new Promise<Data>((resolve) => parentPort!.once('message', resolve)));
const ring = new RingWriter(shared);
/** Sorts every frame, and screens the adverts (Dissector.screen): repeated ones go without their bytes. */
const dissector = new Dissector();
const times = new Float64Array(TIMES);
/** Entries in `times`, and frames not decoded, since the last SKIP record. */
let count = 0;
let skipped = 0;
/**
 * The latest frame time so far (every frame, decoded or not), in latest[0]: a typed array holds a
 * double in place, where a module variable would box each new value (a heap number per frame).
 */
const latest = new Float64Array([-Infinity]);

/**
 * The SKIP record of the frames not decoded since the last record: pairs (latest time before,
 * time) for each silence of at least clockStep, then the latest time (see Pipeline.skipped).
 */
function flush(): boolean {
  if (skipped === 0) return true;
  times[count++] = latest[0];
  const ok = ring.skip(skipped, times, count);
  skipped = 0;
  count = 0;
  return ok;
}

function serializeError(err: unknown): SerializedError {
  if (err instanceof CaptureError) return { input: err.input, detail: err.detail, offset: err.offset };
  return { message: err instanceof Error ? err.message : String(err) };
}

try {
  const summaries = await readCaptures(
    names,
    (p) => {
      const t = frameTime(p);
      const screen = dissector.screen(p, frameBytes);
      if (screen === NOT_DECODED) {
        if (t - latest[0] >= clockStep) {
          if (count + 3 > TIMES && !flush()) return false;
          times[count++] = latest[0];
          times[count++] = t;
        }
        if (t > latest[0]) latest[0] = t;
        skipped++;
        // Whether the consumer stopped: asked every STOP_EVERY frames not decoded (a frame passed on
        // finds out as it is written), not of every frame.
        if ((skipped & (STOP_EVERY - 1)) === 0 && ring.stopped) return false;
        return skipped < SKIPS || flush();
      }
      // The frames not decoded since the last record go with this frame, unless the consumer must
      // look at the clock among them (a SKIP record of their times).
      if (count > 0 && !flush()) return false;
      const before = skipped;
      skipped = 0;
      const ok = ring.frame(p, Math.min(p.caplen, frameBytes), screen, before, latest);
      if (t > latest[0]) latest[0] = t;
      return ok;
    },
    undefined,
    (bytes) => ring.progress(bytes),
  );
  flush();
  {
    const out: SerializedSummary[] = summaries.map((s) => ({
      name: s.name,
      format: s.format === 'live' ? null : s.format,
      packets: s.packets,
      linkTypes: [...s.linkTypes],
      warnings: s.warnings,
      ...(s.error ? { error: serializeError(s.error) } : {}),
      ...(s.first !== undefined ? { first: s.first, last: s.last } : {}),
    }));
    ring.finish(Rec.End, out);
  }
} catch (err) {
  ring.finish(Rec.Fatal, serializeError(err));
}
