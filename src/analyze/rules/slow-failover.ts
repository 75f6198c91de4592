/**
 * slow-failover: a takeover took clearly longer than the RFC timers predict: more than
 * expected x (1 + tolerance) + slack, where expected is the Master_Down_Interval (master went
 * silent) or Skew_Time (master released) computed from the new master's priority and the old
 * master's interval.
 */
import type { Rule } from '../rule.js';
import { groupName, secs } from './util.js';

export const slowFailover: Rule = {
  meta: {
    id: 'slow-failover',
    defaultSeverity: 'warning',
    description: 'A takeover took clearly longer than the RFC timers predict.',
    options: {
      tolerance: { default: 0.25, description: 'fraction of the expected delay allowed on top of it' },
      slack: { default: 0.3, description: 'seconds allowed on top of that (scheduling, capture timestamps)' },
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
        const timer = t.cause === 'release' ? 'Skew_Time' : 'Master_Down_Interval';
        ctx.report({
          group: g,
          from: t.time - t.delay,
          to: t.time,
          routers: [t.from?.address ?? '', t.to.address].filter(Boolean),
          addresses: g.virtualAddresses,
          frames: [t.frame],
          message: `${t.to.address} took over ${groupName(g)} ${secs(t.delay)} after ${t.from?.address ?? 'the previous master'} ${t.cause === 'release' ? 'released it' : 'fell silent'}; the RFC ${timer} for priority ${t.to.priority} is ${secs(t.expectedDelay)}.`,
        });
      },
    };
  },
};
