/**
 * Time on the page: a linear scale from packet time to x, the axis' round ticks, and times as UTC
 * with their date. Pure functions with no outside reference: the page's script embeds niceStep and
 * utc as they are (see client.ts), so the static SVG and the zoomed one share one definition.
 */

/** Maps [t0, t1] (seconds) onto [x0, x1] (pixels). */
export interface Scale {
  t0: number;
  t1: number;
  x0: number;
  x1: number;
}

export function makeScale(t0: number, t1: number, x0: number, x1: number): Scale {
  // An empty or single-instant span still needs a width: one second around it.
  if (!(t1 > t0)) return { t0: t0 - 0.5, t1: t0 + 0.5, x0, x1 };
  return { t0, t1, x0, x1 };
}

export function xOf(s: Scale, t: number): number {
  return s.x0 + ((t - s.t0) / (s.t1 - s.t0)) * (s.x1 - s.x0);
}

/** A round step (1, 2, 5 times a power of ten, or a calendar-friendly one above a second) giving at most `max` ticks. */
export function niceStep(span: number, max: number): number {
  const steps = [
    0.000001, 0.000002, 0.000005, 0.00001, 0.00002, 0.00005, 0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02,
    0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
  ];
  const want = span / Math.max(1, max);
  for (const s of steps) if (s >= want) return s;
  return Math.ceil(want / 86400) * 86400;
}

/** The multiples of niceStep within [t0, t1]. */
export function ticks(t0: number, t1: number, max: number): { step: number; times: number[] } {
  const step = niceStep(t1 - t0, max);
  const times: number[] = [];
  for (let k = Math.ceil(t0 / step); k * step <= t1 + step * 1e-9 && times.length <= max + 1; k++)
    times.push(Number((k * step).toFixed(6)));
  return { step, times };
}

/**
 * Epoch seconds as "2026-11-29 00:29:06.510123" in UTC; `digits` decimals (0-6). Beyond what a
 * calendar can show: "@<seconds>".
 */
export function utc(t: number, digits: number): string {
  const whole = Math.floor(t);
  const d = new Date(whole * 1000);
  if (!Number.isFinite(t) || Number.isNaN(d.getTime())) return `@${t}`;
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const frac = digits > 0 ? '.' + p(Math.round((t - whole) * 1e6), 6).slice(0, digits) : '';
  return (
    `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}${frac}`
  );
}

/** Decimals worth showing on an axis whose ticks are `step` seconds apart. */
export function stepDigits(step: number): number {
  return step >= 1 ? 0 : Math.min(6, Math.ceil(-Math.log10(step) - 1e-9));
}

/** A duration for people: "850 ms", "3.611 s", "2 min 5 s", "1 h 2 min". */
export function duration(s: number): string {
  if (s < 1) return `${Math.round(s * 1000)} ms`;
  if (s < 60) return `${Number(s.toFixed(3))} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

/**
 * A takeover bracket's labels, longest first, each with the pixel width it needs and the width
 * below which the previous (longer) one takes over: cause, takeover and RFC timer; takeover and
 * timer; takeover. `SLOW` past the slow-failover threshold (expected × 1.25 + 0.3 s).
 */
export function bracketLabels(
  cause: string,
  delay: number,
  expected: number | null,
): { text: string; minw: number; maxw: number; slow: boolean }[] {
  const slow = expected !== null && delay > expected * 1.25 + 0.3;
  const rfc = expected !== null ? duration(expected) : null;
  const took = `${duration(delay)}${slow ? ' SLOW' : ''}`;
  const texts = [`${cause} ${took}${rfc ? ` (RFC ${rfc})` : ''}`, ...(rfc ? [`${took} / RFC ${rfc}`] : []), took];
  const out: { text: string; minw: number; maxw: number; slow: boolean }[] = [];
  let maxw = Infinity;
  for (const text of texts) {
    const minw = text.length * 5.6 + 4;
    if (minw >= maxw) continue;
    out.push({ text, minw, maxw, slow });
    maxw = minw;
  }
  return out;
}
