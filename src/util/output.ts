/**
 * Buffered line output straight to a file descriptor (standard output by default).
 *
 * Lines are encoded into one reusable Buffer and written with writeSync: no per-line Buffer, no
 * stream queue. A closed pipe (`vrrpscope ... | head`) ends the program quietly with status 0, as it
 * does for other Unix tools.
 */
import { writeSync } from 'node:fs';

const SIZE = 1 << 20;

export class LineOutput {
  private buf = Buffer.allocUnsafe(SIZE);
  private off = 0;

  constructor(private readonly fd = 1) {}

  line(s: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    if (this.off + s.length * 3 + 1 > this.buf.length) {
      this.flush();
      if (s.length * 3 + 1 > this.buf.length) this.buf = Buffer.allocUnsafe(s.length * 3 + 1);
    }
    this.off += this.buf.write(s, this.off, 'utf8');
    this.buf[this.off++] = 10;
  }

  flush(): void {
    let pos = 0;
    while (pos < this.off) {
      try {
        pos += writeSync(this.fd, this.buf, pos, this.off - pos);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') process.exit(0);
        // A descriptor someone made non-blocking: wait for the reader briefly and retry.
        if (code === 'EAGAIN') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
        else throw err;
      }
    }
    this.off = 0;
  }

  end(): Promise<void> {
    this.flush();
    return Promise.resolve();
  }
}
