/**
 * Runs bench/warm.ts (the analysis of a file, round after round in one process) for the benchmarks
 * that print its figures beside their judged ones: bench.ts for the 2M capture, worst.ts per case.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const warmScript = fileURLToPath(new URL('./warm.js', import.meta.url));

export interface Warm {
  /** The fastest round after the first, seconds. */
  seconds: number;
  /** Bytes one more round allocated, garbage included (sampled). */
  allocated: number;
}

/** `rounds` rounds of the analysis of `file` in one process; null if they failed. */
export function warmRounds(file: string, rounds: number): Promise<Warm | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [warmScript, file, String(rounds)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.on('close', (code) => {
      if (code !== 0) return resolve(null);
      const { seconds, allocated } = JSON.parse(out) as { seconds: number[]; allocated: number };
      resolve({ seconds: Math.min(...seconds.slice(1)), allocated });
    });
  });
}

/** BENCH_WARM: the rounds to run (default 4), 0 for none; null (after saying why) if it is not a valid count. */
export function warmRoundsWanted(): number | null {
  const rounds = Number(process.env.BENCH_WARM ?? 4);
  if (!Number.isInteger(rounds) || (rounds !== 0 && rounds < 2)) {
    console.error(`BENCH_WARM=${process.env.BENCH_WARM}: give a number of rounds from 2 up, or 0 for none`);
    return null;
  }
  return rounds;
}
