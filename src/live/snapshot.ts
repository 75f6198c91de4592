/** What only the running engine knows about each group, for the live view (see ui/view-model.ts). */
import type { Engine } from '../analyze/engine.js';
import type { LiveGroupFacts } from '../ui/view-model.js';
import { DEFAULT_BACKUP_PRIORITY } from '../analyze/timers.js';

export function liveFacts(engine: Engine, now: number): Map<string, LiveGroupFacts> {
  const out = new Map<string, LiveGroupFacts>();
  for (const g of engine.groups.values()) {
    // Acting as master now: a master period still open (not expired or released).
    const masters = [...g.routers.values()]
      .filter((r) => r.period !== null && !g.superseded(r))
      .sort((a, b) => b.lastAdvert - a.lastAdvert);
    const current = masters[0];
    out.set(g.id, {
      masters: masters.map((r) => r.address),
      lastAdvertAge: current ? Math.max(0, now - current.lastAdvert) : null,
      masterDown: current ? g.masterDownInterval(DEFAULT_BACKUP_PRIORITY, current) : null,
    });
  }
  return out;
}
