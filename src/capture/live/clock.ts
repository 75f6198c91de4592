/**
 * Wall-clock timestamps with sub-microsecond resolution and no allocation per call.
 *
 * cap gives no packet timestamps, so the capture process stamps each packet when it sees it.
 * Date.now() has millisecond resolution; performance.now() is monotonic (CLOCK_MONOTONIC, which
 * NTP slews at the same rate as the wall clock) with nanosecond resolution, and
 * performance.timeOrigin is the wall clock in microseconds at process start. Their sum is the
 * wall clock. A step of the wall clock (settimeofday, an NTP step) is noticed by check(), which
 * compares with Date.now() and moves the origin, as the kernel's packet timestamps would move.
 */
export interface Stamp {
  sec: number;
  nsec: number;
}

/** Differences from Date.now() below this are its resolution and sampling noise, not a step. */
const STEP_MS = 20;

export class EpochClock {
  /** Wall-clock origin: whole seconds and nanoseconds, such that now = origin + performance.now(). */
  private originSec: number;
  private originNs: number;

  constructor() {
    const us = Math.round(performance.timeOrigin * 1000);
    this.originSec = Math.floor(us / 1e6);
    this.originNs = (us - this.originSec * 1e6) * 1000;
  }

  /**
   * Refines the origin against the wall clock. performance.timeOrigin can be tens of microseconds
   * off; Date.now() changes value exactly at millisecond edges, so the clock read right after a
   * change shows the offset (plus the read's own latency: the smallest of a few edges is kept).
   * Spins for up to `edges` milliseconds (and a moment to warm up).
   */
  calibrate(edges = 8): void {
    // Warm up first: the first, interpreted rounds of the loop below read late.
    for (let i = 0; i < 2000; i++) {
      Date.now();
      this.nowMs();
    }
    let best = Infinity;
    for (let i = 0; i < edges; i++) {
      const d0 = Date.now();
      let d = d0;
      let e = 0;
      while (d === d0) {
        d = Date.now();
        e = this.nowMs();
      }
      if (d === d0 + 1 && e - d < best) best = e - d;
    }
    if (Number.isFinite(best) && Math.abs(best) < 1000) this.shift(-best);
  }

  /** Stores the current wall-clock time in `out`. */
  now(out: Stamp): void {
    // performance.now() is < 2^53 ns for 104 days after process start: exact integer arithmetic.
    const ns = this.originNs + Math.round(performance.now() * 1e6);
    const carry = Math.floor(ns / 1e9);
    out.sec = this.originSec + carry;
    out.nsec = ns - carry * 1e9;
  }

  /** Milliseconds since the epoch (float). */
  nowMs(): number {
    return this.originSec * 1e3 + this.originNs / 1e6 + performance.now();
  }

  /** Follows a step of the system clock; returns the step in milliseconds (0 when none). */
  check(): number {
    const diff = Date.now() - this.nowMs();
    if (Math.abs(diff) < STEP_MS) return 0;
    const step = Math.round(diff);
    this.shift(step);
    return step;
  }

  /** Moves the origin by `ms` milliseconds (rounded to nanoseconds). */
  private shift(ms: number): void {
    const ns = this.originNs + Math.round(ms * 1e6);
    const carry = Math.floor(ns / 1e9);
    this.originSec += carry;
    this.originNs = ns - carry * 1e9;
  }
}
