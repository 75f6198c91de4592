/**
 * Wireshark display filters for a finding's frames: `frame.number in {41, 42, 57}` (commas: Wireshark 4 requires them). With several
 * inputs a frame is "file#frame": each file gets its own filter (Wireshark opens one file at a time).
 */
import type { FrameRef } from '../../report/types.js';

export interface FrameFilter {
  /** The file the filter applies to (absent with a single input). */
  file?: string;
  filter: string;
}

/** Frame numbers as Wireshark's set syntax (runs of three or more as ranges: `{3..9 12}`). */
function frameSet(numbers: number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    if (j - i >= 2) parts.push(`${sorted[i]}..${sorted[j]}`);
    else for (let k = i; k <= j; k++) parts.push(String(sorted[k]));
    i = j + 1;
  }
  return `frame.number in {${parts.join(', ')}}`;
}

/** One filter per file, in order of first appearance; none for no frames. */
export function wiresharkFilters(frames: readonly FrameRef[]): FrameFilter[] {
  const byFile = new Map<string | undefined, number[]>();
  for (const f of frames) {
    let file: string | undefined;
    let n: number;
    if (typeof f === 'number') n = f;
    else {
      const at = f.lastIndexOf('#');
      file = f.slice(0, at);
      n = Number(f.slice(at + 1));
      if (at < 0 || !Number.isInteger(n)) continue;
    }
    const list = byFile.get(file) ?? [];
    list.push(n);
    byFile.set(file, list);
  }
  return [...byFile].map(([file, numbers]) => ({ ...(file !== undefined ? { file } : {}), filter: frameSet(numbers) }));
}
