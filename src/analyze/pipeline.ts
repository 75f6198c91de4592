/**
 * The one analysis pipeline: frame -> decode -> count -> engine step, then finish -> Report.
 * `analyze` runs it over capture files, `live` over an interface or a stream (adding clock ticks),
 * the tests' scenario builder feeds it decoded packets, and the benchmark times it through the CLI.
 */
import { getHeapStatistics } from 'node:v8';
import { CaptureError } from '../capture/errors.js';
import type { InputSummary } from '../capture/inputs.js';
import { frameTime, type CapturedPacket } from '../capture/packet.js';
import type { PacketSource } from '../capture/packet-source.js';
import { Dissector } from '../dissect/decode.js';
import type { DecodedPacket } from '../dissect/types.js';
import type { InputReport, Report } from '../report/types.js';
import { Engine, type RuleSetting } from './engine.js';
import type { Rule } from './rule.js';
import { RULES } from './rules/index.js';
import { plural } from '../util/text.js';

/**
 * Decoded frames between two looks at the heap (a look costs a microsecond or two): at a few KB of
 * state per frame at worst (each a new router), about 10 MB.
 */
const HEAP_CHECK_EVERY = 1 << 12;
/**
 * The share of the old generation's limit past which the analysis stops reading (see
 * Pipeline.full): what is left is room for the report of what was read. Nearer the limit V8
 * collects without end, and at it the process aborts with a native stack trace and no report.
 */
const HEAP_SHARE = 0.8;
/**
 * What V8 (Node 20) counts in heap_size_limit besides the old generation: the young generation's
 * three 16 MiB semi-spaces (--max-old-space-size=N gives a limit of N + 48 MiB).
 */
const YOUNG_GENERATION = 48 * 2 ** 20;

/** Where and why the analysis stopped reading: its state filled most of the heap. */
export interface HeapFull {
  /** The input and frame number of the last frame analyzed. */
  input: number;
  frame: number;
  usedMiB: number;
  /** The old generation's limit (what --max-old-space-size sets). */
  limitMiB: number;
  groups: number;
  routers: number;
}

/** Frames read and decoded, per kind (the report's `counts`). */
export type Counts = Report['counts'];

export interface PipelineOptions {
  /** Input names: frame references become "name#frame" when there are several. */
  inputs: readonly string[];
  /** Default: every rule. */
  rules?: readonly Rule[];
  settings?: Record<string, RuleSetting>;
  showSecrets?: boolean;
}

export class Pipeline {
  readonly engine: Engine;
  readonly counts: Counts = { frames: 0, vrrp: 0, arp: 0, nd: 0, carp: 0, malformed: 0 };
  /** Latest packet time seen (-Infinity before the first frame). */
  last = -Infinity;
  /**
   * Set when the state of the analysis filled most of the heap Node allows (a flood of spoofed
   * routers: each costs a few KB): frame() then returns false, and a source stops reading.
   */
  full: HeapFull | null = null;
  private untilHeapCheck = HEAP_CHECK_EVERY;
  private readonly dissector = new Dissector();

  constructor(o: PipelineOptions) {
    this.engine = new Engine({
      rules: [...(o.rules ?? RULES)],
      settings: o.settings,
      inputs: o.inputs,
      showSecrets: o.showSecrets,
    });
  }

  /**
   * A captured frame: counted, decoded (frames vrrpscope does not decode cost no allocation),
   * analyzed. False once the analysis is out of room (see `full`): read no further.
   */
  frame(p: CapturedPacket): boolean {
    const d = this.dissector.decode(p);
    if (d) this.decoded(d);
    else {
      this.counts.frames++;
      this.seen(frameTime(p));
    }
    return this.full === null;
  }

  /**
   * Every frame, decoded or not, at `t`: nothing at all for far longer than any advert interval
   * (and no clock tick in between: a live capture's silence is real) is a gap in the capture, not
   * an outage.
   */
  private seen(t: number): void {
    const before = Math.max(this.last, this.engine.now);
    if (Number.isFinite(before) && t - before > this.engine.gapThreshold()) this.engine.gap(before, t);
    if (t > this.last) this.last = t;
  }

  /**
   * Frames not decoded, passed on by a source that sorted them itself (see SkipHandler): counted,
   * and the clock moved as frame() would have moved it. Between the pairs' times every step was
   * shorter than the source's clock step, so shorter than any gap: only the pairs can be gaps.
   */
  skipped(frames: number, times: Float64Array, count: number): void {
    this.counts.frames += frames;
    for (let i = 0; i + 1 < count; i += 2) {
      if (times[i] > this.last) this.last = times[i];
      this.seen(times[i + 1]);
    }
    if (count > 0 && times[count - 1] > this.last) this.last = times[count - 1];
  }

  /** A frame already decoded (the scenario builder starts here). */
  decoded(d: DecodedPacket): void {
    const c = this.counts;
    c.frames++;
    this.seen(frameTime(d));
    if (d.kind === 'vrrp') c.vrrp++;
    else if (d.kind === 'arp') c.arp++;
    else if (d.kind === 'nd') c.nd++;
    else if (d.kind === 'carp') c.carp++;
    if (d.issues.length) c.malformed++;
    this.engine.step(d);
    if (--this.untilHeapCheck === 0) this.checkHeap(d);
  }

  /** Whether the heap is nearly full (see HEAP_SHARE); if so, `full` says where and how full. */
  private checkHeap(d: DecodedPacket): void {
    this.untilHeapCheck = HEAP_CHECK_EVERY;
    const h = getHeapStatistics();
    if (this.full || h.used_heap_size < HEAP_SHARE * (h.heap_size_limit - YOUNG_GENERATION)) return;
    let routers = 0;
    for (const g of this.engine.groups.values()) routers += g.routers.size;
    this.full = {
      input: d.input,
      frame: d.frame,
      usedMiB: Math.round(h.used_heap_size / 2 ** 20),
      limitMiB: Math.round((h.heap_size_limit - YOUNG_GENERATION) / 2 ** 20),
      groups: this.engine.groups.size,
      routers,
    };
  }

  /** Moves packet time without a packet (live: the segment is quiet). */
  tick(now: number): void {
    this.engine.tick(now);
  }

  /** The report as it stands at `now`, settling nothing (live views; see Engine.snapshot for `history`). */
  snapshot(now: number, inputs: InputReport[], history = true): Report {
    return this.engine.snapshot(now, { inputs, counts: { ...this.counts } }, history);
  }

  /** End of input at `now` (default: the last frame's time): settles what is pending. */
  finish(inputs: InputReport[], now = this.last): Report {
    return this.engine.finish(now, { inputs, counts: this.counts });
  }
}

/** What the report says of each input. */
function inputReports(summaries: readonly InputSummary[]): InputReport[] {
  return summaries.map((s) => ({
    name: s.name,
    format: s.format,
    packets: s.packets,
    warnings: s.warnings.map((w) => w.message),
    ...(s.error ? { error: s.error.message } : {}),
  }));
}

/** Runs a source to its end through a new pipeline: what `analyze` does. */
export async function analyzeSource(
  source: PacketSource,
  o: Omit<PipelineOptions, 'inputs'>,
  onProgress?: (bytesRead: number) => void,
): Promise<{ report: Report; summaries: InputSummary[] }> {
  const pipeline = new Pipeline({ ...o, inputs: source.names });
  const summaries = await source.run(
    (p) => pipeline.frame(p),
    onProgress,
    (frames, times, count) => pipeline.skipped(frames, times, count),
  );
  noteHeapFull(pipeline, summaries);
  return { report: pipeline.finish(inputReports(summaries)), summaries };
}

/**
 * If the analysis stopped with the heap nearly full (Pipeline.full), the input it stopped in says
 * so, as an input that could not be read in full, and counts the frames analyzed (a capture thread
 * may have read further ahead).
 */
export function noteHeapFull(pipeline: Pipeline, summaries: InputSummary[]): void {
  const full = pipeline.full;
  const stopped = full ? summaries[full.input] : undefined;
  if (!full || !stopped || stopped.error) return;
  stopped.error = heapFullError(stopped.name, full);
  stopped.packets = full.frame;
}

/** What the user is told of `input` when the analysis stopped in it with the heap nearly full. */
export function heapFullError(input: string, f: HeapFull): CaptureError {
  return new CaptureError(
    input,
    `the analysis stopped after frame ${f.frame}: its state filled ${f.usedMiB} MiB of the ${f.limitMiB} MiB ` +
      `Node allows (${plural(f.routers, 'router')} in ${plural(f.groups, 'group')}); ` +
      `NODE_OPTIONS=--max-old-space-size=<MiB> allows more`,
  );
}
