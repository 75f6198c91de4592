/**
 * A group's transitions as a history kept at its two ends (HeadTail: the first HISTORY_HEAD and the
 * latest HISTORY_TAIL), counted per cause whether kept or not: what the report's transitions,
 * transitionCount and transitionCauses say, and what the metrics count.
 */
import { HISTORY_HEAD, HISTORY_TAIL, TRANSITION_CAUSES, type TransitionCause } from '../report/types.js';
import { HeadTail } from '../util/head-tail.js';
import type { Transition } from './model.js';

export class TransitionHistory extends HeadTail<Transition> {
  /** Per cause, the transitions no longer held. */
  private droppedCauses: Map<TransitionCause, number> | null = null;
  /**
   * Transitions no longer held whose cause may yet change (not announced: a preemption that may turn
   * out to be a split brain), counted once it is final.
   */
  private unsettled: Transition[] = [];
  private sweepAt = 16;

  constructor() {
    super(HISTORY_HEAD, HISTORY_TAIL);
  }

  protected override dropped(t: Transition): void {
    if (t.announced) {
      this.count1(t.cause);
      return;
    }
    this.unsettled.push(t);
    // Those settled since are counted now and then: O(1) amortized, and the list stays as short as
    // the takeovers still unsettled.
    if (this.unsettled.length >= this.sweepAt) {
      this.unsettled = this.unsettled.filter((x) => {
        if (x.announced) this.count1(x.cause);
        return !x.announced;
      });
      this.sweepAt = Math.max(16, 2 * this.unsettled.length);
    }
  }

  private count1(cause: TransitionCause): void {
    const m = (this.droppedCauses ??= new Map());
    m.set(cause, (m.get(cause) ?? 0) + 1);
  }

  /** How many transitions of each cause there were, held or not (the causes seen, in TRANSITION_CAUSES order). */
  causes(): Partial<Record<TransitionCause, number>> {
    const m = new Map(this.droppedCauses ?? []);
    for (const t of this.unsettled) m.set(t.cause, (m.get(t.cause) ?? 0) + 1);
    for (const t of this.held()) m.set(t.cause, (m.get(t.cause) ?? 0) + 1);
    const out: Partial<Record<TransitionCause, number>> = {};
    for (const cause of TRANSITION_CAUSES) {
      const n = m.get(cause);
      if (n) out[cause] = n;
    }
    return out;
  }
}
