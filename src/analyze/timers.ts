/**
 * RFC timers, in seconds, and the election model's timing derived from them (TIMING).
 *
 * VRRPv2 (RFC 3768 6.1): Skew_Time = (256 - Priority) / 256 s; the advertisement interval is in seconds.
 * VRRPv3 (RFC 5798 6.1): Skew_Time = ((256 - Priority) * Master_Adver_Interval) / 256 cs.
 * Both: Master_Down_Interval = 3 * Advertisement_Interval + Skew_Time.
 * Worked examples (field notes): v2, priority 100, 1 s -> skew 0.609 s, master down 3.609 s;
 * v3, priority 100, 100 cs -> 3.609 s; 50 cs -> skew 0.305 s, master down 1.805 s.
 */

/**
 * The priority a backup is assumed to have where the timers need one and no backup was heard:
 * keepalived's, FRR's and RFC 5798's default (the one place it is written down).
 */
export const DEFAULT_BACKUP_PRIORITY = 100;

export function skewTime(version: number, priority: number, intervalCs: number): number {
  const p = Math.min(Math.max(priority, 1), 255);
  if (version === 3) return ((256 - p) * intervalCs) / 256 / 100;
  return (256 - p) / 256;
}

/** Master_Down_Interval of a backup with `priority`, given the master's advertisement interval. */
export function masterDownInterval(version: number, priority: number, intervalCs: number): number {
  return (3 * intervalCs) / 100 + skewTime(version, priority, intervalCs);
}

/**
 * The election model's own timing, all derived from the advertisement interval (seconds), each with
 * the reason it exists. Nothing else in analyze/ invents a duration.
 */
export const TIMING = {
  /**
   * A master is acting right now if it advertised within this long: one interval, plus half of one
   * for scheduling and capture timestamps, plus 0.1 s.
   */
  live: (interval: number): number => 1.5 * interval + 0.1,
  /**
   * A master period is over once it has been silent this long: longer than any backup waits (3
   * intervals + skew < 4 intervals), plus 0.5 s. It also bridges the ~3.7 s gaps of a keepalived
   * master in a split brain (it re-arms its timer on every advert it receives, even discarded ones).
   */
  expiry: (interval: number): number => 4 * interval + 0.5,
  /**
   * Two masters overlapping while both keep advertising this long are a split brain, not a
   * handover (in a preemption the old master falls silent within about one interval).
   */
  splitBrain: (interval: number): number => Math.max(2 * interval, 1),
  /**
   * A takeover may announce its addresses this long before its first advert (FRR sends its IPv6
   * NA the moment it becomes master, its first IPv6 advert one interval later).
   */
  announceLead: (interval: number): number => 1.5 * interval + 0.1,
  /**
   * Nothing at all captured for this long is a gap in the capture, not an outage: 10 of the longest
   * advert intervals heard, and at least 30 s.
   */
  captureGap: (longestInterval: number): number => Math.max(30, 10 * longestInterval),
} as const;
