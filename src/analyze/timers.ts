/**
 * RFC timers, in seconds.
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
