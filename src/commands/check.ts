/**
 * `vrrpscope check <interface | file... | ->`: a monitoring check (Nagios, Icinga, NRPE, Checkmk).
 * Watches an interface for --duration (or reads capture files, or a pcap stream), analyzes what it
 * heard with the engine `analyze` uses, and prints a plugin result: exit 0 OK, 1 WARNING,
 * 2 CRITICAL, 3 UNKNOWN. A check that could not run (bad usage, an unreadable file, no permission to
 * capture) is UNKNOWN, never OK.
 */
import { statSync } from 'node:fs';
import type { RuleSetting } from '../analyze/engine.js';
import { PacketClock } from '../analyze/clock.js';
import { noteHeapFull, Pipeline } from '../analyze/pipeline.js';
import { CaptureError } from '../capture/errors.js';
import { frameTime } from '../capture/packet.js';
import type { InputSummary } from '../capture/inputs.js';
import { CaptureFiles, LiveInterface, type PacketSource } from '../capture/packet-source.js';
import { STATE, verdict, type Expectations, type State } from '../monitor/verdict.js';
import { renderCheckmk } from '../render/checkmk.js';
import { renderNagios } from '../render/nagios.js';
import type { Report, Severity } from '../report/types.js';
import { LineOutput } from '../util/output.js';
import { plural } from '../util/text.js';
import { analyzeCaptures } from './analyze.js';
import { unknownResult } from './check-failed.js';

export interface CheckOptions {
  format: 'nagios' | 'checkmk';
  checkmkHeader: boolean;
  /** Seconds to watch an interface (or, when given, a stream on standard input). */
  duration: number;
  durationGiven: boolean;
  failOn: Severity | 'none';
  rules: Record<string, RuleSetting>;
  expect: Expectations;
  filter?: string;
  snaplen: number;
}

/** How long `check IFACE` listens by default: every master advertises about ten times (1 s interval). */
const TICK_MS = 100;

/** An argument that is not a path but could name an interface. */
function isInterface(inputs: readonly string[]): boolean {
  if (inputs.length !== 1 || inputs[0] === '-') return false;
  try {
    statSync(inputs[0]);
    return false;
  } catch {
    return /^[A-Za-z0-9_.:@-]{1,15}$/.test(inputs[0]);
  }
}

/** Runs a source for `seconds` of wall time (or to its end), with clock ticks, and returns the report. */
async function watch(
  source: PacketSource,
  name: string,
  opts: CheckOptions,
  seconds: number,
): Promise<{ report: Report; summaries: InputSummary[] }> {
  const pipeline = new Pipeline({ inputs: [name], settings: opts.rules });
  const packetClock = new PacketClock();
  const clock = () => packetClock.now();
  let stopped = false;
  const running = source.run((p) => {
    if (stopped) return false;
    packetClock.packet(frameTime(p));
    // False once the analysis filled most of the heap: said as an input not read in full (below).
    if (!pipeline.frame(p)) {
      stopped = true;
      return false;
    }
  });
  const ticker = setInterval(() => pipeline.tick(clock()), TICK_MS);
  let timer: NodeJS.Timeout | undefined;
  const summaries = await Promise.race([
    running,
    new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), seconds * 1000))),
  ]);
  stopped = true;
  clearInterval(ticker);
  clearTimeout(timer);
  await source.stop();
  const all = summaries ?? (await running);
  noteHeapFull(pipeline, all);
  const inputs = all.map((s) => ({
    name: s.name,
    format: s.format,
    packets: s.packets,
    warnings: s.warnings.map((w) => w.message),
    ...(s.error ? { error: s.error.message } : {}),
  }));
  return { report: pipeline.finish(inputs, clock()), summaries: all };
}

export async function checkCommand(inputs: string[], opts: CheckOptions): Promise<State> {
  const out = new LineOutput();
  const print = async (text: string) => {
    out.line(text.trimEnd());
    await out.end();
  };

  let result: { report: Report; summaries: InputSummary[] };
  try {
    if (isInterface(inputs)) {
      const source = await LiveInterface.open(inputs[0], { filter: opts.filter, snaplen: opts.snaplen });
      result = await watch(source, inputs[0], opts, opts.duration);
    } else if (inputs.length === 1 && inputs[0] === '-' && opts.durationGiven) {
      result = await watch(new CaptureFiles(['-']), '<stdin>', opts, opts.duration);
    } else {
      result = await analyzeCaptures(inputs, { rules: opts.rules, showSecrets: false });
    }
  } catch (err) {
    if (!(err instanceof CaptureError)) throw err;
    await print(unknownResult(opts.format, err.message, opts.checkmkHeader));
    return STATE.UNKNOWN;
  }

  // An input that could not be read: the check did not see what it was asked to watch.
  const failed = result.summaries.find((s) => s.error);
  if (failed?.error) {
    const why = `${failed.error.message}; the ${plural(failed.packets, 'frame')} before it were read`;
    await print(unknownResult(opts.format, why, opts.checkmkHeader));
    return STATE.UNKNOWN;
  }

  const v = verdict(result.report, { failOn: opts.failOn, expect: opts.expect });
  await print(
    opts.format === 'checkmk'
      ? renderCheckmk(v, { failOn: opts.failOn, header: opts.checkmkHeader })
      : renderNagios(v, { failOn: opts.failOn }),
  );
  return v.state;
}
