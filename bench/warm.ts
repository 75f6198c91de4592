/**
 * The same analysis as `vrrpscope analyze --format json FILE`, run ROUNDS times in one process: a
 * diagnostic beside bench:worst's judged figures, not a target. From the command line every run is
 * a first run, so a small case pays for V8 compiling the code it runs (interpreted at first, then
 * optimized on a background thread); the later rounds here run the code already optimized. The
 * difference between the two is what warming up costs.
 *
 *   node build/bench/warm.js FILE [ROUNDS]   prints {"seconds":[...],"allocated":B} (one time per
 *                                           round, analysis and the JSON report, which is made and
 *                                           thrown away; B: the bytes one more round allocates)
 *
 * `allocated` is measured in a round of its own, after the timed ones, under V8's sampling heap
 * profiler with the objects the collector freed counted too: every allocation of the analysis and
 * its report, garbage and all (V8 scales its samples to an estimate of the total). What a packet
 * costs the memory system besides the state it touches: a young generation written through.
 *
 * A file analyze would read on a capture thread (over 64 MB: the benchmark's 2M) is read on one
 * here too, started afresh in each round, so its own code is compiled anew each time; the
 * allocation counted is the analysis thread's.
 */
import { Session } from 'node:inspector/promises';
import { filesSource } from '../src/commands/analyze.js';
import { analysisRound } from './analysis-round.js';

async function main(): Promise<number> {
  const [file, roundsArg] = process.argv.slice(2);
  const rounds = Number(roundsArg ?? 3);
  if (!file || !Number.isInteger(rounds) || rounds < 1) {
    console.error('usage: node build/bench/warm.js FILE [ROUNDS]');
    return 2;
  }
  const seconds: number[] = [];
  for (let i = 0; i < rounds; i++) seconds.push(await round(file));
  console.log(JSON.stringify({ seconds, allocated: await allocated(file) }));
  return 0;
}

/** A round, reading the file as analyze reads it: a large file on a capture thread (started afresh each round). */
function round(file: string): Promise<number> {
  return analysisRound(filesSource([file]));
}

/** The bytes one round allocates, freed or not (see the header). */
async function allocated(file: string): Promise<number> {
  const session = new Session();
  session.connect();
  // (Parameters V8 takes since 11.0 that @types/node does not list.)
  const sampling = {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  };
  await session.post('HeapProfiler.startSampling', sampling);
  await round(file);
  const { profile } = await session.post('HeapProfiler.stopSampling');
  session.disconnect();
  let bytes = 0;
  const nodes = [profile.head];
  for (let n = nodes.pop(); n; n = nodes.pop()) {
    bytes += n.selfSize;
    nodes.push(...n.children);
  }
  return bytes;
}

process.exitCode = await main();
