/**
 * Worst cases for the analysis (deterministic, generated into bench/data/ on first use): captures
 * built to hit every per-packet path that could grow with what was seen before. Each is timed with
 * `vrrpscope analyze --format json` and must stay linear: under 2 s per million packets, peak RSS
 * under 300 MB, and a report of bounded size.
 *
 *   npm run bench:worst            (compiles into build/, then node build/bench/worst.js)
 *   node build/bench/worst.js NAME  one case
 *   BENCH_RUNS=N                    runs per case and of the empty capture (default 3; the best counts)
 *   BENCH_FORMAT=text               the report written as text (or prometheus) instead of JSON
 *   BENCH_GROWTH=K                  each case also K times larger (2-4) along what it stresses, and
 *                                   the growth of its cost per packet: linear paths stay near 1x,
 *                                   a path that grows with what was seen before shows up as more
 *   BENCH_WARM=N                    rounds of the same analysis in one process (bench/warm.ts;
 *                                   default 4, 0 for none): the cost per packet once V8 has
 *                                   optimized the code, a diagnostic beside the judged figure
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePcap } from '../test/support/pcap-writer.js';
import { machineLine, probeMachine } from './machine.js';
import { warmRounds as runWarm, warmRoundsWanted } from './warm-run.js';
import { CASES, VERSION } from './worst-cases.js';
import { runOnce } from './run-command.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = path.join(root, 'bench', 'data');
const cli = fileURLToPath(new URL('../cli/main.js', import.meta.url));
/** Where GNU time writes its figures (removed at the end). */
const tmpDir = mkdtempSync(path.join(os.tmpdir(), 'vrrpscope-worst-'));

function captureFor(name: string, k = 1): { file: string; packets: number } {
  const file = path.join(dataDir, `worst-${name}${k === 1 ? '' : `-x${k}`}-v${VERSION}.pcap`);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    const packets = CASES[name].build(k);
    writeFileSync(file, writePcap({ linkType: 1, nanos: true, packets }));
    writeFileSync(`${file}.count`, String(packets.length));
  }
  return { file, packets: Number(readFileSync(`${file}.count`, 'utf8')) };
}

interface Run {
  seconds: number;
  /** User + system CPU seconds (all threads). */
  cpu: number;
  /** Peak RSS in MB (10^6 bytes, as the budget is). */
  rssMB: number;
  reportBytes: number;
  code: number;
}

/** The report's format (BENCH_FORMAT): json unless asked. */
const FORMAT = process.env.BENCH_FORMAT ?? 'json';

/** Runs analyze under /usr/bin/time: wall seconds, CPU seconds, peak RSS (MB), report bytes. */
async function run(file: string): Promise<Run> {
  const argv = [process.execPath, cli, 'analyze', '--format', FORMAT, '--fail-on', 'none', file];
  const r = await runOnce(argv, 'count-lines', 'time', tmpDir);
  // GNU time's %M is in units of 1024 bytes.
  const rssMB = r.peakRssKiB === null ? NaN : (r.peakRssKiB * 1024) / 1e6;
  return { seconds: r.seconds, cpu: r.cpuSeconds ?? NaN, rssMB, reportBytes: r.bytes, code: r.code ?? 1 };
}

/** One case's figures (the best of its runs). */
interface Measured {
  file: string;
  packets: number;
  perMillion: number;
  rssMB: number;
  ok: boolean;
}

/**
 * Runs one case `runs` times, each after a run of the empty capture (`empty`), and prints its line.
 * The start-up taken off is the best of the case's own empty runs: the machine these figures were
 * taken on slows by a factor of 2-3 for minutes at a time, and the start-up of a run minutes before
 * (a tenth of a second, or a quarter) would be taken off a case in another phase of it.
 */
async function measure(name: string, k: number, runs: number, empty: string): Promise<Measured> {
  const { file, packets } = captureFor(name, k);
  const mb = statSync(file).size / 1e6;
  const all: Run[] = [];
  let startup = Infinity;
  for (let i = 0; i < runs; i++) {
    startup = Math.min(startup, (await run(empty)).seconds);
    all.push(await run(file));
  }
  // The fastest run, with the largest peak RSS of them all and the first failure's exit status.
  const r = { ...all.reduce((a, b) => (b.seconds < a.seconds ? b : a)) };
  r.rssMB = Math.max(...all.map((x) => x.rssMB));
  r.code = all.find((x) => x.code !== 0)?.code ?? 0;
  const perMillion = Math.max(0, r.seconds - startup) / (packets / 1e6);
  const ok = r.code === 0 && perMillion < 2 && r.rssMB < 300;
  const label = k === 1 ? name : `${name} x${k}`;
  console.log(
    `${label.padEnd(25)} ${String(packets).padStart(8)}  ${r.seconds.toFixed(2).padStart(7)}  ` +
      `${startup.toFixed(2).padStart(8)}  ${r.cpu.toFixed(2).padStart(5)}  ` +
      `${perMillion.toFixed(2).padStart(11)}  ` +
      `${(packets / r.seconds / 1e6).toFixed(2).padStart(11)}  ${(mb / r.seconds).toFixed(0).padStart(5)}  ` +
      `${r.rssMB.toFixed(0).padStart(5)} MB  ${(r.reportBytes / 1e6).toFixed(1).padStart(6)} MB` +
      `${ok ? '' : `  over budget (2 s per million packets, 300 MB)${r.code ? `, exit ${r.code}` : ''}`}`,
  );
  return { packets, perMillion, rssMB: r.rssMB, ok, file };
}

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const names = only.length ? only : Object.keys(CASES);
  const unknown = names.find((name) => !CASES[name]);
  if (unknown) {
    console.error(`unknown case ${unknown} (one of ${Object.keys(CASES).join(', ')})`);
    return 2;
  }
  const growth = Number(process.env.BENCH_GROWTH ?? 1);
  if (!Number.isInteger(growth) || growth < 1 || growth > 4) {
    console.error(`BENCH_GROWTH=${process.env.BENCH_GROWTH}: give a whole factor from 2 to 4`);
    return 2;
  }
  let failed = 0;
  // What every run costs before its first packet (Node, loading, the report of nothing): measured on
  // an empty capture and taken off, so small cases are judged on the analysis, not the start-up.
  const empty = path.join(dataDir, 'worst-empty.pcap');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(empty, writePcap({ linkType: 1, packets: [] }));
  // The machine may be shared: each case runs `runs` times, each after a run of the empty capture,
  // and the best (least wall time) counts, as for its start-up; peak RSS is the largest of the runs.
  const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3) || 3);
  const warmRounds = warmRoundsWanted();
  if (warmRounds === null) return 2;
  console.log(`machine: ${machineLine(probeMachine())}`);
  console.log(
    `each case: analyze --format ${FORMAT}, the best of ${runs} runs (wall time); peak RSS the largest of them ` +
      '(MB = 10^6 bytes); cpu = user + system; start-up = the best of as many runs of an empty capture, ' +
      "one before each of the case's, taken off the seconds per million packets",
  );
  if (growth > 1) {
    console.log(
      `and each case ${growth} times larger (the growth line: its cost per packet against the case as named; ` +
        'a path that grows with what was seen before makes it grow too; only the case as named is judged)',
    );
  }
  console.log(
    'case                      packets   seconds  start-up  cpu s  s/M packets  M packets/s  MB/s  peak RSS     report',
  );
  for (const name of names) {
    const base = await measure(name, 1, runs, empty);
    if (!base.ok) failed++;
    console.log(`  ${CASES[name].what}`);
    if (warmRounds > 0 && FORMAT === 'json') {
      const w = await runWarm(base.file, warmRounds);
      console.log(
        w === null
          ? '  warm: the rounds in one process failed'
          : `  warm: ${(w.seconds / (base.packets / 1e6)).toFixed(2)} s per million packets once V8 has optimized ` +
              `the code (the fastest of rounds 2-${warmRounds} in one process; a diagnostic, not judged); ` +
              `${Math.round(w.allocated / base.packets)} bytes ` +
              'allocated per packet, garbage included (one more round, sampled)',
      );
    }
    if (growth === 1) continue;
    const big = await measure(name, growth, runs, empty);
    const ratio = big.perMillion / base.perMillion;
    console.log(
      `  growth x${growth}: ${ratio.toFixed(2)}x the cost per packet, ${(big.rssMB / base.rssMB).toFixed(2)}x the peak RSS` +
        `${ratio > 1.5 ? '  (grows faster than the packets)' : ''}`,
    );
  }
  return failed ? 1 : 0;
}

try {
  process.exitCode = await main();
} finally {
  rmSync(tmpDir, { recursive: true, force: true });
}
