/**
 * The capture thread started with the process, before the command's modules load. For `analyze` of
 * capture files large enough to be read on a capture thread (thread-choice.ts), the thread loads its
 * own modules on the other core meanwhile and reads from the moment its job comes: about 25 ms
 * sooner on the 2M-packet benchmark, a run of about 0.65 s. It waits for the job (the data a thread
 * started later is given as workerData); a thread that gets none (the command turned out to want
 * none) ends with the process, which it does not keep alive.
 */
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { CAPTURE_THREAD_LIMITS, captureThreadWanted } from './thread-choice.js';

/** The capture thread's module. */
export const CAPTURE_THREAD = new URL('./capture-thread.js', import.meta.url);

/** A capture thread, and how it ended if it has (set by its events). */
export interface CaptureThread {
  readonly worker: Worker;
  error: Error | null;
}

let early: CaptureThread | null = null;

/** A capture thread for `workerUrl`, its end recorded from its first event on. */
export function startCaptureThread(workerUrl: URL, workerData?: unknown): CaptureThread {
  const worker = new Worker(workerUrl, { workerData, resourceLimits: CAPTURE_THREAD_LIMITS });
  const thread: CaptureThread = { worker, error: null };
  worker.on('error', (err) => (thread.error ??= err));
  worker.on('exit', (code) => (thread.error ??= new Error(`the capture thread ended (exit code ${code})`)));
  return thread;
}

/**
 * Starts the capture thread now if `args` (the command line after the script) is `analyze` of files
 * that the command will read on one. A guess from the arguments alone: a word right after an option
 * may be its value and is left out, so a guess that is wrong costs a thread started for nothing, or
 * one started later, never a different reading.
 */
export function startEarly(args: readonly string[]): void {
  if (args[0] !== 'analyze') return;
  const files: string[] = [];
  for (let i = 1; i < args.length; i++) {
    const a = args[i];
    if (a === '-') return; // standard input is read where it is, and with it every input
    if (a.startsWith('-') || (args[i - 1].startsWith('-') && !args[i - 1].includes('='))) continue;
    if (isFile(a)) files.push(a);
  }
  if (files.length === 0 || !captureThreadWanted(files)) return;
  try {
    early = startCaptureThread(CAPTURE_THREAD);
    early.worker.unref();
  } catch {
    early = null; // started later, when the command asks for one (and read here if that fails too)
  }
}

/** The capture thread started early, if there is one and it has not been taken. */
export function takeEarly(): CaptureThread | null {
  const thread = early;
  early = null;
  return thread;
}

function isFile(name: string): boolean {
  try {
    return statSync(name).isFile();
  } catch {
    return false;
  }
}
