/** `vrrpscope analyze`: reconstruct the election history and report what broke. */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { progressText } from '../ui/progress-text.js';
import type { InputSummary } from '../capture/inputs.js';
import { CaptureFiles, type PacketSource } from '../capture/packet-source.js';
import { ThreadedCaptureFiles } from '../capture/threaded-files.js';
import { captureThreadWanted } from '../capture/thread-choice.js';
import { TIMING } from '../analyze/timers.js';
import { baselineProblem, compareWithBaseline, findingKey } from '../analyze/baseline.js';
import type { RuleSetting } from '../analyze/engine.js';
import { analyzeSource } from '../analyze/pipeline.js';
import { findingTotal, severityRank, type Report, type Severity } from '../report/types.js';
import { prometheusLines } from '../render/prometheus.js';
import { VERSION } from '../version.js';
import { jsonLines } from '../util/json-lines.js';
import { writeOutput } from '../util/output-file.js';
import { safeText } from '../util/text.js';
import { EXIT } from './exit.js';
import { reportInputs } from './report-inputs.js';
import { say, sayError, sayLine } from '../util/say.js';

/** analyze's output formats (the first is the default on a terminal). */
export const ANALYZE_FORMATS = ['tui', 'text', 'json', 'html', 'prometheus'] as const;

export interface AnalyzeOptions {
  /** tui: the interactive terminal UI (the default on a terminal). */
  format: (typeof ANALYZE_FORMATS)[number];
  /** Write the report to this file (atomically) instead of standard output; not with tui. */
  output?: string;
  failOn: Severity | 'none';
  baseline?: string;
  rules: Record<string, RuleSetting>;
  showSecrets: boolean;
  time: 'utc' | 'epoch';
  color: boolean;
}

/** The exit code for findings under --fail-on (0 or 1). */
export function exitForFindings(report: Report, failOn: Severity | 'none'): number {
  if (failOn === 'none') return EXIT.OK;
  return report.findings.some((f) => severityRank(f.severity) >= severityRank(failOn)) ? EXIT.FINDINGS : EXIT.OK;
}

/** A baseline is a saved report: far below this; /dev/zero or a capture by mistake is refused early. */
const BASELINE_MAX_BYTES = 64 * 1024 * 1024;

/** The file's text, or an error once it passes `max` bytes (read in chunks: a device never ends). */
function readLimited(path: string, max: number): string {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(1 << 20);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > max) throw new Error(`larger than ${max / (1024 * 1024)} MiB: not a saved report`);
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Files above this size get a progress line on standard error (when it is a terminal). */
const PROGRESS_MIN_BYTES = 32 * 1024 * 1024;

/** A progress line on a terminal's standard error while large files are read; null otherwise. */
function progressOnStderr(inputs: string[]): { update: (bytes: number) => void; done: () => void } | null {
  if (!process.stderr.isTTY || inputs.includes('-')) return null;
  let total = 0;
  for (const f of inputs) {
    try {
      total += statSync(f).size;
    } catch {
      return null; // the reader reports the problem
    }
  }
  if (total < PROGRESS_MIN_BYTES) return null;
  let last = 0;
  const width = () => Math.max(20, (process.stderr.columns ?? 80) - 1);
  return {
    update: (bytes) => {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      process.stderr.write(`\r${progressText(bytes, total, width(), 'reading')}`);
    },
    done: () => process.stderr.write(`\r${' '.repeat(width())}\r`),
  };
}

/** What analyze reads its inputs through: large files on a capture thread (see thread-choice.ts), the rest here. */
export function filesSource(inputs: readonly string[]): PacketSource {
  return captureThreadWanted(inputs)
    ? new ThreadedCaptureFiles(inputs, TIMING.captureGap(0))
    : new CaptureFiles(inputs);
}

/** Analyzes capture files (or `-`, standard input): the report and what happened to each input. */
export function analyzeCaptures(
  inputs: readonly string[],
  opts: Pick<AnalyzeOptions, 'rules' | 'showSecrets'>,
  onProgress?: (bytesRead: number) => void,
): Promise<{ report: Report; summaries: InputSummary[] }> {
  return analyzeFrom(new CaptureFiles(inputs), opts, onProgress);
}

function analyzeFrom(
  source: PacketSource,
  opts: Pick<AnalyzeOptions, 'rules' | 'showSecrets'>,
  onProgress?: (bytesRead: number) => void,
): Promise<{ report: Report; summaries: InputSummary[] }> {
  return analyzeSource(source, { settings: opts.rules, showSecrets: opts.showSecrets }, onProgress);
}

/** The exit code analyze gives for this report, and why, without printing anything. */
function verdict(
  report: Report,
  summaries: InputSummary[],
  opts: AnalyzeOptions,
  baseline: Report | undefined,
): { code: number; why: string } {
  if (summaries.some((s) => s.error)) return { code: EXIT.INPUT, why: 'an input could not be read in full' };
  if (baseline) {
    const diff = compareWithBaseline(report, baseline);
    const same = diff.added.length === 0 && diff.missing.length === 0;
    return same
      ? { code: EXIT.OK, why: `findings match the baseline ${opts.baseline}` }
      : {
          code: EXIT.FINDINGS,
          why: `findings differ from the baseline ${opts.baseline}: ${diff.added.length} new, ${diff.missing.length} missing`,
        };
  }
  const code = exitForFindings(report, opts.failOn);
  if (opts.failOn === 'none') return { code, why: 'findings never fail (--fail-on none)' };
  const n = findingTotal(
    report.findings.filter((f) => severityRank(f.severity) >= severityRank(opts.failOn as Severity)),
  );
  return { code, why: `${n} finding${n === 1 ? '' : 's'} at or above --fail-on ${opts.failOn}` };
}

export async function analyzeCommand(inputs: string[], opts: AnalyzeOptions): Promise<number> {
  // Read the baseline first: a bad baseline path should fail before minutes of analysis.
  let baseline: Report | undefined;
  if (opts.baseline) {
    try {
      const parsed: unknown = JSON.parse(readLimited(opts.baseline, BASELINE_MAX_BYTES));
      const problem = baselineProblem(parsed);
      if (problem) throw new Error(problem);
      baseline = parsed as Report;
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
      sayError(`baseline ${opts.baseline}: ${why}`);
      return EXIT.INPUT;
    }
  }

  const progress = progressOnStderr(inputs);
  const { report, summaries } = await analyzeFrom(filesSource(inputs), opts, progress?.update);
  progress?.done();
  if (opts.format === 'tui') {
    const { renderApp } = await import('../ui/app.js');
    const { viewModel } = await import('../ui/view-model.js');
    const model = viewModel(report, { title: `analyze ${inputs.map(safeText).join(' ')}` });
    await renderApp(() => model, { live: false, color: opts.color }).waitUntilExit();
  } else if (opts.format === 'html') {
    const { renderHtml } = await import('../render/html/page.js');
    // node:crypto loads only here: about 5 ms of every other start-up.
    const { sha256File } = await import('../util/file-hash.js');
    const { code, why } = verdict(report, summaries, opts, baseline);
    const extras = {
      inputs: inputs.map((f, i) => {
        const s = summaries[i];
        return { ...(s?.first === undefined ? {} : { first: s.first, last: s.last }), sha256: sha256File(f) };
      }),
      exitCode: code,
      verdict: why,
    };
    const html = renderHtml(report, extras);
    // JSON mode: a DEL, C1 or bidi character in the embedded report becomes a \u escape, which the
    // page's JSON and JavaScript read as the same character.
    writeOutput(opts.output, (out) => out.line(html.trimEnd()), 'json');
  } else {
    // A file gets no colours: it is read later, elsewhere.
    const color = opts.color && opts.output === undefined;
    // The table renderer (and its dependencies) loads only for text: JSON runs start sooner.
    const renderText =
      opts.format === 'json' || opts.format === 'prometheus'
        ? null
        : (await import('../render/report-text.js')).renderText;
    writeOutput(
      opts.output,
      (out) => {
        if (opts.format === 'json') for (const line of jsonLines(report)) out.line(line);
        else if (opts.format === 'prometheus')
          for (const line of prometheusLines(report, {
            version: VERSION,
            rules: opts.rules,
            now: report.span?.to ?? null,
          }))
            out.line(line);
        else out.line(renderText!(report, { time: opts.time, color }).trimEnd());
      },
      opts.format === 'json' ? 'json' : color ? 'colour' : 'text',
    );
  }

  const inputCode = reportInputs(summaries);
  if (inputCode !== EXIT.OK) return inputCode;

  if (baseline) {
    const diff = compareWithBaseline(report, baseline);
    if (diff.added.length === 0 && diff.missing.length === 0) {
      say(`findings match the baseline ${opts.baseline!} (${report.findings.length})`);
      return EXIT.OK;
    }
    say(`findings differ from the baseline ${opts.baseline!}:`);
    for (const f of diff.added) sayLine(`  + new:     ${findingKey(f)}: ${f.message}`);
    for (const f of diff.missing) sayLine(`  - missing: ${findingKey(f)}: ${f.message ?? ''}`);
    return EXIT.FINDINGS;
  }

  return exitForFindings(report, opts.failOn);
}
