/** Whether capture files are read on a capture thread (threaded-files.ts), and with what limits. */
import { statSync } from 'node:fs';

/** Below this much input a second thread (about 20 ms to start) is not worth it. */
export const THREADED_MIN_BYTES = 64 << 20;

/** The capture thread allocates nothing per frame: a small young generation keeps the process's memory down. */
export const CAPTURE_THREAD_LIMITS = { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 64 };

/**
 * Whether these inputs are worth a capture thread: regular files only (standard input is read where
 * it is), together at least THREADED_MIN_BYTES. A file that cannot be looked at is left to the
 * reader, which names the problem.
 */
export function worthAThread(names: readonly string[]): boolean {
  let bytes = 0;
  for (const name of names) {
    if (name === '-') return false;
    try {
      const st = statSync(name);
      if (!st.isFile()) return false;
      bytes += st.size;
    } catch {
      return false;
    }
  }
  return bytes >= THREADED_MIN_BYTES;
}

/**
 * Whether to read these inputs on a capture thread: large regular files, unless
 * VRRPSCOPE_CAPTURE_THREAD says `never` (or `always`, for any files: tests and benchmarks).
 */
export function captureThreadWanted(inputs: readonly string[]): boolean {
  const setting = process.env.VRRPSCOPE_CAPTURE_THREAD;
  if (setting === 'never') return false;
  if (setting === 'always') return !inputs.includes('-');
  return worthAThread(inputs);
}
