/**
 * One round of what `vrrpscope analyze --format json` does with its input, without the writing:
 * the analysis, and its JSON report made line by line terminal-safe as util/output.ts makes it, then
 * thrown away. The round the in-process benchmarks time or count (warm.ts, counts.ts).
 */
import type { PacketSource } from '../src/capture/packet-source.js';
import { analyzeSource } from '../src/analyze/pipeline.js';
import { jsonLines } from '../src/util/json-lines.js';
import { terminalSafe } from '../src/util/text.js';

/** The analysis of `source` and its JSON report; the seconds it took. */
export async function analysisRound(source: PacketSource): Promise<number> {
  const start = process.hrtime.bigint();
  const { report } = await analyzeSource(source, {});
  let chars = 0;
  for (const line of jsonLines(report)) chars += terminalSafe(line, 'json').length + 1;
  if (chars === 0) throw new Error('empty report');
  return Number(process.hrtime.bigint() - start) / 1e9;
}
