/**
 * What the HTML page draws past its limits (src/render/html/bounds.ts), on a generated segment of
 * 1,101 groups and 1,250 findings with a group of 60 routers: which groups, routers and findings,
 * in which order, what the page says it left out, and the data it embeds.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { analyzeCaptures } from '../../src/commands/analyze.js';
import { addressesText, embedded, laneRouters, PAGE_LIMITS, planPage } from '../../src/render/html/bounds.js';
import { renderHtml } from '../../src/render/html/page.js';
import type { Report } from '../../src/report/types.js';
import { crowdedSegment } from '../support/html-scale.js';
import { CAPTURES } from '../support/paths.js';

let report: Report;
before(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'vrrpscope-bounds-')), 'crowded.pcap');
  writeFileSync(file, crowdedSegment());
  ({ report } = await analyzeCaptures([file], { rules: {}, showSecrets: false }));
});

const SPLIT = [1, 2, 3, 4, 5].flatMap((vlan) => [1, 2, 3, 4, 5, 6].map((vrid) => `vlan${vlan}/ipv4/vrid${vrid}`));
const CHAIN = 'vlan6/ipv4/vrid1';

test('the groups drawn: errors first, then warnings, then no single master, then transitions; in the report order', () => {
  assert.equal(report.groups.length, 1101);
  const plan = planPage(report);
  assert.ok(plan.bounded);
  const drawn = plan.drawn.map((d) => d.group.id);
  assert.equal(drawn.length, PAGE_LIMITS.groups);
  for (const id of [...SPLIT, CHAIN]) assert.ok(drawn.includes(id), id);
  // The other 69: the first in the report's order (each has one warning and one master).
  const order = new Map(report.groups.map((g, i) => [g.id, i]));
  const rest = report.groups.filter((g) => !SPLIT.includes(g.id) && g.id !== CHAIN).slice(0, 69);
  for (const g of rest) assert.ok(drawn.includes(g.id), g.id);
  assert.deepEqual(
    drawn,
    [...drawn].sort((a, b) => order.get(a)! - order.get(b)!),
  );
  // Listed: 1,000 of the 1,001 others, none drawn, the most troubled first.
  assert.equal(plan.listed.length, PAGE_LIMITS.listedGroups);
  assert.ok(plan.listed.every((g) => !drawn.includes(g.id)));
  assert.deepEqual(
    plan.listed.map((g) => g.id),
    report.groups
      .filter((g) => !drawn.includes(g.id))
      .slice(0, PAGE_LIMITS.listedGroups)
      .map((g) => g.id),
    'all alike: in the report order',
  );
});

test('the lanes: the master at the end, then the longest masters; the rest only in the top row', () => {
  const chain = report.groups.find((g) => g.id === CHAIN)!;
  assert.equal(chain.routers.length, 60);
  const lanes = laneRouters(chain);
  assert.equal(lanes.length, PAGE_LIMITS.lanes);
  assert.ok(lanes.some((r) => r.address === chain.state.masters[0]));
  // In the report's order.
  const at = new Map(chain.routers.map((r, i) => [r, i]));
  assert.deepEqual(
    lanes,
    [...lanes].sort((a, b) => at.get(a)! - at.get(b)!),
  );
  // Master longest: no router left out was master longer than one drawn (bar the master at the end).
  const time = (a: string) => chain.timeline.filter((p) => p.master === a).reduce((s, p) => s + (p.to - p.from), 0);
  const shortestDrawn = Math.min(
    ...lanes.filter((r) => r.address !== chain.state.masters[0]).map((r) => time(r.address)),
  );
  for (const r of chain.routers) if (!lanes.includes(r)) assert.ok(time(r.address) <= shortestDrawn, r.address);
  // A small group: every router, the same list.
  const small = report.groups.find((g) => g.id === SPLIT[0])!;
  assert.equal(laneRouters(small), small.routers);
});

test('the findings shown: every error, then the warnings of the groups drawn, in the report order', () => {
  assert.equal(report.findings.length, 1250);
  const plan = planPage(report);
  assert.equal(plan.findings.length, PAGE_LIMITS.findings);
  const drawn = new Set(plan.drawn.map((d) => d.group.id));
  const shown = new Set(plan.findings);
  for (const f of report.findings) {
    if (f.severity === 'error') assert.ok(shown.has(f), `error ${f.rule} ${f.group}`);
    if (f.group !== undefined && drawn.has(f.group)) assert.ok(shown.has(f), `drawn ${f.rule} ${f.group}`);
  }
  assert.deepEqual(
    plan.findings,
    report.findings.filter((f) => shown.has(f)),
  );
  // Every finding of a group, shown or not, for the split-brain and no-master spans.
  assert.equal(
    [...plan.findingsOf.values()].reduce((n, l) => n + l.length, 0),
    report.findings.length,
  );
});

test('the embedded data: the part drawn, with the totals; the whole report when nothing was left out', async () => {
  const plan = planPage(report);
  const data = JSON.parse(JSON.stringify(embedded(report, plan))) as Report & {
    page: {
      groups: { drawn: number; total: number };
      routers: Record<string, { drawn: number; total: number }>;
      findings: { shown: number; total: number };
    };
  };
  assert.deepEqual(data.page.groups, { drawn: PAGE_LIMITS.groups, total: 1101 });
  assert.deepEqual(data.page.routers, { [CHAIN]: { drawn: PAGE_LIMITS.lanes, total: 60 } });
  assert.deepEqual(data.page.findings, { shown: PAGE_LIMITS.findings, total: 1250 });
  assert.deepEqual(
    data.groups.map((g) => g.id),
    plan.drawn.map((d) => d.group.id),
  );
  const chain = data.groups.find((g) => g.id === CHAIN)!;
  assert.equal(chain.routers.length, PAGE_LIMITS.lanes);
  assert.equal(chain.state.routers.length, PAGE_LIMITS.lanes);
  // Every transition and period stays (the page draws them all).
  assert.equal(chain.transitions.length, 60);
  assert.equal(data.findings.length, PAGE_LIMITS.findings);

  const { report: small } = await analyzeCaptures([join(CAPTURES, 'real', 'several-groups.pcap')], {
    rules: {},
    showSecrets: false,
  });
  const p = planPage(small);
  assert.equal(p.bounded, false);
  assert.equal(embedded(small, p), small);
});

test('the page says what it left out, and every link on it has its target', () => {
  const html = renderHtml(report, { exitCode: 1, verdict: 'test' });
  assert.equal(html.match(/<svg class="lanes"/g)?.length, PAGE_LIMITS.groups);
  assert.match(html, /<h2 id="other-groups">1001 more virtual routers, not drawn<\/h2>/);
  assert.match(html, /The 1000 most troubled of these 1001 groups/);
  assert.match(html, /1000 of 1250 findings: the errors first/);
  assert.match(html, /A lane for 40 of them: the masters at the end/);
  assert.match(html, /40 of 60 routers: those with a lane above/);
  assert.equal(html.match(/<tr class="finding /g)?.length, PAGE_LIMITS.findings);
  const markup = html.slice(0, html.indexOf('<script')); // (the script has a template of its own)
  const ids = new Set([...markup.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
  const missing = [...markup.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]).filter((id) => !ids.has(id));
  assert.ok(ids.size > 2000);
  assert.deepEqual(missing, []);
  assert.ok(html.length < 5e6, `${html.length} characters`);
});

test('addressesText: the first few of a long list, and how many more', () => {
  const g = report.groups[0];
  assert.equal(addressesText(g), g.virtualAddresses.join(' '));
  const many = { ...g, virtualAddresses: Array.from({ length: 20 }, (_, i) => `10.0.0.${i}`), virtualAddressCount: 20 };
  assert.equal(addressesText(many, 3), '10.0.0.0 10.0.0.1 10.0.0.2 and 17 more');
  assert.equal(addressesText(many).split(' ').length, PAGE_LIMITS.addresses + 3);
  // A report that lists the first of more (a flood): the count says how many more.
  assert.equal(addressesText({ ...many, virtualAddressCount: 5000 }, 3), '10.0.0.0 10.0.0.1 10.0.0.2 and 4997 more');
});
