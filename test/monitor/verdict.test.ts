/**
 * The monitoring verdict on real keepalived/FRR recordings: group status, findings under --fail-on,
 * and what the operator expects (a master, a VRID, a number of groups). Silence is a problem too.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeCaptures } from '../../src/commands/analyze.js';
import { RULES } from '../../src/analyze/rules/index.js';
import { FINDING_TITLES, STATE, verdict, worse, type Expectations } from '../../src/monitor/verdict.js';
import type { Report } from '../../src/report/types.js';
import { CAPTURES } from '../support/paths.js';

const none: Expectations = { masters: [], vrids: [] };
const cache = new Map<string, Report>();
async function recording(name: string): Promise<Report> {
  let r = cache.get(name);
  if (!r) {
    r = (await analyzeCaptures([join(CAPTURES, 'real', `${name}.pcap`)], { rules: {}, showSecrets: false })).report;
    cache.set(name, r);
  }
  return r;
}

test('states order as the plugin guidelines say: CRITICAL > UNKNOWN > WARNING > OK', () => {
  assert.equal(worse(STATE.OK, STATE.WARNING), STATE.WARNING);
  assert.equal(worse(STATE.UNKNOWN, STATE.WARNING), STATE.UNKNOWN);
  assert.equal(worse(STATE.UNKNOWN, STATE.CRITICAL), STATE.CRITICAL);
  assert.equal(worse(STATE.CRITICAL, STATE.OK), STATE.CRITICAL);
});

test('every rule has a title for summary lines', () => {
  for (const r of RULES) assert.ok(FINDING_TITLES[r.meta.id], `no title for ${r.meta.id}`);
});

test('a healthy pair is OK; the expected master is checked, and another master is CRITICAL', async () => {
  const report = await recording('healthy-pair');
  const ok = verdict(report, { failOn: 'warning', expect: none });
  assert.equal(ok.state, STATE.OK);
  assert.deepEqual(ok.problems, []);

  const right = verdict(report, {
    failOn: 'warning',
    expect: { masters: [{ vrid: 51, address: '10.99.0.1' }], vrids: [] },
  });
  assert.equal(right.state, STATE.OK);

  const wrong = verdict(report, {
    failOn: 'warning',
    expect: { masters: [{ vrid: 51, address: '10.99.0.2' }], vrids: [] },
  });
  assert.equal(wrong.state, STATE.CRITICAL);
  assert.deepEqual(
    wrong.problems.map((p) => p.text),
    ['VRID 51 ipv4: master is 10.99.0.1 (150), expected 10.99.0.2'],
  );
});

test('silence is noticed: an expected VRID or master never heard, fewer or more groups than expected', async () => {
  const report = await recording('healthy-pair');
  const missing = verdict(report, {
    failOn: 'warning',
    expect: { masters: [{ vrid: 52, address: '10.99.0.1' }], vrids: [7], groups: 1 },
  });
  assert.equal(missing.state, STATE.CRITICAL);
  assert.deepEqual(missing.segment.problems.map((p) => p.text).sort(), ['VRID 52 ipv4 not heard', 'VRID 7 not heard']);

  const fewer = verdict(report, { failOn: 'warning', expect: { ...none, groups: 2 } });
  assert.equal(fewer.state, STATE.CRITICAL);
  assert.equal(fewer.problems[0].text, '1 virtual router heard, expected 2');
  const more = verdict(report, { failOn: 'warning', expect: { ...none, groups: 0 } });
  assert.equal(more.state, STATE.WARNING);

  // Nothing heard and nothing expected: not OK (a wrong interface, a capture filter, unicast VRRP).
  const empty: Report = { ...report, groups: [], findings: [] };
  const silent = verdict(empty, { failOn: 'warning', expect: none });
  assert.equal(silent.state, STATE.WARNING);
  assert.equal(silent.problems[0].text, 'no VRRP advertisement heard');
  assert.equal(verdict(empty, { failOn: 'warning', expect: { ...none, groups: 0 } }).state, STATE.OK);
});

test('findings: error is CRITICAL, warning WARNING, and --fail-on sets which count', async () => {
  const split = await recording('split-brain');
  const v = verdict(split, { failOn: 'warning', expect: none });
  assert.equal(v.state, STATE.CRITICAL);
  assert.equal(v.groups[0].problems[0].text, 'split brain on VRID 51 ipv4 (10.99.0.1, 10.99.0.2)');
  assert.equal(v.findingCounts.error, 1);
  // --fail-on none: findings no longer change the state (the split brain had ended by the capture's end).
  assert.equal(verdict(split, { failOn: 'none', expect: none }).state, STATE.OK);

  const garp = await recording('suppressed-garp');
  assert.equal(verdict(garp, { failOn: 'warning', expect: none }).state, STATE.WARNING);
  assert.equal(verdict(garp, { failOn: 'error', expect: none }).state, STATE.OK);

  // info findings (a graceful release) count only with --fail-on info, and then as WARNING.
  const release = await recording('graceful-stop');
  assert.ok(release.findings.some((f) => f.severity === 'info'));
  assert.equal(verdict(release, { failOn: 'warning', expect: none }).state, STATE.OK);
  assert.equal(verdict(release, { failOn: 'info', expect: none }).state, STATE.WARNING);
});

test('group status counts even with its rule turned off: a split brain at the end is CRITICAL', async () => {
  const split = await recording('split-brain');
  const g = split.groups[0];
  const ongoing: Report = {
    ...split,
    findings: [],
    groups: [{ ...g, state: { ...g.state, status: 'split-brain', masters: ['10.99.0.1', '10.99.0.2'] } }],
  };
  const v = verdict(ongoing, { failOn: 'warning', expect: none });
  assert.equal(v.state, STATE.CRITICAL);
  assert.equal(v.problems[0].text, 'split brain on VRID 51 ipv4 (10.99.0.1, 10.99.0.2)');

  const gone: Report = {
    ...split,
    findings: [],
    groups: [{ ...g, state: { ...g.state, status: 'no-master', masters: [] } }],
  };
  const nv = verdict(gone, { failOn: 'warning', expect: none });
  assert.equal(nv.state, STATE.CRITICAL);
  assert.match(nv.problems[0].text, /^no master on VRID 51 ipv4, last heard 10\.99\.0\.\d [0-9.]+ s ago$/);
});

test('IPv6 expectations match IPv6 groups only', async () => {
  const report = await recording('v3-ipv6');
  const g = report.groups[0];
  assert.equal(g.family, 'ipv6');
  const master = g.state.masters[0];
  assert.equal(
    verdict(report, { failOn: 'warning', expect: { masters: [{ vrid: g.vrid, address: master }], vrids: [] } }).state,
    STATE.OK,
  );
  const v4 = verdict(report, {
    failOn: 'warning',
    expect: { masters: [{ vrid: g.vrid, address: '10.0.0.1' }], vrids: [] },
  });
  assert.equal(v4.state, STATE.CRITICAL);
  assert.deepEqual(
    v4.problems.map((p) => p.text),
    [`VRID ${g.vrid} ipv4 not heard`],
  );
});
