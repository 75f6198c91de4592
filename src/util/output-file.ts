/**
 * `-o FILE`: output written to a temporary file beside FILE and renamed into place once complete,
 * so a reader (a browser reloading the report, a script polling for it) never sees half a file, and
 * a failed run leaves FILE as it was. Without a file: standard output.
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LineOutput, OutputError } from './output.js';
import type { SafeMode } from './text.js';

export function writeOutput(file: string | undefined, write: (out: LineOutput) => void, mode: SafeMode = 'text'): void {
  if (file === undefined) {
    const out = new LineOutput(1, 'standard output', mode);
    write(out);
    out.flush();
    return;
  }
  const what = file;
  // Same directory: rename is atomic only within one file system.
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  let fd: number;
  try {
    fd = openSync(tmp, 'wx', 0o644);
  } catch (err) {
    throw new OutputError(what, err);
  }
  try {
    const out = new LineOutput(fd, what, mode);
    write(out);
    out.flush();
    fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    renameSync(tmp, file);
  } catch (err) {
    if (fd >= 0) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw err instanceof OutputError ? err : new OutputError(what, err);
  }
}
