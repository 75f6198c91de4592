/**
 * GroupState's index of the routers each router competes with (routers by virtual address, and
 * those listing none): latestCompeting() must name the router latest() names, however the routers'
 * address lists change, and forEachCompetitor() must meet exactly the routers competes() accepts.
 * And its list of open master periods, kept in place.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { competes, GroupState, type RouterState } from '../../src/analyze/model.js';
import { mulberry32 } from '../support/random.js';

const POOL = Array.from({ length: 12 }, (_, i) => `10.0.0.${i + 1}`);

test('latestCompeting() and forEachCompetitor() agree with a walk over every router', () => {
  const rnd = mulberry32(11);
  const pick = (n: number) => Math.floor(rnd() * n);
  let compared = 0;
  let fellBack = 0;
  for (let round = 0; round < 120; round++) {
    const g = new GroupState('1||ipv4|7', 'vrid7', 1, undefined, [], 'ipv4', 7);
    let t = 0;
    for (let step = 0; step < 400; step++) {
      t += rnd();
      const r = g.router(`10.9.0.${1 + pick(9 + (round % 30))}`);
      // A new router's first list, or now and then a new one: a few addresses, or none. A list
      // cut short (snaplen) is not taken: a new router may keep listing none.
      if (r.adverts === 0 ? rnd() < 0.8 : rnd() < 0.1) {
        const list = rnd() < 0.1 ? [] : POOL.filter(() => rnd() < 0.15);
        g.setAddresses(r, list.length || rnd() < 0.2 ? list : [POOL[pick(POOL.length)]]);
      }
      r.adverts++;
      r.lastAdvert = t - (rnd() < 0.1 ? rnd() * 3 : 0);
      g.touched(r);
      // The index once in a while only (before: routers came and changed without it).
      if (step < 50 && round % 2 === 0) continue;
      const since = rnd() < 0.3 ? t - rnd() * 20 : -Infinity;
      const accept = (x: RouterState) => (x === r || competes(x, r)) && rnd() < 2;
      const expected = g.latest(accept, since);
      const bound = g.competitorBound(r);
      if (g.latest(accept, since, bound) === undefined) fellBack++;
      assert.equal(g.latestCompeting(r, accept, since), expected, `round ${round} step ${step}`);
      const met = new Set<RouterState>();
      g.forEachCompetitor(r, (x) => {
        assert.ok(!met.has(x), 'each router once');
        met.add(x);
      });
      const all = [...g.routers.values()].filter((x) => x === r || competes(x, r));
      assert.deepEqual(new Set(all), met);
      assert.ok(met.size <= bound);
      compared++;
    }
  }
  assert.ok(compared > 10_000, `${compared} comparisons`);
  assert.ok(fellBack > 100, `${fellBack} searches among the competitors rather than the walk`);
});

test('openRouters() lists the routers with an open period in the order first heard, however they open and end', () => {
  const rnd = mulberry32(23);
  for (let round = 0; round < 60; round++) {
    const g = new GroupState('1||ipv4|7', 'vrid7', 1, undefined, [], 'ipv4', 7);
    const routers = Array.from({ length: 1 + (round % 40) }, (_, i) => g.router(`10.9.${i >> 8}.${i & 255}`));
    for (let step = 0; step < 300; step++) {
      // Floods open the newest and end the oldest; the rest is at random.
      const mode = rnd();
      const i =
        mode < 0.2
          ? routers.length - 1 - Math.floor(rnd() * 2)
          : mode < 0.4
            ? Math.floor(rnd() * 2)
            : Math.floor(rnd() * routers.length);
      const r = routers[Math.max(0, Math.min(routers.length - 1, i))];
      const open = rnd() < 0.5;
      g.setPeriod(
        r,
        open ? { router: r, from: step, to: step, priority: 100, firstFrame: step, released: false, open: true } : null,
      );
      const expected = routers.filter((x) => x.period);
      assert.deepEqual(
        g.openRouters().map((x) => x.ordinal),
        expected.map((x) => x.ordinal),
        `round ${round} step ${step}`,
      );
    }
  }
});
