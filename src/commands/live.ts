/**
 * `vrrpscope live IFACE | -`: the same engine as `analyze`, fed by a live interface (cap, in a
 * worker that stamps packets on arrival) or by a pcap stream on standard input (the packets' own
 * kernel timestamps), with a clock tick when no packet arrives so a master that went silent is
 * noticed from the clock, not from the next packet.
 *
 * Output: the terminal UI on a TTY; on a pipe or with --format ndjson, one JSON event per line
 * (transitions, findings, periodic group state). On exit (duration, count, end of input, q,
 * SIGINT/SIGTERM) it prints the report `analyze` would print, and exits like `analyze`.
 */
import { openSync } from 'node:fs';
import { ReadStream } from 'node:tty';
import { Engine, type RuleSetting } from '../analyze/engine.js';
import { RULES } from '../analyze/rules/index.js';
import { round6, transitionReport } from '../analyze/build-report.js';
import { countDecoded, exitForFindings, newCounts } from './analyze.js';
import { readCaptures } from '../capture/inputs.js';
import type { CapturedPacket } from '../capture/packet.js';
import { PcapWriter } from '../capture/pcap-writer.js';
import { Dissector } from '../dissect/decode.js';
import { liveFacts } from '../live/snapshot.js';
import type { Finding, Severity } from '../report/types.js';
import { renderText } from '../render/report-text.js';
import { viewModel } from '../ui/view-model.js';
import { LineOutput } from '../util/output.js';
import { safeText } from '../util/text.js';
import { EXIT } from './exit.js';

export interface LiveOptions {
  format: 'tui' | 'ndjson' | 'text' | 'json';
  filter?: string;
  write?: string;
  /** Seconds of wall-clock time to run. */
  duration?: number;
  /** Frames to read before stopping. */
  count?: number;
  snaplen: number;
  failOn: Severity | 'none';
  rules: Record<string, RuleSetting>;
  showSecrets: boolean;
  time: 'utc' | 'epoch';
  /** Seconds between periodic group-state events (ndjson). */
  stateEvery: number;
  color: boolean;
}

const TICK_MS = 100;

/** Wall clock in epoch seconds with sub-millisecond resolution. */
const wallOrigin = Date.now() / 1000 - Number(process.hrtime.bigint()) / 1e9;
const wallNow = (): number => wallOrigin + Number(process.hrtime.bigint()) / 1e9;

export async function liveCommand(source: string, opts: LiveOptions): Promise<number> {
  const fromStdin = source === '-';
  const name = fromStdin ? '<stdin>' : source;
  const engine = new Engine({ rules: [...RULES], settings: opts.rules, inputs: [name], showSecrets: opts.showSecrets });
  const dissector = new Dissector();
  const counts = newCounts();
  const out = new LineOutput();
  const ndjson = opts.format === 'ndjson';
  const emit = (o: Record<string, unknown>) => {
    if (!ndjson) return;
    out.line(JSON.stringify(o));
    out.flush(); // events are for whoever watches the pipe now
  };

  // Packet-time clock: the last packet's time, advanced by the wall time since it arrived. For a
  // live interface that is the wall clock; for a replayed file on stdin it follows the file.
  let lastPacket = -Infinity;
  let wallAtLast = 0;
  const clock = () => (Number.isFinite(lastPacket) ? lastPacket + (wallNow() - wallAtLast) : wallNow());

  let writer: PcapWriter | null = null;
  let stopped = false;
  let stopCapture: () => Promise<void> = async () => {};
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  const stop = () => {
    if (stopped) return;
    stopped = true;
    resolveDone();
  };

  // New findings at once; updates of a finding (it goes on) at most every stateEvery seconds.
  const lastUpdate = new Map<Finding, number>();
  engine.listener = {
    transition: (t, g) => emit({ event: 'transition', group: g.id, ...transitionReport(t) }),
    finding: (f, update) => {
      const now = wallNow();
      if (update && now - (lastUpdate.get(f) ?? -Infinity) < opts.stateEvery) return;
      lastUpdate.set(f, now);
      emit({ event: 'finding', update, ...f });
    },
  };

  const onPacket = (p: CapturedPacket) => {
    if (stopped) return false;
    counts.frames++;
    writer?.write(p);
    const t = p.sec + p.nsec / 1e9;
    if (t >= lastPacket) {
      lastPacket = t;
      wallAtLast = wallNow();
    }
    const d = dissector.decode(p);
    if (d) {
      countDecoded(counts, d);
      engine.step(d);
    }
    if (opts.count !== undefined && counts.frames >= opts.count) {
      stop();
      return false;
    }
  };

  // ---- start the source
  let linkType = 1;
  let captureStats = () => ({ received: counts.frames, dropped: 0 });
  const warnings: string[] = [];
  let inputError: string | undefined;
  if (fromStdin) {
    readCaptures(['-'], onPacket).then(
      (summaries) => {
        for (const s of summaries) {
          warnings.push(...s.warnings.map((w) => w.message));
          if (s.error) inputError = s.error.message;
        }
        stop();
      },
      (err: unknown) => {
        inputError = err instanceof Error ? err.message : String(err);
        stop();
      },
    );
  } else {
    const { openLiveCapture } = await import('../capture/live/capture.js');
    const capture = await openLiveCapture(source, { filter: opts.filter, snaplen: opts.snaplen });
    linkType = capture.linkType;
    captureStats = () => capture.stats();
    capture.start(
      (batch) => {
        for (const p of batch) if (onPacket(p) === false) break;
      },
      (err) => {
        inputError = err.message;
        stop();
      },
    );
    stopCapture = () => capture.stop();
  }
  if (opts.write) writer = PcapWriter.open(opts.write, { linkType, snaplen: opts.snaplen, nanos: true });

  // ---- clock, bounded runs, signals
  const ticker = setInterval(() => engine.tick(clock()), TICK_MS);
  let lastState = wallNow();
  const stateTimer = ndjson
    ? setInterval(() => {
        if (wallNow() - lastState < opts.stateEvery) return;
        lastState = wallNow();
        const now = clock();
        emit({
          event: 'state',
          time: round6(now),
          frames: counts.frames,
          groups: [...liveFacts(engine, now)].map(([id, f]) => ({
            id,
            ...f,
            lastAdvertAge: f.lastAdvertAge === null ? null : round6(f.lastAdvertAge),
          })),
        });
      }, 250)
    : null;
  const durationTimer = opts.duration !== undefined ? setTimeout(stop, opts.duration * 1000) : null;
  const onSignal = () => {
    // Flush the capture file first: whatever happens next, the packets seen so far are kept.
    writer?.closeSync();
    stop();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  // ---- the UI, on a terminal
  let ui: { waitUntilExit(): Promise<void>; unmount(): void } | null = null;
  if (opts.format === 'tui') {
    const { renderApp } = await import('../ui/app.js');
    const stdin = fromStdin ? keyboard() : process.stdin;
    const inputs = () => inputsReport(name, counts.frames, warnings, inputError);
    ui = renderApp(
      () => {
        const now = clock();
        const s = captureStats();
        return viewModel(engine.snapshot(now, { inputs: inputs(), counts }), {
          title: `live ${safeText(name)}`,
          live: liveFacts(engine, now),
          now,
          status: `${fromStdin ? 'reading' : 'capturing on'} ${safeText(name)}: ${counts.frames} frames (${counts.vrrp} VRRP, ${counts.arp} ARP), ${s.dropped} dropped${writer ? `, writing ${safeText(opts.write!)}` : ''}`,
        });
      },
      { live: true, refreshMs: 250, ...(stdin ? { stdin } : {}) },
    );
    ui.waitUntilExit().then(stop, stop);
  }

  await done;
  clearInterval(ticker);
  if (stateTimer) clearInterval(stateTimer);
  if (durationTimer) clearTimeout(durationTimer);
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  await stopCapture();
  writer?.closeSync();
  ui?.unmount();

  const report = engine.finish(clock(), { inputs: inputsReport(name, counts.frames, warnings, inputError), counts });
  if (ndjson) emit({ event: 'report', report });
  else if (opts.format === 'json') out.line(JSON.stringify(report, null, 2));
  else out.line(renderText(report, { time: opts.time, color: opts.color }).trimEnd());
  await out.end();

  for (const w of warnings) process.stderr.write(`vrrpscope: warning: ${safeText(name)}: ${safeText(w)}\n`);
  if (inputError) {
    process.stderr.write(`vrrpscope: error: ${safeText(inputError)}\n`);
    return EXIT.INPUT;
  }
  return exitForFindings(report, opts.failOn);
}

function inputsReport(name: string, packets: number, warnings: string[], error?: string) {
  return [{ name, format: 'live', packets, warnings, ...(error ? { error } : {}) }];
}

/** Keys for the UI when standard input carries the capture: the controlling terminal. */
function keyboard(): ReadStream | null {
  try {
    return new ReadStream(openSync('/dev/tty', 'r'));
  } catch {
    return null;
  }
}
