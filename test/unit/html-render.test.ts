/**
 * The HTML report's pure parts (no browser): escaping, the embedded JSON, time scales and axis
 * ticks, UTC times, Wireshark filters, tick decimation, episodes, and the page's invariants.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeCaptures } from '../../src/commands/analyze.js';
import { axisMarkup } from '../../src/render/html/axis.js';
import { esc, jsonForScript, slug } from '../../src/render/html/escape.js';
import { wiresharkFilters } from '../../src/render/html/filters.js';
import { advertTicks, episodes } from '../../src/render/html/layout.js';
import { CSP, renderHtml } from '../../src/render/html/page.js';
import {
  bracketLabels,
  duration,
  makeScale,
  niceStep,
  stepDigits,
  ticks,
  utc,
  xOf,
} from '../../src/render/html/scale.js';
import type { Finding, GroupReport, RouterReport } from '../../src/report/types.js';
import { CAPTURES } from '../support/paths.js';
import { flappingPair, rel, twoSplitBrains } from '../support/scenario.js';
import { ViewModelBuilder } from '../../src/ui/view-model.js';

test('esc: markup characters as entities, control characters and bidi overrides as visible escapes', () => {
  assert.equal(
    esc('</script><img src=x onerror="alert(1)">'),
    '&lt;/script&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;',
  );
  assert.equal(esc(`a&b'c`), 'a&amp;b&#39;c');
  assert.equal(esc('e\u001b[2J\u202eevil\u0085'), 'e\\x1b[2J\\u{202e}evil\\x85');
  assert.equal(esc('line\nnext\ttab'), 'line\nnext\ttab');
  assert.equal(esc(42), '42');
});

test('jsonForScript: nothing can close the script element or break the parse, and the value is unchanged', () => {
  const value = {
    name: '</script><script>alert(1)</script><!--',
    sep: 'a\u2028b\u2029c',
    c1: '\u0085\u202e',
    amp: 'a&b>c',
  };
  const text = jsonForScript(value);
  assert.doesNotMatch(text, /[<>&\u2028\u2029\u0085\u202e]/);
  assert.ok(!text.toLowerCase().includes('</script'));
  assert.deepEqual(JSON.parse(text), value);
});

test('slug: any group id as a safe fragment, distinct ids stay distinct', () => {
  assert.equal(slug('if2/vlan10/ipv4/vrid51'), 'if2_2fvlan10_2fipv4_2fvrid51');
  assert.match(slug('"><x'), /^[A-Za-z0-9_-]+$/);
  assert.notEqual(slug('a/b'), slug('a_b'));
});

test('scale: times onto pixels, and a single instant still gets a width', () => {
  const s = makeScale(100, 200, 10, 1010);
  assert.equal(xOf(s, 100), 10);
  assert.equal(xOf(s, 150), 510);
  assert.equal(xOf(s, 200), 1010);
  const one = makeScale(5, 5, 0, 100);
  assert.equal(xOf(one, 5), 50);
});

test('axis ticks: round steps, within the range, at most the number asked for', () => {
  assert.equal(niceStep(21.6, 9), 5);
  assert.equal(niceStep(3600, 9), 600);
  assert.equal(niceStep(0.004, 8), 0.0005);
  assert.equal(niceStep(86400 * 30, 5), 86400 * 6);
  const t = ticks(1795566612.25, 1795566633.87, 9);
  assert.equal(t.step, 5);
  assert.deepEqual(t.times, [1795566615, 1795566620, 1795566625, 1795566630]);
  for (const [a, b, max] of [
    [0, 1e-3, 10],
    [1e9, 1e9 + 7200, 10],
    [1e9 + 0.1, 1e9 + 0.3, 4],
  ]) {
    const r = ticks(a, b, max);
    assert.ok(r.times.length <= max + 1, `${a}..${b}: ${r.times.length}`);
    assert.ok(r.times.every((x) => x >= a - 1e-9 && x <= b + 1e-9));
  }
  assert.equal(stepDigits(5), 0);
  assert.equal(stepDigits(0.5), 1);
  assert.equal(stepDigits(0.002), 3);
});

test('axis markup: labels in UTC, the date in the label column and where the day changes', () => {
  // 23:59:50 to 00:00:20 the next day.
  const t0 = Date.UTC(2026, 10, 29, 23, 59, 50) / 1000;
  const m = axisMarkup(t0, t0 + 30, 200, 1186, 24, 100);
  assert.match(m, /UTC 2026-11-29</);
  assert.match(m, />23:59:50</);
  assert.match(m, />11-30 00:00:00</);
  assert.match(m, />00:00:10</);
});

test('utc: the date and time to the chosen precision; beyond a calendar, epoch seconds', () => {
  assert.equal(utc(1795566612.254652, 6), '2026-11-25 00:30:12.254652');
  assert.equal(utc(1795566612.254652, 3), '2026-11-25 00:30:12.254');
  assert.equal(utc(1795566612.9, 0), '2026-11-25 00:30:12');
  assert.equal(utc(9.3e18, 3), '@9300000000000000000');
  assert.equal(duration(0.85), '850 ms');
  assert.equal(duration(3.6113), '3.611 s');
  assert.equal(duration(125), '2 min 5 s');
  assert.equal(duration(3720), '1 h 2 min');
});

test('takeover labels: the longest that fits, each shown in its own range of widths; SLOW past the threshold', () => {
  const l = bracketLabels('master-down', 3.611, 3.609);
  assert.deepEqual(
    l.map((x) => x.text),
    ['master-down 3.611 s (RFC 3.609 s)', '3.611 s / RFC 3.609 s', '3.611 s'],
  );
  assert.equal(l[0].maxw, Infinity);
  for (let i = 1; i < l.length; i++) assert.equal(l[i].maxw, l[i - 1].minw, 'no gap, no overlap');
  assert.ok(l.every((x) => !x.slow));
  const slow = bracketLabels('master-down', 5, 3.609);
  assert.ok(slow[0].slow && slow[0].text.includes('5 s SLOW'));
  assert.deepEqual(
    bracketLabels('preemption', 0.877, null).map((x) => x.text),
    ['preemption 877 ms', '877 ms'],
  );
});

test('Wireshark filters: frame numbers as a set with ranges, one filter per file for several inputs', () => {
  assert.deepEqual(wiresharkFilters([41, 42, 57]), [{ filter: 'frame.number in {41, 42, 57}' }]);
  assert.deepEqual(wiresharkFilters([9, 3, 4, 5, 6, 12, 3]), [{ filter: 'frame.number in {3..6, 9, 12}' }]);
  assert.deepEqual(wiresharkFilters(['a.pcap#4', 'b#x.pcap#7', 'a.pcap#5', 'b#x.pcap#2']), [
    { file: 'a.pcap', filter: 'frame.number in {4, 5}' },
    { file: 'b#x.pcap', filter: 'frame.number in {2, 7}' },
  ]);
  assert.deepEqual(wiresharkFilters([]), []);
});

test('Wireshark filters are valid display filters (tshark -Y), when tshark is installed', (t) => {
  const r0 = spawnSync('tshark', ['-v'], { encoding: 'utf8' });
  if (r0.status !== 0) return t.skip('tshark not installed');
  const pcap = join(CAPTURES, 'real', 'split-brain.pcap');
  const [{ filter }] = wiresharkFilters([17, 26, 27, 28, 29, 33, 40]);
  const r = spawnSync('tshark', ['-r', pcap, '-Y', filter, '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n').map(Number), [17, 26, 27, 28, 29, 33, 40]);
});

const router = (o: Partial<RouterReport>): RouterReport =>
  ({ address: '10.0.0.1', activity: { from: 100, width: 2, counts: [] }, ...o }) as RouterReport;

test('advert ticks: every advert when kept, else one per non-empty bucket at its middle', () => {
  assert.deepEqual(advertTicks(router({ advertTimes: [1, 2, 3] })), [
    { time: 1, count: 1 },
    { time: 2, count: 1 },
    { time: 3, count: 1 },
  ]);
  assert.deepEqual(advertTicks(router({ activity: { from: 100, width: 2, counts: [3, 0, 0, 5] } })), [
    { time: 101, count: 3 },
    { time: 107, count: 5 },
  ]);
});

test('episodes: the split brains the report proves and silent-master findings, no-master findings, merged', () => {
  const sb = (from: number, to: number) => ({ a: 'a', b: 'b', from, to });
  const g = { id: 'g', splitBrains: [sb(10, 20), sb(18, 22), sb(30, 50)] } as unknown as GroupReport;
  const f = (rule: string, from: number, to: number, messageId = 'x', group = 'g') =>
    ({ group, rule, from, to, messageId }) as unknown as Finding;
  const ep = episodes(g, [
    // An overlap finding spans every episode it merged, silences between them included: not drawn.
    f('duplicate-master', 10, 50, 'overlap'),
    f('duplicate-master', 60, 65, 'silentMaster'),
    f('no-master', 40, 45),
    f('no-master', 1, 2),
    f('no-master', 70, 80, 'x', 'other'),
  ]);
  assert.deepEqual(ep.split, [
    { from: 10, to: 22 },
    { from: 30, to: 50 },
    { from: 60, to: 65 },
  ]);
  assert.deepEqual(ep.noMaster, [
    { from: 1, to: 2 },
    { from: 40, to: 45 },
  ]);
});

test('the terminal UI and the page draw one history: two split brains of a pair, no master between them', () => {
  const report = twoSplitBrains(60.5).analyze();
  const g = report.groups[0];
  const page = episodes(g, report.findings);
  const ui = new ViewModelBuilder().build(report, { title: 't' }).groups[0].episodes;
  const spans = (x: readonly { from: number; to: number }[]) => x.map((s) => [rel(s.from), rel(s.to)]);
  assert.deepEqual(spans(page.split), [
    [0.5, 20],
    [40.5, 60.5],
  ]);
  assert.deepEqual(spans(ui.split), spans(page.split));
  assert.deepEqual(spans(page.noMaster), [[20.5, 40]]);
  assert.deepEqual(spans(ui.noMaster), spans(page.noMaster));
});

test('the page: one CSP forbidding every request, the report embedded whole, every group drawn', async () => {
  const { report } = await analyzeCaptures([join(CAPTURES, 'real', 'several-groups.pcap')], {
    rules: {},
    showSecrets: false,
  });
  const html = renderHtml(report, { exitCode: 1, verdict: 'test' });
  assert.match(CSP, /^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/]+=*'; style-src 'sha256-/);
  assert.ok(!/unsafe-inline|unsafe-eval|https?:/.test(CSP));
  assert.equal(html.match(/http-equiv="Content-Security-Policy"/g)?.length, 1);
  const json = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)![1];
  assert.deepEqual(JSON.parse(json), report);
  assert.equal(html.match(/<svg class="lanes"/g)?.length, report.groups.length);
  // No external reference of any kind.
  assert.doesNotMatch(html, /\b(src|href)="(?!#)/);
  // eslint-disable-next-line no-control-regex -- finding raw control characters is the point
  assert.doesNotMatch(html, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
});

test('a long flapping history: the stretch the report leaves out is marked, not drawn as time without a master', () => {
  const report = flappingPair(700).analyze();
  const html = renderHtml(report, { exitCode: 1, verdict: 'test' });
  assert.match(html, /400 master periods not in the report from .* \(it keeps the first 500 and the latest 500\)/);
  assert.match(html, /400 transitions not in the report from /);
  assert.match(
    html,
    /The first 500 of 1400 transitions; the picture above and the embedded report data have the first 500 and the latest 500\./,
  );
  assert.match(html, /At the end of the capture: .*; 1400 transitions, 2 routers heard\./);
});
