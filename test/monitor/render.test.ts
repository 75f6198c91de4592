/**
 * Monitoring output formats against their grammars: Nagios plugin output and perfdata (monitoring
 * plugins guidelines), Checkmk local check lines, the Prometheus text exposition format (checked by
 * `promtool check metrics`, Prometheus's own validator, on every recording when it is installed).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeCaptures } from '../../src/commands/analyze.js';
import { RULES } from '../../src/analyze/rules/index.js';
import { MAX_NAMED, verdict } from '../../src/monitor/verdict.js';
import { parseListen } from '../../src/monitor/listen.js';
import { CHECKMK_HEADER, CHECKMK_PROBLEMS, renderCheckmk } from '../../src/render/checkmk.js';
import { NAGIOS_LIMITS, perfdata, pluginText, renderNagios } from '../../src/render/nagios.js';
import { ROUTER_EXPIRY_SECONDS, prometheusLines, renderPrometheus } from '../../src/render/prometheus.js';
import type { Report } from '../../src/report/types.js';
import { CAPTURES } from '../support/paths.js';
import { crowdedSegment } from '../support/html-scale.js';
import { Scenario } from '../support/scenario.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

const REAL = join(CAPTURES, 'real');
const RECORDINGS = readdirSync(REAL)
  .filter((f) => f.endsWith('.pcap'))
  .sort();
const reports = (async () => {
  const out = new Map<string, Report>();
  for (const f of RECORDINGS)
    out.set(f, (await analyzeCaptures([join(REAL, f)], { rules: {}, showSecrets: false })).report);
  return out;
})();

/** One perfdata item: 'label'=value[UOM];[warn];[crit];[min];[max] (ranges [@]start:end, ~ for -inf). */
const RANGE = String.raw`@?(?:~|-?[0-9.]+)?:?(?:-?[0-9.]+)?`;
const PERF = new RegExp(
  String.raw`^(?:'(?:[^']|'')+'|[^'= ]+)=-?[0-9.]+(?:s|ms|us|%|B|KB|MB|TB|c)?(?:;(?:${RANGE})){0,2}(?:;-?[0-9.]*){0,2}$`,
);

test('perfdata: quoted labels when needed, empty trailing fields dropped, ranges as given', () => {
  assert.equal(perfdata({ name: 'masters', value: 2, crit: '1:1', min: 0 }), 'masters=2;;1:1;0');
  assert.equal(perfdata({ name: 'age', value: 0.41234, uom: 's', crit: '~:3.609', min: 0 }), 'age=0.412s;;~:3.609;0');
  assert.equal(perfdata({ name: "it's odd", value: 1 }), "'it''s odd'=1");
  assert.equal(perfdata({ name: 'a=b', value: 1 }), "'a=b'=1");
  for (const s of ['masters=2;;1:1;0', 'age=0.412s;;~:3.609;0', "'it''s odd'=1"]) assert.match(s, PERF);
});

test('plugin text: no control characters and no | (it would start the perfdata)', () => {
  assert.equal(pluginText('a|b\x1b[31m\nc'), 'a\\x7cb\\x1b[31m\\x0ac');
});

test('Nagios output on every recording follows the plugin grammar', async () => {
  for (const [name, report] of await reports) {
    const v = verdict(report, { failOn: 'warning', expect: { masters: [], vrids: [] } });
    const text = renderNagios(v, { failOn: 'warning' });
    const lines = text.trimEnd().split('\n');
    const first = /^VRRP (OK|WARNING|CRITICAL|UNKNOWN) - ([^|]+) \| (.+)$/.exec(lines[0]);
    assert.ok(first, `${name}: first line ${lines[0]}`);
    assert.equal(first[1], ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'][v.state]);
    // Perfdata: on the first line, and after the one `|` in the long output (its last line).
    const later = lines.slice(1).filter((l) => l.includes('|'));
    assert.equal(later.length, 1, `${name}: one | in the long output`);
    assert.equal(lines.at(-1), later[0]);
    const items = [...first[3].split(' '), ...later[0].split(' | ')[1].split(' ')];
    for (const item of items) assert.match(item, PERF, `${name}: ${item}`);
    assert.ok(
      items.some((i) => i.startsWith('vrid') && i.includes('_masters=')),
      `${name}: per-group masters`,
    );
    // One line per group and per finding in the long output.
    assert.equal(
      lines.length - 1,
      v.groups.length + v.problems.filter((p) => !p.finding).length + report.findings.length,
    );
  }
});

test('Checkmk local check lines: one service per group and one for the segment, with the header when asked', async () => {
  const LINE = /^([0-3]) "(VRRP [^"]+)" (\S+|-) (.+)$/;
  for (const [name, report] of await reports) {
    const v = verdict(report, { failOn: 'warning', expect: { masters: [], vrids: [] } });
    const lines = renderCheckmk(v, { failOn: 'warning', header: true }).trimEnd().split('\n');
    assert.equal(lines[0], CHECKMK_HEADER);
    assert.equal(lines.length, 2 + report.groups.length, name);
    const services = lines.slice(1).map((l) => {
      const m = LINE.exec(l);
      assert.ok(m, `${name}: ${l}`);
      for (const metric of m[3].split('|')) assert.match(metric, /^[a-z_]+=-?[0-9.]+(;[0-9.:]*){0,4}$/, metric);
      return m[2];
    });
    assert.equal(new Set(services).size, services.length, `${name}: service names are unique`);
    assert.equal(services.at(-1), 'VRRP segment');
    assert.deepEqual(
      lines.slice(1, -1).map((l) => Number(l[0])),
      v.groups.map((g) => g.state),
    );
  }
});

test('a crowded segment: at most NAGIOS_LIMITS lines of each kind, the worst groups first, the rest counted', async () => {
  // 1,101 groups (30 split brains), 1,250 findings (30 errors), a group of 60 routers.
  const file = join(mkdtempSync(join(tmpdir(), 'vrrpscope-render-')), 'crowded.pcap');
  writeFileSync(file, crowdedSegment());
  const { report } = await analyzeCaptures([file], { rules: {}, showSecrets: false });
  const v = verdict(report, { failOn: 'warning', expect: { masters: [], vrids: [] } });
  const lines = renderNagios(v, { failOn: 'warning' }).trimEnd().split('\n');
  assert.match(
    lines[0],
    /^VRRP CRITICAL - split brain on VRID 1 ipv4 vlan 1 .* \| groups=1101;;;0 findings_error=30;;0;0 /,
  );
  const groupLines = lines.filter((l) => /^(OK|WARNING|CRITICAL): VRID \d+ ipv4 vlan \d+: (master|no master)/.test(l));
  assert.equal(groupLines.length, NAGIOS_LIMITS.groups);
  // Every group has a TTL warning at least: the 30 split brains (CRITICAL) first, then the first 70 others.
  assert.equal(groupLines.filter((l) => l.startsWith('CRITICAL')).length, 30);
  assert.equal(groupLines.filter((l) => l.startsWith('WARNING')).length, 70);
  const more = lines.find((l) => l.startsWith('... and 1001 more virtual routers'));
  assert.equal(more, '... and 1001 more virtual routers (1001 WARNING)');
  // Findings: the 30 errors among the 100 written, and the true count of the rest.
  const findingLines = lines.filter((l) => /^(error|warning|info) /.test(l));
  assert.equal(findingLines.length, NAGIOS_LIMITS.findings);
  assert.equal(findingLines.filter((l) => l.startsWith('error ')).length, 30);
  // (The last line: the per-group perfdata follows it after a |.)
  assert.ok(lines.at(-1)!.startsWith(`... and ${1250 - NAGIOS_LIMITS.findings} more findings | `));
  // Perfdata for the first groups in the report's order, still one | in the long output.
  const later = lines.slice(1).filter((l) => l.includes('|'));
  assert.equal(later.length, 1);
  const perf = later[0].split(' | ')[1].split(' ');
  for (const item of perf) assert.match(item, PERF, item);
  assert.equal(perf.filter((i) => i.includes('_masters=')).length, NAGIOS_LIMITS.groups);
  assert.ok(perf[0].startsWith('vrid1_ipv4_vlan_1_'));
  assert.ok(lines.join('\n').length < 64_000, 'within what NRPE 3+ carries');

  // Checkmk: every group is a service; each service's long output has at most CHECKMK_PROBLEMS problems.
  const services = renderCheckmk(v, { failOn: 'warning', header: false }).trimEnd().split('\n');
  assert.equal(services.length, 1102);
  const chain = services.find((l) => l.includes('"VRRP VRID 1 ipv4 vlan 6"'))!;
  const problems = chain.split('\\n').slice(1);
  assert.equal(problems.length, CHECKMK_PROBLEMS + 1);
  assert.equal(problems.at(-1), `... and ${60 - CHECKMK_PROBLEMS} more problems`);
});

test('a flood of masters: each list in a line names MAX_NAMED routers and counts the rest', () => {
  const s = new Scenario();
  for (let i = 1; i <= 30; i++)
    s.every(0, 5, 1, {
      address: `10.99.0.${i}`,
      mac: `02:99:00:00:00:${i.toString(16).padStart(2, '0')}`,
      priority: 100,
    });
  const report = s.analyze();
  assert.equal(report.groups[0].state.masters.length, 30);
  const v = verdict(report, {
    failOn: 'warning',
    expect: { masters: [{ vrid: 51, address: '10.99.0.99' }], vrids: [] },
  });
  const nagios = renderNagios(v, { failOn: 'warning' });
  const checkmk = renderCheckmk(v, { failOn: 'warning', header: false });
  const more = `and ${30 - MAX_NAMED} more`;
  // The group line, the split brain, the expected master: each names 8 and counts 22.
  assert.match(
    nagios,
    new RegExp(
      `^CRITICAL: VRID 51 ipv4: masters (10\\.99\\.0\\.\\d+ \\(100\\), ){7}10\\.99\\.0\\.\\d+ \\(100\\) ${more}, last advert`,
      'm',
    ),
  );
  assert.match(
    nagios,
    new RegExp(
      `^CRITICAL: split brain on VRID 51 ipv4 \\((10\\.99\\.0\\.\\d+, ){7}10\\.99\\.0\\.\\d+ ${more}\\)$`,
      'm',
    ),
  );
  assert.match(nagios, new RegExp(`^CRITICAL: VRID 51 ipv4: master is .* ${more}, expected 10\\.99\\.0\\.99$`, 'm'));
  for (const line of [...nagios.split('\n'), ...checkmk.split('\\n')]) assert.ok(line.length < 2000, line);
});

test('Prometheus: counters start at 0 for every enabled rule and every cause; labels escaped; silent routers expire', async () => {
  const report = (await reports).get('split-brain.pcap')!;
  const text = renderPrometheus(report, { version: '1.2.3', rules: { flapping: { severity: 'off' } }, now: null });
  for (const r of RULES) {
    const line = `vrrpscope_findings_total{rule="${r.meta.id}",severity="${r.meta.defaultSeverity}"}`;
    assert.equal(text.includes(line), r.meta.id !== 'flapping', line);
  }
  assert.match(text, /^vrrpscope_findings_total\{rule="duplicate-master",severity="error"\} 1$/m);
  assert.match(
    text,
    /^vrrpscope_transitions_total\{segment="0",vlan="",family="ipv4",vrid="51",cause="preemption"\} 0$/m,
  );
  assert.match(text, /^vrrpscope_build_info\{version="1\.2\.3"\} 1$/m);

  const g = report.groups[0];
  const later: Report = {
    ...report,
    groups: [
      {
        ...g,
        vlan: [10, 20],
        state: {
          ...g.state,
          routers: g.state.routers.map((r, i) => ({ ...r, silentFor: i ? ROUTER_EXPIRY_SECONDS + 1 : 1 })),
        },
      },
    ],
  };
  const expired = renderPrometheus(later, { version: 'a"b\\c\nd', now: null });
  assert.match(expired, /^vrrpscope_build_info\{version="a\\"b\\\\c\\nd"\} 1$/m);
  const routers = expired.split('\n').filter((l) => l.startsWith('vrrpscope_router_priority{'));
  assert.deepEqual(routers, [
    `vrrpscope_router_priority{segment="0",vlan="10.20",family="ipv4",vrid="51",router="${g.state.routers[0].address}"} ${g.state.routers[0].priority}`,
  ]);
});

test('Prometheus: a group of 200,000 routers (a flood) is written, in lines, the newest advert found without a spread', async () => {
  const report = (await reports).get('split-brain.pcap')!;
  const g = report.groups[0];
  const n = 200_000;
  const flood: Report = {
    ...report,
    groups: [
      {
        ...g,
        routers: Array.from({ length: n }, (_, i) => ({
          ...g.routers[0],
          address: `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`,
          lastSeen: i,
        })),
        state: {
          ...g.state,
          routers: Array.from({ length: n }, (_, i) => ({ ...g.state.routers[0], address: `r${i}`, silentFor: 1 })),
        },
      },
    ],
  };
  const lines = [...prometheusLines(flood, { version: '1', now: null })];
  assert.equal(lines.filter((l) => l.startsWith('vrrpscope_router_priority{')).length, n);
  assert.ok(lines.includes(`vrrpscope_last_advert_timestamp_seconds ${n - 1}`));
  assert.equal(renderPrometheus(flood, { version: '1', now: null }), lines.join('\n') + '\n');
});

const promtool = spawnSync('promtool', ['--version']).status === 0;
test(
  'promtool check metrics passes on the metrics of every recording',
  { skip: promtool ? false : 'promtool not installed (apt-get install prometheus)' },
  async () => {
    for (const [name, report] of await reports) {
      const text = renderPrometheus(report, { version: '0.1.0', now: null, dropped: 0 });
      const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
      assert.equal(r.status, 0, `${name}: ${r.stdout}${r.stderr}`);
    }
  },
);

test('--metrics addresses: port alone is 127.0.0.1; IPv6 in brackets; nonsense refused', () => {
  assert.deepEqual(parseListen('9101'), { host: '127.0.0.1', port: 9101 });
  assert.deepEqual(parseListen('0.0.0.0:9101'), { host: '0.0.0.0', port: 9101 });
  assert.deepEqual(parseListen('[::1]:9101'), { host: '::1', port: 9101 });
  assert.deepEqual(parseListen(':9101'), { host: '127.0.0.1', port: 9101 });
  assert.deepEqual(parseListen('localhost:0'), { host: 'localhost', port: 0 });
  for (const bad of ['', 'x', '99999', '1.2.3.4:', 'a b:1', '::1:9101']) assert.equal(parseListen(bad), null, bad);
});
