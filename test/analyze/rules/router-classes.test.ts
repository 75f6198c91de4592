/**
 * config-mismatch and vrid-collision compare an advert with one router of each configuration
 * (address set) instead of with every router of the group (RouterClasses in rules/util.ts). They
 * must find exactly what the walk over every router finds: here that walk, as the rules were
 * written before, is the reference (the findings themselves made by the rules' own functions),
 * and both run over random groups of up to 14 routers whose versions, intervals, passwords,
 * address lists (in any order, sometimes cut short) change as they go.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeSource } from '../../../src/analyze/pipeline.js';
import { competes, type GroupState, type RouterState } from '../../../src/analyze/model.js';
import type { Rule } from '../../../src/analyze/rule.js';
import {
  configMismatch,
  differences,
  mismatchFindings,
  noteMismatch,
} from '../../../src/analyze/rules/config-mismatch.js';
import { noteCollision, vridCollision } from '../../../src/analyze/rules/vrid-collision.js';
import { CaptureFiles } from '../../../src/capture/packet-source.js';
import type { Finding } from '../../../src/report/types.js';
import { ethernet, ETHERTYPE, IPPROTO, ipv4, vrrp2, vrrp3 } from '../../support/frames.js';
import { writePcap } from '../../support/pcap-writer.js';

/** config-mismatch with the walk over every router of the group (the findings made as the rule makes them). */
const walkConfigMismatch: Rule = {
  meta: configMismatch.meta,
  create(ctx) {
    const found = mismatchFindings(ctx);
    return {
      advert(e) {
        const { group: g, router: r, time, frame } = e;
        for (const other of g.routers.values()) {
          if (other === r || other.adverts === 0 || !competes(r, other)) continue;
          for (const aspect of differences(r, other)) noteMismatch(found, aspect, g, r, other, time, frame);
        }
      },
    };
  },
};

/** vrid-collision with the walk over every router of the group (the finding made as the rule makes it). */
const walkVridCollision: Rule = {
  meta: vridCollision.meta,
  create(ctx) {
    const found = new Map<GroupState, Finding>();
    return {
      advert(e) {
        const { group: g, router: r, time, frame } = e;
        const mine = e.packet.vrrp!.addresses;
        if (mine.length === 0 || r.partialAddresses) return;
        let disjoint: RouterState | undefined;
        for (const o of g.routers.values()) {
          if (o === r || o.addresses.length === 0 || o.partialAddresses || o.addresses.some((a) => mine.includes(a)))
            continue;
          disjoint = o;
          break;
        }
        noteCollision(ctx, found, g, r, disjoint, time, frame);
      },
    };
  },
};

const T0 = 1795561300;
const POOL = ['10.1.0.1', '10.1.0.2', '10.1.0.3', '10.1.0.4', '10.1.0.5'];

/** A random group on VRID 7: routers that change their settings now and then. */
function randomCapture(seed: number): Buffer {
  let s = seed * 7919 + 1;
  const rnd = (n: number) => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 8) % n;
  const routers = Array.from({ length: 2 + rnd(13) }, (_, i) => {
    const addrs: string[] = [];
    for (let j = rnd(3); j >= 0; j--) {
      const a = POOL[rnd(POOL.length)];
      if (!addrs.includes(a)) addrs.push(a);
    }
    return {
      src: `10.9.0.${i + 1}`,
      mac: `02:00:00:00:09:${(i + 1).toString(16).padStart(2, '0')}`,
      v3: rnd(5) === 0,
      interval: 1 + rnd(2),
      auth: rnd(4) === 0 ? 1 : 0,
      pw: `pw${rnd(2)}`,
      addrs,
      prio: 50 + rnd(4) * 50,
      partial: rnd(10) === 0,
    };
  });
  const packets = [];
  let t = 0;
  for (let n = 0; n < 300; n++) {
    const r = routers[rnd(routers.length)];
    if (rnd(20) === 0) r.addrs = rnd(2) ? [...r.addrs].reverse() : [POOL[rnd(POOL.length)]];
    if (rnd(30) === 0) r.interval = 1 + rnd(2);
    if (rnd(40) === 0) r.pw = `pw${rnd(3)}`;
    const payload = r.v3
      ? vrrp3({
          vrid: 7,
          priority: r.prio,
          addresses: r.addrs,
          intervalCs: r.interval * 100,
          family: 4,
          src: r.src,
          dst: '224.0.0.18',
        })
      : vrrp2({
          vrid: 7,
          priority: r.prio,
          addresses: r.addrs,
          intervalSec: r.interval,
          authType: r.auth,
          ...(r.auth ? { authData: r.pw } : {}),
          ...(r.partial ? { count: r.addrs.length + 1 } : {}),
        });
    const ns = Math.round(t * 1e9);
    const sec = Math.floor(ns / 1e9);
    packets.push({
      ts: { sec: T0 + sec, nsec: ns - sec * 1e9 },
      data: ethernet({
        dst: '01:00:5e:00:00:12',
        src: r.mac,
        type: ETHERTYPE.IPV4,
        payload: ipv4({ src: r.src, dst: '224.0.0.18', proto: IPPROTO.VRRP, payload }),
      }),
    });
    t += rnd(5) === 0 ? 2 + rnd(4) : 0.1 + rnd(10) / 10;
  }
  return writePcap({ linkType: 1, nanos: true, packets });
}

const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-classes-'));

test('config-mismatch and vrid-collision by classes find what a walk over every router finds', async () => {
  let mismatches = 0;
  let collisions = 0;
  for (let seed = 1; seed <= 60; seed++) {
    const file = join(dir, `group-${seed}.pcap`);
    writeFileSync(file, randomCapture(seed));
    for (const [rule, walk] of [
      [configMismatch, walkConfigMismatch],
      [vridCollision, walkVridCollision],
    ]) {
      const { report } = await analyzeSource(new CaptureFiles([file]), { rules: [rule] });
      const { report: expected } = await analyzeSource(new CaptureFiles([file]), { rules: [walk] });
      assert.deepEqual(report.findings, expected.findings, `seed ${seed}, ${rule.meta.id}`);
      if (rule === configMismatch) mismatches += report.findings.length;
      else collisions += report.findings.length;
    }
  }
  // The random groups do disagree, and do collide: the comparison is not of empty lists.
  assert.ok(mismatches > 300, `${mismatches} mismatches`);
  assert.ok(collisions > 30, `${collisions} collisions`);
});
