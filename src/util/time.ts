/**
 * Times for people. A capture can claim any timestamp (a pcapng resolution of 2^0 with a 64-bit
 * count, an if_tsoffset near 2^63): beyond what a calendar date can show, a time is printed as its
 * epoch seconds, never thrown on.
 */

/** The first and last millisecond of years 0000-9999, all that ISO 8601's basic form can write. */
const MIN_MS = -62167219200000;
const MAX_MS = 253402300799999;

/** "2026-11-24T23:30:01.123Z" for epoch seconds `t`; null when no calendar can show it. */
export function isoTime(t: number): string | null {
  const ms = Math.round(t * 1000);
  if (!Number.isFinite(ms) || ms < MIN_MS || ms > MAX_MS) return null;
  return new Date(ms).toISOString();
}

/** What a time out of the calendar's range reads as: its epoch seconds, marked. */
export function outOfRange(t: number): string {
  return Number.isFinite(t) ? `@${t}` : '-';
}
