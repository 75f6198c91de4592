/**
 * slow-failover: a takeover took clearly longer than the RFC timers predict: more than
 * expected x (1 + tolerance) + slack, where expected is the Master_Down_Interval (master went
 * silent, or lowered its priority below the new master's: measured from its last advert at the old
 * priority) or Skew_Time (master released) computed from the new master's priority and the old
 * master's interval.
 */
import type { GroupState, Transition } from '../model.js';
import type { Rule, RuleMessage } from '../rule.js';
import { groupName, seconds } from './util.js';

function message(t: Transition, g: GroupState, delay: number, expected: number): RuleMessage {
  const data = {
    master: t.to.address,
    group: groupName(g),
    delay,
    previous: t.from?.address ?? 'the previous master',
    priority: t.to.priority,
    expected,
  };
  const drop = t.drop;
  if (drop) return { messageId: 'afterPriorityDrop', data: { ...data, old: drop.from, new: drop.to } };
  return { messageId: t.cause === 'release' ? 'afterRelease' : 'afterSilence', data };
}

export const slowFailover: Rule = {
  meta: {
    id: 'slow-failover',
    defaultSeverity: 'warning',
    description: 'A takeover took clearly longer than the RFC timers predict.',
    options: {
      tolerance: { default: 0.25, description: 'fraction of the expected delay allowed on top of it' },
      slack: { default: 0.3, description: 'seconds allowed on top of that (scheduling, capture timestamps)' },
    },
    messages: {
      afterSilence:
        '{{master}} took over {{group}} {{delay}} s after {{previous}} fell silent; ' +
        'the RFC Master_Down_Interval for priority {{priority}} is {{expected}} s.',
      afterPriorityDrop:
        '{{master}} took over {{group}} {{delay}} s after the last advert of {{previous}} at priority {{old}} ' +
        '(it then advertised {{new}}); the RFC Master_Down_Interval for priority {{priority}} is {{expected}} s.',
      afterRelease:
        '{{master}} took over {{group}} {{delay}} s after {{previous}} released it; ' +
        'the RFC Skew_Time for priority {{priority}} is {{expected}} s.',
    },
  },
  create(ctx) {
    return {
      transition(t, g) {
        if (t.delay === null || t.expectedDelay === null) return;
        // A master resuming after its own silence is no takeover (no-master reports the gap).
        if (t.from === t.to) return;
        const limit = t.expectedDelay * (1 + ctx.options.tolerance) + ctx.options.slack;
        if (t.delay <= limit) return;
        ctx.report({
          group: g,
          from: t.time - t.delay,
          to: t.time,
          routers: [t.from?.address ?? '', t.to.address].filter(Boolean),
          addresses: g.virtualAddresses,
          frames: [t.frame],
          ...message(t, g, seconds(t.delay), seconds(t.expectedDelay)),
        });
      },
    };
  },
};
