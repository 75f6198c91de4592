/**
 * Buffered standard output for line-oriented renderers. A closed pipe (`vrrpscope ... | head`) ends
 * the program quietly, as it does for other Unix tools.
 */
const FLUSH_AT = 1 << 16;

export class LineOutput {
  private parts: string[] = [];
  private size = 0;
  closed = false;

  constructor(private readonly stream: NodeJS.WritableStream = process.stdout) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') {
        this.closed = true;
        process.exit(0);
      }
      throw err;
    });
  }

  line(s: string): void {
    this.parts.push(s);
    this.size += s.length + 1;
    if (this.size >= FLUSH_AT) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0 || this.closed) return;
    this.stream.write(this.parts.join('\n') + '\n');
    this.parts = [];
    this.size = 0;
  }

  /** Resolves once everything written so far has been handed to the OS. */
  end(): Promise<void> {
    this.flush();
    return new Promise((resolve) => {
      if (this.closed) return resolve();
      this.stream.write('', () => resolve());
    });
  }
}
