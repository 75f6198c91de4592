import { closeSync, openSync, readSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { CaptureError } from './errors.js';

/**
 * Where capture bytes come from. `read` fills buf[off, off+len) and returns how many bytes it put
 * there, 0 at the end of the input. A file answers synchronously; a pipe may answer with a promise.
 * Readers only await when a source actually returns a promise, so files stay on a synchronous path.
 */
export interface ByteSource {
  readonly name: string;
  read(buf: Buffer, off: number, len: number): number | Promise<number>;
  close(): void;
}

const OPEN_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory, not a capture file',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'file name too long',
};

function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code && OPEN_ERRORS[code]) return OPEN_ERRORS[code];
  if (code) return `cannot read (${code})`;
  return 'cannot read';
}

/** A regular file (or anything that can be read with read(2) without blocking the loop for long). */
class FileSource implements ByteSource {
  private fd: number;

  constructor(readonly name: string) {
    try {
      this.fd = openSync(name, 'r');
    } catch (err) {
      throw new CaptureError(name, describeFsError(err));
    }
  }

  read(buf: Buffer, off: number, len: number): number {
    try {
      return readSync(this.fd, buf, off, len, null);
    } catch (err) {
      // A directory opens fine on Linux and fails here.
      throw new CaptureError(this.name, describeFsError(err));
    }
  }

  close(): void {
    if (this.fd >= 0) {
      try {
        closeSync(this.fd);
      } catch {
        /* already closed */
      }
      this.fd = -1;
    }
  }
}

/** A stream such as standard input (`-`): chunks arrive asynchronously. */
export class StreamSource implements ByteSource {
  private readonly chunks: AsyncIterator<Buffer>;
  private pending: Buffer | null = null;
  private pendingOff = 0;

  constructor(
    readonly name: string,
    private readonly stream: Readable,
  ) {
    this.chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }

  read(buf: Buffer, off: number, len: number): number | Promise<number> {
    if (this.pending) return this.copyPending(buf, off, len);
    return this.chunks.next().then(
      (r): number | Promise<number> => {
        if (r.done) return 0;
        const chunk = typeof r.value === 'string' ? Buffer.from(r.value, 'binary') : r.value;
        // An empty chunk is not the end of the input (0 means end to the reader): wait for more.
        if (chunk.length === 0) return this.read(buf, off, len);
        this.pending = chunk;
        this.pendingOff = 0;
        return this.copyPending(buf, off, len);
      },
      (err: unknown) => {
        throw new CaptureError(this.name, describeFsError(err));
      },
    );
  }

  private copyPending(buf: Buffer, off: number, len: number): number {
    const p = this.pending!;
    const n = Math.min(len, p.length - this.pendingOff);
    p.copy(buf, off, this.pendingOff, this.pendingOff + n);
    this.pendingOff += n;
    if (this.pendingOff >= p.length) this.pending = null;
    return n;
  }

  close(): void {
    this.stream.destroy();
  }
}

/** Opens an input named on the command line: `-` is standard input, anything else a file path. */
export function openSource(name: string): ByteSource {
  if (name === '-') return new StreamSource('<stdin>', process.stdin);
  return new FileSource(name);
}

/** Bytes already in memory (tests, and captures built on the fly). Reads in chunks of at most `chunk`. */
export class BufferSource implements ByteSource {
  private pos = 0;

  constructor(
    readonly name: string,
    private readonly bytes: Uint8Array,
    private readonly chunk = 1 << 20,
  ) {}

  read(buf: Buffer, off: number, len: number): number {
    const n = Math.min(len, this.chunk, this.bytes.length - this.pos);
    buf.set(this.bytes.subarray(this.pos, this.pos + n), off);
    this.pos += n;
    return n;
  }

  close(): void {}
}
