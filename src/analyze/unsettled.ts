/**
 * Takeovers whose cause is not settled yet (a preemption or priority drop while the old master
 * still advertises may turn out to be a split brain; see Transition.announced), filed under the
 * period of the master they took over from, and handed back once that period has ended, in the
 * order they came. A packet with nothing to hand back costs one comparison, however many wait.
 */
import { addTo } from '../util/multimap.js';
import type { GroupState, Period, Transition } from './model.js';

interface Entry {
  tr: Transition;
  g: GroupState;
  order: number;
}

export class UnsettledTakeovers {
  private readonly waiting = new Map<Period, Entry[]>();
  /** Those whose rival period has ended since the last take(). */
  private ready: Entry[] = [];
  private filed = 0;

  /** `tr` waits for `rival` (the old master's period) to end. */
  wait(rival: Period, tr: Transition, g: GroupState): void {
    addTo(this.waiting, rival, { tr, g, order: this.filed++ });
  }

  /** Period `p` has ended: what waited for it is ready. */
  ended(p: Period): void {
    const list = this.waiting.get(p);
    if (!list) return;
    this.waiting.delete(p);
    for (const e of list) this.ready.push(e);
  }

  /** The takeovers ready (or all of them: end of input, a gap), in the order they came. */
  take(all: boolean): readonly Entry[] {
    if (all) {
      for (const list of this.waiting.values()) for (const e of list) this.ready.push(e);
      this.waiting.clear();
    }
    if (this.ready.length === 0) return this.ready;
    const ready = this.ready.sort((a, b) => a.order - b.order);
    this.ready = [];
    return ready;
  }
}
