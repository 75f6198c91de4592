/**
 * Runs one command for the benchmark (bench.ts): wall time from spawn to exit, peak RSS and CPU
 * time, the output kept, counted or thrown away.
 */
import { spawn } from 'node:child_process';
import { accessSync, closeSync, constants, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export const GNU_TIME = '/usr/bin/time';
const KEEP_OUTPUT_BYTES = 1 << 20;

/** How peak RSS is measured: GNU time's %M, or /proc/PID/status VmHWM polled (bench/README.md). */
export type RssMethod = 'time' | 'proc';

export interface RunResult {
  ok: boolean;
  code: number | null;
  signal: NodeJS.Signals | null;
  seconds: number;
  peakRssKiB: number | null;
  /** User plus system CPU seconds of the command and its threads (GNU time's %U + %S; null with BENCH_RSS=proc). */
  cpuSeconds: number | null;
  stdout: string;
  stderr: string;
}

export function which(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function readPeakFromProc(pid: number): number | null {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? null : Number(m[1]);
  } catch {
    return null; // already gone
  }
}

/** Keeps the last `limit` characters of a growing text. */
function appendCapped(acc: string, chunk: string, limit: number): string {
  const s = acc + chunk;
  return s.length > limit ? s.slice(s.length - limit) : s;
}

/**
 * Runs argv once. Wall time is measured from spawn to exit. Peak RSS is the
 * child's maximum resident set size: with 'time' it is GNU time's %M (ru_maxrss
 * from wait4, written to a separate file so it cannot mix with the child's
 * stderr); with 'proc' /proc/<pid>/status VmHWM is polled every 10 ms.
 */
export function runOnce(
  argv: string[],
  stdoutMode: 'null' | 'capture' | 'count-lines',
  rss: RssMethod,
  tmpDir: string,
): Promise<RunResult & { lines: number; bytes: number }> {
  return new Promise((resolvePromise) => {
    const timeFile = path.join(tmpDir, 'time.out');
    rmSync(timeFile, { force: true });
    const fullArgv = rss === 'time' ? [GNU_TIME, '-f', '%M %U %S', '-o', timeFile, ...argv] : argv;
    const devNull = stdoutMode === 'null' ? openSync('/dev/null', 'w') : null;
    const t0 = process.hrtime.bigint();
    const child = spawn(fullArgv[0], fullArgv.slice(1), { stdio: ['ignore', devNull ?? 'pipe', 'pipe'] });
    if (devNull !== null) closeSync(devNull);

    let stdout = '';
    let lines = 0;
    let bytes = 0;
    let stderr = '';
    let polledPeak: number | null = null;
    let timer: NodeJS.Timeout | undefined;

    if (child.stdout !== null) {
      if (stdoutMode === 'count-lines') {
        child.stdout.on('data', (b: Buffer) => {
          bytes += b.length;
          for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) lines++;
        });
      } else {
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (s: string) => {
          if (stdout.length < KEEP_OUTPUT_BYTES) stdout += s.slice(0, KEEP_OUTPUT_BYTES - stdout.length);
        });
      }
    }
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (s: string) => {
      stderr = appendCapped(stderr, s, 64 * 1024);
    });

    if (rss === 'proc' && child.pid !== undefined) {
      const pid = child.pid;
      const poll = (): void => {
        const v = readPeakFromProc(pid);
        if (v !== null) polledPeak = Math.max(polledPeak ?? 0, v);
      };
      poll();
      timer = setInterval(poll, 10);
    }

    let spawnError: Error | null = null;
    child.on('error', (err) => {
      spawnError = err;
    });
    child.on('close', (code, signal) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (timer !== undefined) clearInterval(timer);
      let peak: number | null = polledPeak;
      let cpu: number | null = null;
      if (rss === 'time') {
        try {
          // GNU time may prefix "Command exited with non-zero status N"; "%M %U %S" is the last line.
          const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
          const m = /^(\d+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)$/.exec(last);
          peak = m === null ? null : Number(m[1]);
          cpu = m === null ? null : Number(m[2]) + Number(m[3]);
        } catch {
          peak = null;
        }
      }
      if (spawnError !== null) stderr = appendCapped(stderr, `\nspawn failed: ${spawnError.message}`, 64 * 1024);
      resolvePromise({
        ok: spawnError === null && code === 0 && signal === null,
        code,
        signal,
        seconds,
        peakRssKiB: peak,
        cpuSeconds: cpu,
        stdout,
        stderr,
        lines,
        bytes,
      });
    });
  });
}
