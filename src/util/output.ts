/**
 * Buffered line output straight to a file descriptor (standard output by default).
 *
 * Lines are encoded into one reusable Buffer and written with writeSync: no per-line Buffer, no
 * stream queue. A closed pipe (`vrrpscope ... | head`) ends the program quietly with status 0, as it
 * does for other Unix tools.
 */
import { writeSync } from 'node:fs';
import { terminalSafe, type SafeMode } from './text.js';

const SIZE = 1 << 20;

const WRITE_ERRORS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EIO: 'input/output error',
  EBADF: 'not open for writing',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOENT: 'no such directory',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  EROFS: 'read-only file system',
};

/** Output that could not be written (a full disk, a closed descriptor): the user's problem, not a bug. */
export class OutputError extends Error {
  constructor(what: string, err: unknown) {
    const code = (err as NodeJS.ErrnoException)?.code;
    super(`cannot write ${what}: ${(code && WRITE_ERRORS[code]) ?? (err as Error).message}${code ? ` (${code})` : ''}`);
    this.name = 'OutputError';
  }
}

/**
 * Writes buf[0, length) completely: partial writes are continued, and a descriptor someone made
 * non-blocking (a pipe behind standard output) gets a short wait and a retry. Other errors throw.
 */
export function writeAllSync(fd: number, buf: Uint8Array, length: number): void {
  let pos = 0;
  while (pos < length) {
    try {
      pos += writeSync(fd, buf, pos, length - pos);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
    }
  }
}

export class LineOutput {
  private buf = Buffer.allocUnsafe(SIZE);
  private off = 0;

  /** mode: how terminalSafe makes each line safe (colours are kept only in `colour`). */
  constructor(
    private readonly fd = 1,
    private readonly what = 'standard output',
    private readonly mode: SafeMode = 'text',
  ) {}

  /** One line; the last pass of terminalSafe leaves nothing a terminal would act on. */
  line(text: string): void {
    const s = terminalSafe(text, this.mode);
    // UTF-8 needs at most 3 bytes per UTF-16 unit. A long text (a whole JSON report) goes out in
    // pieces through the one buffer, never as a copy of its own size.
    const piece = Math.floor((this.buf.length - 1) / 3);
    for (let at = 0; at < s.length;) {
      if (this.off + Math.min(s.length - at, piece) * 3 + 1 > this.buf.length) this.flush();
      let end = Math.min(s.length, at + piece);
      // Never split a surrogate pair between two pieces.
      if (end < s.length && (s.charCodeAt(end - 1) & 0xfc00) === 0xd800) end--;
      this.off += this.buf.write(s.slice(at, end), this.off, 'utf8');
      at = end;
    }
    if (this.off + 1 > this.buf.length) this.flush();
    this.buf[this.off++] = 10;
  }

  flush(): void {
    try {
      writeAllSync(this.fd, this.buf, this.off);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0);
      throw new OutputError(this.what, err);
    }
    this.off = 0;
  }

  end(): Promise<void> {
    this.flush();
    return Promise.resolve();
  }
}
