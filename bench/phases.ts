/**
 * Where a first run's time goes: a diagnostic beside bench.ts's judged figures, not a target.
 *
 *   node build/bench/phases.js FILE [RUNS]     (default 5 runs, interleaved)
 *
 * Each run times, one after the other: Node starting and exiting (`node -e 0`), `vrrpscope analyze
 * --format json --fail-on none` of an empty capture (Node and vrrpscope's own start-up and exit) and
 * of FILE, all from the command line as bench.ts times them, and tcpdump's pass over FILE (when
 * installed). Then it analyzes FILE once more in a fresh process of its own (this script with
 * --child), as analyze does (read on a capture thread when analyze would, the JSON report made line
 * by line terminal-safe and thrown away), and notes the time at which every 4,096th frame reaches
 * the analysis: how fast the analysis went while V8 was still interpreting and compiling its code,
 * and how fast once it had. That process loads the modules unbundled, so its start-up is not the
 * command's: its times are counted from the analysis' start.
 *
 * It prints the medians: the start-ups; the time the first 4,096, 16,384 and 65,536 frames took
 * against the steady rate (the frames from a quarter of the way on); the warm-up, what the whole
 * run's frames took beyond the steady rate; the report; and how the run splits into what it pays
 * whatever the capture's length (start-ups, warm-up, report) and what grows with it.
 *
 * The frames counted are those handed to the analysis: on a capture thread, the ones it decodes
 * (the others come as counts); read in place, every frame. Counting them wraps the source's frame
 * callback in one more function call, a few nanoseconds a frame.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PacketSource } from '../src/capture/packet-source.js';
import { writePcap } from '../test/support/pcap-writer.js';
import { machineLine, probeMachine } from './machine.js';
import { which } from './run-command.js';

/** The argument that makes this script the analysis process. */
const CHILD = '--child';
/** Frames between two marks (a power of two). */
const MARK_EVERY = 4096;
/** The marks reported: the time these many frames took from the analysis' start. */
const FIRSTS = [4096, 16384, 65536];

/** Seconds from the command line, a list per command (one per run). */
interface Times {
  node: number[];
  start: number[];
  whole: number[];
  /** Empty without tcpdump. */
  tcpdump: number[];
}

/** What the analysis process reports (milliseconds from the analysis' start). */
interface Timeline {
  /** [frames, ms] at the first frame and every MARK_EVERY frames. */
  marks: [number, number][];
  frames: number;
  /** When the source ended (the last frame analyzed), and when the report was made. */
  lastFrame: number;
  done: number;
}

const here = fileURLToPath(import.meta.url);
const cli = fileURLToPath(new URL('../cli/main.js', import.meta.url));

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args[0] === CHILD) return child(args[1]);
  const [file, runsArg = '5'] = args;
  const runs = Number(runsArg);
  if (!file || !Number.isInteger(runs) || runs < 1) {
    console.error('usage: node build/bench/phases.js FILE [RUNS]');
    return 2;
  }
  console.log(`machine : ${machineLine(probeMachine())}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vrrpscope-phases-'));
  try {
    // A capture without frames: what analyze costs before and after its frames (as bench:worst).
    const empty = path.join(dir, 'empty.pcap');
    writeFileSync(empty, writePcap({ linkType: 1, packets: [] }));

    const tcpdump = which('tcpdump');
    const times: Times = { node: [], start: [], whole: [], tcpdump: [] };
    const timelines: Timeline[] = [];
    for (let i = 0; i < runs; i++) {
      times.node.push(timed([process.execPath, '-e', '0']));
      times.start.push(timed([process.execPath, cli, 'analyze', '--format', 'json', '--fail-on', 'none', empty]));
      times.whole.push(timed([process.execPath, cli, 'analyze', '--format', 'json', '--fail-on', 'none', file]));
      if (tcpdump) times.tcpdump.push(timed([tcpdump, '-r', file, '-w', '/dev/null', 'vrrp or arp']));
      const t = timeline(file);
      if (!t) return 1;
      timelines.push(t);
    }
    report(file, runs, times, timelines);
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Seconds argv took from spawn to exit (its output thrown away); a failure ends the benchmark. */
function timed(argv: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited with ${r.status}: ${String(r.stderr).trim()}`);
  return s;
}

/** The timeline of FILE's analysis in a fresh process, or null (said why). */
function timeline(file: string): Timeline | null {
  const r = spawnSync(process.execPath, [here, CHILD, file], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    console.error(`bench/phases: the analysis of ${file} failed: ${r.stderr.trim()}`);
    return null;
  }
  return JSON.parse(r.stdout) as Timeline;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Milliseconds from the first frame to frame `frames`, or NaN if the file has fewer. */
function firstFrames(t: Timeline, frames: number): number {
  return (t.marks.find(([n]) => n === frames)?.[1] ?? NaN) - t.marks[0][1];
}

/** Microseconds per frame from a quarter of the way to the last mark. */
function steadyRate(t: Timeline): number {
  const marks = t.marks;
  if (marks.length < 8) return NaN;
  const [n0, t0] = marks[(marks.length >> 2) + 1];
  const [n1, t1] = marks[marks.length - 1];
  return ((t1 - t0) * 1000) / (n1 - n0);
}

function report(file: string, runs: number, times: Times, timelines: Timeline[]): void {
  const ms = (s: number): number => Math.round(s * 1000);
  const node = median(times.node);
  const start = median(times.start);
  const whole = median(times.whole);
  console.log(`file    : ${file}, ${runs} run(s) interleaved, medians`);
  console.log(
    `start   : Node alone ${ms(node)} ms; analyze of an empty capture ${ms(start)} ms ` +
      `(vrrpscope's own start-up and exit ${ms(start - node)} ms)`,
  );
  const tcpdump = times.tcpdump.length ? median(times.tcpdump) : NaN;
  console.log(
    `run     : analyze of the file ${ms(whole)} ms (${times.whole.map(ms).join(', ')})` +
      (Number.isNaN(tcpdump)
        ? '; tcpdump not installed'
        : `; tcpdump's pass ${ms(tcpdump)} ms, ${(whole / tcpdump).toFixed(2)}x`),
  );
  const rate = median(timelines.map(steadyRate));
  const frames = timelines[0].frames;
  const first = median(timelines.map((t) => t.marks[0]?.[1] ?? NaN));
  console.log(
    `frames  : ${frames.toLocaleString('en-US')} handed to the analysis, the first ${Math.round(first)} ms after it ` +
      `started; the steady rate ${rate.toFixed(2)} µs a frame`,
  );
  for (const n of FIRSTS.filter((k) => k <= frames)) {
    const took = median(timelines.map((t) => firstFrames(t, n)));
    const steady = (n * rate) / 1000;
    console.log(
      `first   : ${n.toLocaleString('en-US').padStart(6)} frames ${Math.round(took)} ms, ` +
        `${Math.round(steady)} ms at the steady rate: ${Math.round(took - steady)} ms of warm-up`,
    );
  }
  // From the first frame to the source's end, less the frames at the steady rate: the warm-up.
  const atRate = (frames * rate) / 1000;
  const warmUp = median(timelines.map((t) => t.lastFrame - t.marks[0][1])) - atRate;
  const reportMs = median(timelines.map((t) => t.done - t.lastFrame));
  console.log(
    `analysis: ${Math.round(atRate)} ms for the frames at the steady rate, ${Math.round(warmUp)} ms of warm-up ` +
      `over the whole run, the report ${Math.round(reportMs)} ms`,
  );
  const fixed = ms(start) + warmUp + reportMs;
  // The run and the split are separate processes (the split's unbundled), seconds apart on a shared
  // machine: how far apart their sums are says how far the split can be trusted.
  const rest = ms(whole) - fixed - atRate;
  console.log(
    `in all  : of the run's ${ms(whole)} ms, about ${Math.round(fixed)} ms whatever the capture's length ` +
      `(start-ups, warm-up, report), ${Math.round(atRate)} ms that grow with it` +
      (Number.isNaN(tcpdump) ? '' : ` (${(atRate / 1000 / tcpdump).toFixed(2)}x tcpdump's pass)`) +
      `; the run is ${Math.round(rest)} ms off their sum`,
  );
}

/** The analysis process: FILE analyzed as analyze does, the frames' times noted. */
async function child(file: string | undefined): Promise<number> {
  if (!file) return 2;
  // As main.ts: the capture thread (if analyze would read the file on one) starts first.
  const { startEarly } = await import('../src/capture/early-thread.js');
  startEarly(['analyze', file]);
  const { filesSource } = await import('../src/commands/analyze.js');
  const { analysisRound } = await import('./analysis-round.js');

  const source = filesSource([file]);
  const marks: [number, number][] = [];
  let frames = 0;
  let lastFrame = 0;
  const t0 = performance.now();
  const counted: PacketSource = {
    names: source.names,
    linkType: source.linkType,
    warnings: source.warnings,
    stop: () => source.stop(),
    stats: () => source.stats(),
    run: (onPacket, onProgress, onSkipped) =>
      source
        .run(
          (p) => {
            if ((++frames & (MARK_EVERY - 1)) === 0 || frames === 1) marks.push([frames, performance.now() - t0]);
            return onPacket(p);
          },
          onProgress,
          onSkipped,
        )
        .then((summaries) => {
          lastFrame = performance.now() - t0;
          return summaries;
        }),
  };
  // The analysis and its JSON report, as warm.ts and counts.ts run them.
  await analysisRound(counted);
  const done = performance.now() - t0;
  const t: Timeline = { marks, frames, lastFrame, done };
  process.stdout.write(JSON.stringify(t));
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(`bench/phases: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
