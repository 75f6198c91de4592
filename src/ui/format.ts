/**
 * Small pure text helpers for the terminal UI: clock times, durations, fitting text into columns.
 * Widths are counted in code points: every string the UI prints is an address, a number, a rule id,
 * an escaped file name or one of the report's sentences (ASCII in practice); ink still truncates
 * each line at the terminal's edge, so a wide character can never push a line past it.
 */
import { isoTime, outOfRange } from '../util/time.js';
import { masterDownInterval, skewTime } from '../analyze/timers.js';
import { safeText } from '../util/text.js';
import type { GroupRow } from './view-model.js';

/** The view model's strings are terminal-safe already; this is a cheap second guard (idempotent). */
export function clean(s: string): string {
  return safeText(s);
}

export function len(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Cuts `s` to `width` columns, ending with an ellipsis when something was cut. */
export function fit(s: string, width: number): string {
  if (width <= 0) return '';
  const cps = [...s];
  if (cps.length <= width) return s;
  if (width === 1) return '…';
  return cps.slice(0, width - 1).join('') + '…';
}

/** `fit`, then pad with spaces to exactly `width` (right-aligned with `right`). */
export function cell(s: string, width: number, right = false): string {
  const f = fit(s, width);
  const pad = ' '.repeat(Math.max(0, width - len(f)));
  return right ? pad + f : f + pad;
}

/** Word-wraps `s` to lines of at most `width` columns (long words are cut). */
export function wrap(s: string, width: number): string[] {
  if (width <= 0) return [];
  const out: string[] = [];
  let line = '';
  for (const word of s.split(/\s+/).filter(Boolean)) {
    let w = word;
    while (len(w) > width) {
      if (line) {
        out.push(line);
        line = '';
      }
      const cps = [...w];
      out.push(cps.slice(0, width).join(''));
      w = cps.slice(width).join('');
    }
    if (!w) continue;
    if (!line) line = w;
    else if (len(line) + 1 + len(w) <= width) line += ' ' + w;
    else {
      out.push(line);
      line = w;
    }
  }
  if (line) out.push(line);
  return out.length ? out : [''];
}

/** UTC wall clock with milliseconds, as the text report prints it: "00:30:12.255". */
export function clock(t: number): string {
  return isoTime(t)?.slice(11, 23) ?? outOfRange(t);
}

export function day(t: number): string {
  return isoTime(t)?.slice(0, 10) ?? outOfRange(t);
}

/** "3.609 s", or "-" for null. */
export function secs(s: number | null, digits = 3): string {
  return s === null || !Number.isFinite(s) ? '-' : `${s.toFixed(digits)} s`;
}

/** A short duration for headers: "21.6 s", "4 min 05 s", "2 h 03 min". */
export function span(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '-';
  if (s < 100) return `${s.toFixed(1)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(Math.floor(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** A duration in a few characters, for crowded columns: "45s", "12m", "3h". */
export function shortSpan(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '-';
  if (s < 100) return `${Math.round(s)}s`;
  if (s < 6000) return `${Math.round(s / 60)}m`;
  return `${Math.round(s / 3600)}h`;
}

/** Advertisement interval for people: "1 s", "0.5 s", "100 cs" is never shown. */
export function interval(cs: number): string {
  const s = cs / 100;
  return `${Number.isInteger(s) ? s.toFixed(0) : String(Number(s.toFixed(2)))} s`;
}

/** VRRPv2 authentication types in words (RFC 2338 5.3.6; 254 is Cisco's MD5). */
export const AUTH_TEXT: Record<number, string> = {
  0: 'none',
  1: 'simple-text password',
  2: 'IP authentication header',
  254: 'MD5 (Cisco)',
};

/** The master's router entry (or the first router heard), whose interval and version set the timers. */
function timerSource(g: Pick<GroupRow, 'master' | 'routers'>) {
  return g.routers.find((r) => r.address === g.master) ?? g.routers[0];
}

/** Master_Down_Interval and Skew_Time of a backup of `priority`, under the group's current master. */
export function takeoverTimers(
  g: Pick<GroupRow, 'master' | 'routers'>,
  priority: number,
): { masterDown: number; skew: number } | null {
  const r = timerSource(g);
  if (!r || r.intervalCs <= 0) return null;
  return {
    masterDown: masterDownInterval(r.version, priority, r.intervalCs),
    skew: skewTime(r.version, priority, r.intervalCs),
  };
}

export type AgeLevel = 'ok' | 'late' | 'over';

/** How close the last advert is to the master-down interval: late from half of it, over past it. */
export function ageLevel(age: number | null, masterDown: number | null): AgeLevel {
  if (age === null || masterDown === null || masterDown <= 0) return 'ok';
  if (age >= masterDown) return 'over';
  if (age >= masterDown / 2) return 'late';
  return 'ok';
}

/** "0.4/3.6 s" (age / master down), with " !" when late and " !!" when over: readable without color. */
export function ageText(age: number | null, masterDown: number | null): string {
  if (age === null) return '-';
  const a = age >= 100 ? age.toFixed(0) : age.toFixed(1);
  const base = masterDown === null ? `${a} s` : `${a}/${masterDown.toFixed(1)} s`;
  const level = ageLevel(age, masterDown);
  return level === 'over' ? `${base} !!` : level === 'late' ? `${base} !` : base;
}
