/**
 * What `check` prints when it cannot run (UNKNOWN, exit 3): kept apart from the check itself so
 * that the command line can say it without loading the analysis.
 */
import { CommanderError, InvalidArgumentError } from 'commander';
import { CaptureError } from '../capture/errors.js';
import { STATE } from '../monitor/verdict.js';
import { CHECKMK_HEADER } from '../render/checkmk.js';
import { pluginText } from '../render/nagios.js';
import { LineOutput, OutputError } from '../util/output.js';
import { sayError } from '../util/say.js';
import { EXIT } from './exit.js';

/** How long `check` watches an interface by default, seconds. */
export const DEFAULT_CHECK_SECONDS = 10;

/** The UNKNOWN result of a check that could not run, in the format asked for. */
export function unknownResult(format: 'nagios' | 'checkmk', why: string, header = false): string {
  if (format === 'checkmk')
    return `${header ? CHECKMK_HEADER + '\n' : ''}${STATE.UNKNOWN} "VRRP segment" - ${pluginText(why)}\n`;
  return `VRRP UNKNOWN - ${pluginText(why)}\n`;
}

/**
 * `check` could not run: UNKNOWN (3) on standard output, where Nagios and Checkmk read it (commander's
 * own usage errors were printed there by the command's outputError).
 */
export function checkFailed(err: unknown): number {
  const UNKNOWN = 3;
  if (err instanceof OutputError) {
    // Standard output itself failed (a full disk): said where it still can be.
    sayError(err.message);
    return UNKNOWN;
  }
  if (err instanceof InvalidArgumentError || err instanceof CaptureError) {
    const hint = err instanceof InvalidArgumentError ? ' (see --help)' : '';
    printUnknown(`${err.message}${hint}`);
    return UNKNOWN;
  }
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.OK : UNKNOWN;
  throw err;
}

/** The UNKNOWN line on standard output; when even that cannot be written, on standard error. */
export function printUnknown(why: string): void {
  try {
    const out = new LineOutput();
    out.line(unknownResult('nagios', why).trimEnd());
    out.flush();
  } catch (err) {
    sayError(err instanceof Error ? err.message : String(err));
  }
}
