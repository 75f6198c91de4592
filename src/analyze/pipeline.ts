/**
 * The one analysis pipeline: frame -> decode -> count -> engine step, then finish -> Report.
 * `analyze` runs it over capture files, `live` over an interface or a stream (adding clock ticks),
 * the tests' scenario builder feeds it decoded packets, and the benchmark times it through the CLI.
 */
import type { InputSummary } from '../capture/inputs.js';
import { frameTime, type CapturedPacket } from '../capture/packet.js';
import type { PacketSource } from '../capture/packet-source.js';
import { Dissector } from '../dissect/decode.js';
import type { DecodedPacket } from '../dissect/types.js';
import type { InputReport, Report } from '../report/types.js';
import { Engine, type RuleSetting } from './engine.js';
import type { Rule } from './rule.js';
import { RULES } from './rules/index.js';

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
  private readonly dissector = new Dissector();

  constructor(o: PipelineOptions) {
    this.engine = new Engine({
      rules: [...(o.rules ?? RULES)],
      settings: o.settings,
      inputs: o.inputs,
      showSecrets: o.showSecrets,
    });
  }

  /** A captured frame: counted, decoded (frames vrrpscope does not decode cost no allocation), analyzed. */
  frame(p: CapturedPacket): void {
    const d = this.dissector.decode(p);
    if (d) this.decoded(d);
    else {
      this.counts.frames++;
      this.seen(frameTime(p));
    }
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
  return { report: pipeline.finish(inputReports(summaries)), summaries };
}
