/**
 * The same analysis as `vrrpscope analyze --format json FILE`, run ROUNDS times in one process: a
 * diagnostic beside bench:worst's judged figures, not a target. From the command line every run is
 * a first run, so a small case pays for V8 compiling the code it runs (interpreted at first, then
 * optimized on a background thread); the later rounds here run the code already optimized. The
 * difference between the two is what warming up costs.
 *
 *   node build/bench/warm.js FILE [ROUNDS]   prints {"seconds":[...]} (one per round, analysis and
 *                                           the JSON report, which is made and thrown away)
 */
import { CaptureFiles } from '../src/capture/packet-source.js';
import { analyzeSource } from '../src/analyze/pipeline.js';
import { jsonLines } from '../src/util/json-lines.js';
import { terminalSafe } from '../src/util/text.js';

async function main(): Promise<number> {
  const [file, roundsArg] = process.argv.slice(2);
  const rounds = Number(roundsArg ?? 3);
  if (!file || !Number.isInteger(rounds) || rounds < 1) {
    console.error('usage: node build/bench/warm.js FILE [ROUNDS]');
    return 2;
  }
  const seconds: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    const { report } = await analyzeSource(new CaptureFiles([file]), {});
    // As analyze writes it (util/output.ts makes each line terminal-safe), without the writing.
    let chars = 0;
    for (const line of jsonLines(report)) chars += terminalSafe(line, 'json').length + 1;
    if (chars === 0) throw new Error('empty report');
    seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  console.log(JSON.stringify({ seconds }));
  return 0;
}

process.exitCode = await main();
