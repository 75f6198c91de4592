/**
 * Messages on standard error: `vrrpscope: error: ...`, `vrrpscope: warning: ...`, `vrrpscope: ...`.
 * The one way vrrpscope talks to its user outside the report; every message goes through
 * terminalSafe, so a file name or a packet field cannot steer the terminal, whatever the caller
 * forgot.
 */
import { terminalSafe } from './text.js';

function write(line: string): void {
  process.stderr.write(`${terminalSafe(line)}\n`);
}

/** Something that stopped or spoiled the run. */
export function sayError(message: string): void {
  write(`vrrpscope: error: ${message}`);
}

/** Something the user should know; the run goes on. */
export function sayWarning(message: string): void {
  write(`vrrpscope: warning: ${message}`);
}

/** A note (where output goes, what was compared). */
export function say(message: string): void {
  write(`vrrpscope: ${message}`);
}

/** A line as it is (continuation lines of a message, e.g. a baseline's differences). */
export function sayLine(line: string): void {
  write(line);
}
