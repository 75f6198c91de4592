/**
 * What the analysis of a capture costs in counts rather than seconds: the instructions it executes
 * and the misses of a simulated data cache, from Valgrind's cachegrind. A diagnostic for comparing
 * two builds on this shared VM, where the same build's wall time moves 2-3x from one minute to the
 * next (bench/machine.ts) and a change of 5-10 % cannot be seen in it; not a target.
 *
 *   node build/bench/counts.js FILE [ROUNDS]
 *
 * runs `node --predictable` under cachegrind on ROUNDS (default 2) rounds of the analysis of FILE
 * and its JSON report in one process (the rounds after the first run the code already optimized),
 * and prints the whole process's counts. `--predictable` makes V8 compile on the main thread, so the
 * point at which code is optimized no longer depends on how the threads were scheduled: two runs of
 * the same build agree within 1-2 %, where without it they were 40 % apart. The last-level cache
 * simulated is 4 MiB (16-way, 64-byte lines), about what a process gets of a shared VM's: the
 * analysis' misses there are what slows it as the machine's memory slows.
 *
 * The file is read on the analysis thread (no capture thread: cachegrind runs one thread at a time
 * anyway). Cachegrind runs the code 30-60 times slower: the first 50,000 packets of a case are
 * plenty (`editcap -r IN OUT 1-50000`).
 */
import { spawnSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CaptureFiles } from '../src/capture/packet-source.js';
import { analysisRound } from './analysis-round.js';
import { which } from './run-command.js';

/** The simulated last-level cache: bytes, ways, line size (see the header). */
const LL = '--LL=4194304,16,64';
/** The argument that makes this script run the rounds itself (under cachegrind). */
const ROUNDS_HERE = '--rounds-here';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args[0] === ROUNDS_HERE) return runRounds(args[1], Number(args[2]));
  const [file, roundsArg = '2'] = args;
  const rounds = Number(roundsArg);
  if (!file || !Number.isInteger(rounds) || rounds < 1) {
    console.error('usage: node build/bench/counts.js FILE [ROUNDS]');
    return 2;
  }
  if (!statSync(file, { throwIfNoEntry: false })?.isFile()) {
    console.error(`bench/counts: ${file}: no such file`);
    return 2;
  }
  const valgrind = which('valgrind');
  if (!valgrind) {
    console.error('bench/counts: valgrind is not installed (apt-get install valgrind)');
    return 1;
  }
  const out = path.join(os.tmpdir(), `vrrpscope-cachegrind-${process.pid}.out`);
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(
    valgrind,
    [
      '--tool=cachegrind',
      '--cache-sim=yes',
      LL,
      `--cachegrind-out-file=${out}`,
      process.execPath,
      '--predictable',
      self,
      ROUNDS_HERE,
      file,
      String(rounds),
    ],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  const parts = r.status === 0 ? breakdown(out) : null;
  rmSync(out, { force: true });
  if (r.status !== 0) {
    console.error(`bench/counts: the analysis under cachegrind failed (exit ${r.status}):\n${r.stderr.slice(-2000)}`);
    return 1;
  }
  const counts = parseSummary(r.stderr);
  const seconds = (JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { seconds: number[] }).seconds;
  console.log(`file    : ${file}, ${rounds} round(s) in one process, node --predictable, cachegrind ${LL.slice(2)}`);
  console.log(
    `counts  : ${(counts.instructions / 1e9).toFixed(3)} G instructions, D1 misses ${(counts.d1 / 1e6).toFixed(1)} M, ` +
      `LL misses ${(counts.ll / 1e6).toFixed(1)} M (whole process)`,
  );
  console.log(`rounds  : ${seconds.map((s) => s.toFixed(1)).join(', ')} s under cachegrind`);
  if (parts) {
    // Shares of what cg_annotate counted per function: instructions, and the data reads that missed.
    const sum = { instructions: 0, d1: 0, ll: 0 };
    for (const c of parts.values()) {
      sum.instructions += c.instructions;
      sum.d1 += c.d1;
      sum.ll += c.ll;
    }
    console.log(`where   : ${''.padEnd(38)} instructions  D1 read misses  LL read misses`);
    for (const [what, c] of [...parts].sort((a, b) => b[1].instructions - a[1].instructions))
      console.log(
        `  ${what.padEnd(44)} ${pct(c.instructions, sum.instructions)}  ${pct(c.d1, sum.d1).padStart(14)}  ${pct(c.ll, sum.ll).padStart(14)}`,
      );
  }
  return 0;
}

const pct = (x: number, total: number) => `${((100 * x) / total).toFixed(1).padStart(5)} %`;

/**
 * What the code cachegrind watched was doing, by the functions it counted (cg_annotate): V8's
 * optimizing compiler, the code it made (and Sparkplug's: both are JIT code cachegrind cannot name),
 * the collector, the interpreter, inline caches that missed, other builtins (Map, Array, String),
 * and the rest. Null without cg_annotate.
 */
function breakdown(out: string): Map<string, Counts> | null {
  const annotate = which('cg_annotate');
  if (!annotate) return null;
  const r = spawnSync(annotate, ['--show=Ir,D1mr,DLmr', '--sort=Ir', '--threshold=0', '--auto=no', out], {
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  if (r.status !== 0) return null;
  const parts = new Map<string, Counts>();
  const num = String.raw`([\d,]+|\.)(?: \(\s*[\d.]+%\))?\s+`;
  const line = new RegExp(String.raw`^\s*${num}${num}${num}(\S.*)$`);
  const value = (x: string) => (x === '.' ? 0 : Number(x.replaceAll(',', '')));
  for (const text of r.stdout.split('\n')) {
    const m = line.exec(text);
    if (!m || m[4].includes('PROGRAM TOTALS') || !/\d/.test(m[1])) continue;
    const what = partOf(m[4]);
    const c = parts.get(what) ?? { instructions: 0, d1: 0, ll: 0 };
    c.instructions += value(m[1]);
    c.d1 += value(m[2]);
    c.ll += value(m[3]);
    parts.set(what, c);
  }
  return parts.size > 0 ? parts : null;
}

interface Counts {
  instructions: number;
  d1: number;
  ll: number;
}

/** The part a function of cg_annotate's list (`file:function`) belongs to. */
function partOf(fn: string): string {
  if (fn === '???:???') return 'JIT code (TurboFan or Sparkplug)';
  if (/compiler::|maglev::|turboshaft::/.test(fn)) return 'TurboFan compiling';
  if (/Scaveng|MarkCompact|Marking|Sweep|heap::|Heap::|Evacuat|IteratePointers|Worklist|MinorMC|GCTracer/.test(fn))
    return 'garbage collection';
  if (/Builtins_\w*Handler|Builtins_InterpreterEntry|Baseline/.test(fn)) return 'interpreter, baseline builtins';
  if (/Builtins_(Load|Store|KeyedLoad|KeyedStore|DefineNamedOwn|DefineKeyedOwn)IC(_|\b)|\bIC::/.test(fn))
    return 'inline caches (misses)';
  if (fn.includes('Builtins_')) return 'other builtins (Map, Array, String...)';
  if (/Parser|Scanner|BytecodeGenerator|interpreter::/.test(fn)) return 'parsing, bytecode';
  if (/malloc|free|memcpy|memmove|memset/.test(fn)) return 'libc (malloc, memcpy)';
  return 'V8 runtime, Node, the rest';
}

/** The totals cachegrind prints at exit (its numbers have thousands separators). */
function parseSummary(text: string): { instructions: number; d1: number; ll: number } {
  const total = (label: RegExp): number => {
    const m = label.exec(text);
    if (!m) throw new Error(`bench/counts: no ${label.source} in cachegrind's summary`);
    return Number(m[1].replaceAll(',', ''));
  };
  return {
    instructions: total(/I\s+refs:\s+([\d,]+)/),
    d1: total(/D1\s+misses:\s+([\d,]+)/),
    ll: total(/LL misses:\s+([\d,]+)/),
  };
}

/** The rounds themselves (in the process cachegrind watches), the file read on this thread. */
async function runRounds(file: string, rounds: number): Promise<number> {
  const seconds: number[] = [];
  for (let i = 0; i < rounds; i++) seconds.push(await analysisRound(new CaptureFiles([file])));
  console.log(JSON.stringify({ seconds }));
  return 0;
}

process.exitCode = await main();
