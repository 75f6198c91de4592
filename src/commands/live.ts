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
import type { RuleSetting } from '../analyze/engine.js';
import { round6, transitionReport } from '../analyze/build-report.js';
import { heapFullError, Pipeline } from '../analyze/pipeline.js';
import { exitForFindings } from './analyze.js';
import { frameTime, type CapturedPacket } from '../capture/packet.js';
import { CaptureFiles, LiveInterface, type PacketSource } from '../capture/packet-source.js';
import { PcapWriter } from '../capture/pcap-writer.js';
import type { Finding, InputReport, Severity } from '../report/types.js';
import { ViewModelBuilder } from '../ui/view-model.js';
import { jsonLines } from '../util/json-lines.js';
import { LineOutput } from '../util/output.js';
import { safeText } from '../util/text.js';
import { EXIT } from './exit.js';
import { PacketClock, wallNow } from '../analyze/clock.js';
import { serveMetrics, type Listen, type MetricsServer } from '../monitor/metrics-server.js';
import { renderPrometheus } from '../render/prometheus.js';
import { VERSION } from '../version.js';
import { say, sayError, sayWarning } from '../util/say.js';

export interface LiveOptions {
  /** none: nothing on standard output (a headless sensor: --metrics, --write). */
  format: 'tui' | 'ndjson' | 'text' | 'json' | 'none';
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
  /** Serve Prometheus metrics here while capturing. */
  metrics?: Listen;
}

const TICK_MS = 100;

export async function liveCommand(input: string, opts: LiveOptions): Promise<number> {
  const fromStdin = input === '-';
  const name = fromStdin ? '<stdin>' : input;
  // Opening an interface fails here (no permission, no such interface...), before anything is drawn.
  const source: PacketSource = fromStdin
    ? new CaptureFiles(['-'])
    : await LiveInterface.open(input, { filter: opts.filter, snaplen: opts.snaplen });
  const pipeline = new Pipeline({ inputs: [name], settings: opts.rules, showSecrets: opts.showSecrets });
  // The metrics endpoint: a snapshot of the analysis at every scrape. An address that cannot be
  // bound ends the run before anything is captured. (The first scrape is answered once this function
  // has run on to its first await: clock and inputs, defined below, exist by then.)
  let metrics: MetricsServer | null = null;
  if (opts.metrics) {
    try {
      metrics = await serveMetrics(opts.metrics, () =>
        renderPrometheus(pipeline.snapshot(clock(), inputs(), false), {
          version: VERSION,
          rules: opts.rules,
          now: clock(),
          ...(fromStdin ? {} : { dropped: source.stats().dropped }),
        }),
      );
    } catch (err) {
      await source.stop();
      sayError((err as Error).message);
      return EXIT.INPUT;
    }
    const { host, port } = metrics.address;
    say(`metrics on http://${host.includes(':') ? `[${host}]` : host}:${port}/metrics`);
  }
  const { engine, counts } = pipeline;
  // JSON and NDJSON lines are made terminal-safe as JSON (\u escapes) by the output layer.
  const mode = opts.format === 'text' ? (opts.color ? 'colour' : 'text') : 'json';
  const out = new LineOutput(1, 'standard output', mode);
  const ndjson = opts.format === 'ndjson';
  const emit = (o: Record<string, unknown>) => {
    if (!ndjson) return;
    out.line(JSON.stringify(o));
    out.flush(); // events are for whoever watches the pipe now
  };

  // Packet time (analyze/clock.ts): the wall clock live, the file's own time for a replayed stream.
  const packetClock = new PacketClock();
  const clock = () => packetClock.now();

  // --write keeps every frame with its own link type: a pcap file holds one, so the first link type
  // seen goes to the file named, any other to a file of its own beside it. A write error (a full
  // disk) is said at once, the analysis goes on, and the exit code says so.
  let writeError: string | undefined;
  const failed = (message: string) => {
    writeError ??= message;
    sayError(`${message}; the analysis goes on`);
  };
  const writers = new Map<number, PcapWriter | null>();
  const writerFor = (linkType: number): PcapWriter | null => {
    let w = writers.get(linkType);
    if (w !== undefined || !opts.write) return w ?? null;
    const path = writers.size === 0 ? opts.write : pathForLinkType(opts.write, linkType);
    w = null;
    if (path === null) failed(`${opts.write}: frames of link type ${linkType} cannot go to standard output too`);
    else {
      w = PcapWriter.open(path, { linkType, snaplen: opts.snaplen, nanos: true, onError: (e) => failed(e.message) });
      if (writers.size > 0) say(`frames of link type ${linkType} go to ${path}`);
    }
    writers.set(linkType, w);
    return w;
  };
  // An interface has one link type: its file is created now, so a bad path fails before capturing.
  if (source.linkType !== null) writerFor(source.linkType);
  const writer = opts.write ? { closeSync: () => writers.forEach((w) => w?.closeSync()) } : null;
  let stopped = false;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  const stop = () => {
    if (stopped) return;
    stopped = true;
    resolveDone();
  };

  let ui: { rerender(): void; waitUntilExit(): Promise<void>; unmount(): void } | null = null;
  // New findings at once; updates of a finding (it goes on) at most every stateEvery seconds.
  const lastUpdate = new Map<Finding, number>();
  engine.listener = {
    transition: (t, g) => {
      emit({ event: 'transition', group: g.id, ...transitionReport(t) });
      ui?.rerender(); // news: drawn at once, not at the next clock refresh
    },
    finding: (f, update) => {
      const now = wallNow();
      if (update && now - (lastUpdate.get(f) ?? -Infinity) < opts.stateEvery) return;
      lastUpdate.set(f, now);
      emit({ event: 'finding', update, ...engine.fresh(f) });
      ui?.rerender();
    },
  };

  // ---- run the source
  const warnings: string[] = [...source.warnings];
  let inputError: string | undefined;
  source
    .run((p: CapturedPacket) => {
      if (stopped) return false;
      if (opts.write) {
        try {
          writerFor(p.linkType)?.write(p);
        } catch (err) {
          writers.set(p.linkType, null);
          failed(err instanceof Error ? err.message : String(err));
        }
      }
      packetClock.packet(frameTime(p));
      if (!pipeline.frame(p)) {
        // Its state filled most of the heap (a flood of spoofed routers): the report of what came before.
        inputError = heapFullError(name, pipeline.full!).message;
        stop();
        return false;
      }
      if (opts.count !== undefined && counts.frames >= opts.count) {
        stop();
        return false;
      }
    })
    .then(
      (summaries) => {
        if (stopped) return; // ended on purpose (duration, count, q, a signal): what follows is no news
        for (const s of summaries) {
          warnings.push(...s.warnings.map((w) => w.message));
          if (s.error) inputError = s.error.message;
        }
        stop();
      },
      (err: unknown) => {
        if (stopped) return;
        inputError = err instanceof Error ? err.message : String(err);
        stop();
      },
    );
  const inputs = (): InputReport[] => [
    { name, format: 'live', packets: counts.frames, warnings, ...(inputError ? { error: inputError } : {}) },
  ];

  // ---- clock, bounded runs, signals
  // --duration is checked on the clock tick: a timer would overflow past 24.8 days (--duration 1000h).
  const deadline = opts.duration !== undefined ? wallNow() + opts.duration : Infinity;
  const ticker = setInterval(() => {
    pipeline.tick(clock());
    if (wallNow() >= deadline) stop();
  }, TICK_MS);
  let lastState = wallNow();
  const stateTimer = ndjson
    ? setInterval(() => {
        if (wallNow() - lastState < opts.stateEvery) return;
        lastState = wallNow();
        const now = clock();
        const report = pipeline.snapshot(now, inputs(), false);
        emit({
          event: 'state',
          time: round6(now),
          frames: counts.frames,
          groups: report.groups.map((g) => ({ id: g.id, ...g.state })),
        });
      }, 250)
    : null;
  const onSignal = () => {
    // Flush the capture file first: whatever happens next, the packets seen so far are kept.
    writer?.closeSync();
    stop();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  // ---- the UI, on a terminal
  if (opts.format === 'tui') {
    const views = new ViewModelBuilder();
    const { renderApp } = await import('../ui/app.js');
    const stdin = fromStdin ? keyboard() : process.stdin;
    const writing = writer ? `, writing ${safeText(opts.write!)}` : '';
    ui = renderApp(
      () => {
        const now = clock();
        const { dropped } = source.stats();
        return views.build(pipeline.snapshot(now, inputs(), false), {
          title: `live ${safeText(name)}`,
          live: true,
          now,
          status:
            `${fromStdin ? 'reading' : 'capturing on'} ${safeText(name)}: ${counts.frames} frames ` +
            `(${counts.vrrp} VRRP, ${counts.arp} ARP), ${dropped} dropped${writing}`,
        });
      },
      { live: true, refreshMs: 1000, ...(stdin ? { stdin } : {}) },
    );
    ui.waitUntilExit().then(stop, stop);
  }

  await done;
  clearInterval(ticker);
  if (stateTimer) clearInterval(stateTimer);
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  await source.stop();
  writer?.closeSync();
  ui?.unmount();
  await metrics?.close();

  const report = pipeline.finish(inputs(), clock());
  if (ndjson) emit({ event: 'report', report });
  else if (opts.format === 'json') for (const line of jsonLines(report)) out.line(line);
  else if (opts.format !== 'none') {
    const { renderText } = await import('../render/report-text.js');
    out.line(renderText(report, { time: opts.time, color: opts.color }).trimEnd());
  }
  await out.end();

  for (const w of warnings) sayWarning(`${name}: ${w}`);
  if (inputError) {
    sayError(inputError);
    return EXIT.INPUT;
  }
  if (writeError) return EXIT.INPUT;
  return exitForFindings(report, opts.failOn);
}

/** "out.pcap" -> "out.linktype-113.pcap" for frames of another link type; null for standard output. */
function pathForLinkType(path: string, linkType: number): string | null {
  if (path === '-') return null;
  const dot = path.lastIndexOf('.');
  const slash = path.lastIndexOf('/');
  return dot > slash + 1
    ? `${path.slice(0, dot)}.linktype-${linkType}${path.slice(dot)}`
    : `${path}.linktype-${linkType}`;
}

/** Keys for the UI when standard input carries the capture: the controlling terminal. */
function keyboard(): ReadStream | null {
  try {
    return new ReadStream(openSync('/dev/tty', 'r'));
  } catch {
    return null;
  }
}
