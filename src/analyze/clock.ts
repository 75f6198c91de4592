/**
 * Packet time for live sources (`live`, `check` on an interface or a stream): the last packet's
 * time, advanced by the wall time since it arrived. On a live interface that is the wall clock; for
 * a replayed file on standard input it follows the file. The engine gets this on its clock ticks,
 * so a master that fell silent is noticed from the clock, not from the next packet.
 */

/** Wall clock in epoch seconds with sub-millisecond resolution. */
const wallOrigin = Date.now() / 1000 - Number(process.hrtime.bigint()) / 1e9;
export const wallNow = (): number => wallOrigin + Number(process.hrtime.bigint()) / 1e9;

export class PacketClock {
  private last = -Infinity;
  private wallAtLast = 0;

  /** A packet stamped `t` (seconds) arrived now. */
  packet(t: number): void {
    if (t < this.last) return;
    this.last = t;
    this.wallAtLast = wallNow();
  }

  /** Packet time now. */
  now(): number {
    return Number.isFinite(this.last) ? this.last + (wallNow() - this.wallAtLast) : wallNow();
  }
}
