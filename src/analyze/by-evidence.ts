/**
 * A group's routers in order of their latest evidence of mastership (RouterState.lastEvidence: the
 * last advert, or a release after it), newest first: a list threaded through the routers themselves
 * (RouterState.newer and older), kept in order as evidence comes. "Who advertised or released most
 * recently" is then a look at its front, not a walk over every router of the group.
 */
import type { RouterState } from './model.js';

export class ByEvidence {
  /** The router with the latest evidence, then the others in descending order through `older`. */
  private newest: RouterState | null = null;

  /**
   * r's lastAdvert or releasedAt changed: it moves to its place in the list.
   * Packet time only moves forward (but for a frame a little out of order), so that place is at or
   * near the front: O(1) amortized.
   */
  touched(r: RouterState): void {
    const last = r.lastEvidence;
    // Out of the list.
    if (r.newer) r.newer.older = r.older;
    else if (this.newest === r) this.newest = r.older;
    if (r.older) r.older.newer = r.newer;
    r.newer = r.older = null;
    if (!(last > -Infinity)) return;
    let newer: RouterState | null = null;
    let older = this.newest;
    while (older && older.lastEvidence > last) {
      newer = older;
      older = older.older;
    }
    r.newer = newer;
    r.older = older;
    if (newer) newer.older = r;
    else this.newest = r;
    if (older) older.newer = r;
  }

  /**
   * The router with the latest evidence of those `accept` takes, not before `since` (the first
   * heard of them on a tie, as a walk over the group's routers would find it); null if none;
   * undefined if that takes a walk over more than `steps` routers.
   */
  latest(accept: (r: RouterState) => boolean, since: number, steps: number): RouterState | null {
    let best: RouterState | null = null;
    let walked = 0;
    for (let r = this.newest; r; r = r.older) {
      const last = r.lastEvidence;
      if (last < since || (best && last < best.lastEvidence)) break;
      if (++walked > steps) return undefined!;
      if (!accept(r)) continue;
      if (!best || r.ordinal < best.ordinal) best = r;
    }
    return best;
  }
}
