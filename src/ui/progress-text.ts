/** The progress line's text, pure (see progress.tsx for the component). */
import { clean, fit } from './format.js';

export function bytesText(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '-';
  if (n < 1024) return `${Math.round(n)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

/** Fraction read, in [0, 1]; null when the total is unknown (standard input, a pipe). */
export function progressFraction(bytesRead: number, totalBytes: number | null): number | null {
  if (totalBytes === null || !Number.isFinite(totalBytes) || totalBytes <= 0) return null;
  return Math.min(1, Math.max(0, (Number.isFinite(bytesRead) ? bytesRead : 0) / totalBytes));
}

/**
 * "[=========>          ]  45%  12.3 MiB of 27.3 MiB" in at most `width` columns (the bar takes
 * what is left). With an unknown total: "12.3 MiB read".
 */
export function progressText(bytesRead: number, totalBytes: number | null, width = 60, label = ''): string {
  const pre = label ? `${clean(label)} ` : '';
  const f = progressFraction(bytesRead, totalBytes);
  if (f === null) return fit(`${pre}${bytesText(bytesRead)} read`, width);
  const pct = `${Math.floor(f * 100)}%`.padStart(4);
  const tail = ` ${pct}  ${bytesText(bytesRead)} of ${bytesText(totalBytes ?? 0)}`;
  const barWidth = width - pre.length - tail.length - 2;
  if (barWidth < 5) return fit(`${pre}${pct.trim()}`, width);
  const full = Math.floor(f * barWidth);
  const bar = f >= 1 ? '='.repeat(barWidth) : '='.repeat(full) + '>' + ' '.repeat(barWidth - full - 1);
  return `${pre}[${bar}]${tail}`;
}
