/**
 * `vrrpscope analyze` as a user and a CI job run it: report formats, exit codes, --fail-on,
 * --baseline, rule settings, and one-line errors. Captures are built here with the test writer.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import type { Report } from '../../src/report/types.js';
import { arp, ethernet, ETHERTYPE, IPPROTO, ipv4, vrrp2 } from '../support/frames.js';
import { CAPTURES, CLI } from '../support/paths.js';
import { writePcap, writePcapng } from '../support/pcap-writer.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-analyze-'));
const T = 1795561300;

const advert = (src: string, mac: string, priority: number, authData?: string) =>
  ethernet({
    dst: '01:00:5e:00:00:12',
    src: mac,
    type: ETHERTYPE.IPV4,
    payload: ipv4({
      src,
      dst: '224.0.0.18',
      proto: IPPROTO.VRRP,
      payload: vrrp2({
        vrid: 51,
        priority,
        addresses: ['10.99.0.100'],
        ...(authData ? { authType: 1, authData } : {}),
      }),
    }),
  });
const garp = (mac: string) =>
  ethernet({
    dst: 'ff:ff:ff:ff:ff:ff',
    src: mac,
    type: ETHERTYPE.ARP,
    payload: arp({ op: 1, sha: mac, spa: '10.99.0.100', tha: 'ff:ff:ff:ff:ff:ff', tpa: '10.99.0.100' }),
  });

const M1 = '02:99:00:00:00:01';
const M2 = '02:99:00:00:00:02';

/** r1 master for 10 s, crashes; r2 takes over 3.61 s later with GARPs. No findings. */
function failover(): string {
  const packets: { ts: { sec: number; nsec: number }; data: Buffer }[] = [];
  const at = (t: number, data: Buffer) =>
    packets.push({ ts: { sec: T + Math.floor(t), nsec: Math.round((t % 1) * 1e9) }, data });
  for (let t = 0; t <= 10; t++) at(t, advert('10.99.0.1', M1, 150));
  at(13.61, advert('10.99.0.2', M2, 100));
  for (let i = 0; i < 5; i++) at(13.611 + i * 0.0001, garp(M2));
  for (let t = 14.61; t <= 20; t++) at(t, advert('10.99.0.2', M2, 100));
  const path = join(dir, 'failover.pcap');
  writeFileSync(path, writePcap({ linkType: 1, packets }));
  return path;
}

/** Two masters advertising at once for 10 s (split brain), with a plain-text password. */
function splitBrain(): string {
  const packets: { ts: { sec: number; nsec: number }; data: Buffer }[] = [];
  const at = (t: number, data: Buffer) =>
    packets.push({ ts: { sec: T + Math.floor(t), nsec: Math.round((t % 1) * 1e9) }, data });
  for (let t = 0; t <= 20; t++) at(t, advert('10.99.0.1', M1, 150, 'secret'));
  for (let t = 5.5; t <= 15.5; t++) at(t, advert('10.99.0.2', M2, 100, 'secret'));
  const path = join(dir, 'split.pcap');
  writeFileSync(path, writePcap({ linkType: 1, packets }));
  return path;
}

const FAILOVER = failover();
const SPLIT = splitBrain();

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test('analyze: text report of a failover, exit 0', async () => {
  const r = await cli(['analyze', FAILOVER]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /VRID 51 \(IPv4, VRRPv2\) virtual 10\.99\.0\.100/);
  assert.match(r.stdout, /10\.99\.0\.1\s+10\.99\.0\.2\s+master-down\s+3\.610 s\s+3\.609 s/);
  assert.match(r.stdout, /No findings\./);
  assert.equal(r.stderr, '');
});

test('analyze --format json: the documented schema', async () => {
  const r = await cli(['analyze', '--format', 'json', FAILOVER]);
  assert.equal(r.code, 0);
  const report = JSON.parse(r.stdout) as Report;
  assert.equal(report.schemaVersion, 3);
  assert.equal(report.groups.length, 1);
  const g = report.groups[0];
  assert.deepEqual(
    [g.id, g.vrid, g.family, g.vlan, g.virtualAddresses],
    ['ipv4/vrid51', 51, 'ipv4', [], ['10.99.0.100']],
  );
  assert.deepEqual(
    g.transitions.map((t) => [t.from, t.to, t.cause, t.delay, t.expectedDelay]),
    [
      [null, '10.99.0.1', 'startup', null, null],
      ['10.99.0.1', '10.99.0.2', 'master-down', 3.61, 3.609375],
    ],
  );
  assert.deepEqual(
    g.timeline.map((p) => [p.master, Number((p.from - T).toFixed(3)), Number((p.to - T).toFixed(3))]),
    [
      ['10.99.0.1', 0, 10],
      ['10.99.0.2', 13.61, 19.61],
    ],
  );
  assert.deepEqual(
    g.owners.map((o) => [o.mac, o.gratuitous]),
    [[M2, 5]],
  );
  assert.deepEqual(report.findings, []);
});

test('analyze: findings set the exit code according to --fail-on', async () => {
  const [def, warn, none, info] = await Promise.all([
    cli(['analyze', SPLIT]),
    cli(['analyze', '--fail-on', 'warning', '--rule', 'duplicate-master=off', SPLIT]),
    cli(['analyze', '--fail-on', 'none', SPLIT]),
    cli(['analyze', '--rule', 'duplicate-master=off', '--rule', 'plaintext-auth=info', '--fail-on', 'warning', SPLIT]),
  ]);
  assert.equal(def.code, 1, 'duplicate-master is an error');
  assert.match(def.stdout, /error duplicate-master .*10\.99\.0\.1 and 10\.99\.0\.2 both acted as master/);
  assert.match(def.stdout, /warning plaintext-auth .*\*{8} \(--show-secrets to see it\)/);
  assert.doesNotMatch(def.stdout, /"secret"|password, secret/, 'the password is masked');
  assert.equal(warn.code, 1, 'plaintext-auth is a warning');
  assert.equal(none.code, 0);
  assert.equal(info.code, 0, 'severity overridden to info');
  assert.match(info.stdout, /info plaintext-auth/);
});

test('analyze --show-secrets prints the password', async () => {
  const r = await cli(['analyze', '--show-secrets', '--fail-on', 'none', SPLIT]);
  assert.match(r.stdout, /plain-text password, "secret"/);
});

test('analyze --baseline: equal findings pass, new or missing ones fail with the difference', async () => {
  const saved = await cli(['analyze', '--format', 'json', '--fail-on', 'none', SPLIT]);
  const baseline = join(dir, 'split.baseline.json');
  writeFileSync(baseline, saved.stdout);
  const [same, missing, added] = await Promise.all([
    cli(['analyze', '--baseline', baseline, SPLIT]),
    cli(['analyze', '--baseline', baseline, '--rule', 'plaintext-auth=off', SPLIT]),
    cli(['analyze', '--baseline', baseline, '--rule', 'unicast-vrrp=error', FAILOVER, SPLIT]),
  ]);
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stderr, /findings match the baseline .* \(2\)/);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /- missing: plaintext-auth ipv4\/vrid51 10\.99\.0\.1,10\.99\.0\.2/);
  assert.equal(added.code, 1, 'a different capture has different findings');
});

test('analyze: a baseline is a saved report: endless or mistyped input is one line, exit 2', async () => {
  const typed = join(dir, 'typed.json');
  writeFileSync(typed, JSON.stringify({ schemaVersion: 2, findings: [{ rule: 'x', routers: [], message: { a: 1 } }] }));
  const [zero, wrong] = await Promise.all([
    cli(['analyze', '--baseline', '/dev/zero', FAILOVER]),
    cli(['analyze', '--baseline', typed, FAILOVER]),
  ]);
  for (const [r, re] of [
    [zero, /baseline \/dev\/zero: larger than 64 MiB: not a saved report/],
    [wrong, /baseline .*typed\.json: finding 1: "message" is not a string/],
  ] as const) {
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, re);
    assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
  }
});

test('analyze: --set changes a rule option; bad settings and baselines are one-line errors, exit 2', async () => {
  const [ok, badRule, badSet, badOpt, proto, ctor, negative, noBaseline, badBaseline, notCapture] = await Promise.all([
    cli(['analyze', '--set', 'flapping.threshold=5', FAILOVER]),
    cli(['analyze', '--rule', 'nope=off', FAILOVER]),
    cli(['analyze', '--set', 'flapping=5', FAILOVER]),
    cli(['analyze', '--set', 'flapping.nope=5', FAILOVER]),
    cli(['analyze', '--set', 'flapping.toString=1', FAILOVER]),
    cli(['analyze', '--set', 'flapping.constructor=1', FAILOVER]),
    cli(['analyze', '--set', 'flapping.threshold=-1', '--set', 'flapping.window=-1', FAILOVER]),
    cli(['analyze', '--baseline', join(dir, 'missing.json'), FAILOVER]),
    cli(['analyze', '--baseline', FAILOVER, FAILOVER]),
    cli(['analyze', join(dir, 'nothing-here.pcap')]),
  ]);
  assert.equal(ok.code, 0);
  for (const [r, re] of [
    [badRule, /unknown rule "nope"/],
    [badSet, /--set expects ID\.OPTION=NUMBER/],
    [badOpt, /rule flapping has no option "nope" \(options: threshold, window\)/],
    [proto, /rule flapping has no option "toString"/],
    [ctor, /rule flapping has no option "constructor"/],
    [negative, /--set flapping\.threshold must not be negative, got -1/],
    [noBaseline, /baseline .*missing\.json: no such file/],
    [badBaseline, /baseline .*failover\.pcap: .*JSON/],
    [notCapture, /nothing-here\.pcap: no such file/],
  ] as const) {
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, re);
    assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
});

test('rules: lists every rule with its default severity', async () => {
  const r = await cli(['rules']);
  assert.equal(r.code, 0);
  for (const id of [
    'duplicate-master',
    'no-master',
    'missing-gratuitous-arp',
    'vrid-collision',
    'arp-conflict',
    'flapping',
    'mixed-checksum',
  ]) {
    assert.match(r.stdout, new RegExp(`^${id}\\s+(error|warning|info)\\s`, 'm'));
  }
});

test('two recordings made 5 minutes apart, analyzed together: a capture gap between them, never an outage', async () => {
  const files = ['master-crash-preempt.pcap', 'healthy-pair.pcap'].map((f) => join(CAPTURES, 'real', f));
  const { stdout } = await run(process.execPath, [CLI, 'analyze', '--format', 'json', ...files]);
  const r = JSON.parse(stdout) as Report;
  assert.equal(r.gaps.length, 1);
  assert.ok(r.gaps[0].to - r.gaps[0].from > 200, `gap of ${r.gaps[0].to - r.gaps[0].from} s`);
  assert.deepEqual(
    r.groups[0].transitions.map((t) => `${t.cause} ${t.from ?? '-'} > ${t.to}`),
    [
      'startup - > 10.99.0.1',
      'master-down 10.99.0.1 > 10.99.0.2',
      'preemption 10.99.0.2 > 10.99.0.1',
      'startup - > 10.99.0.1',
    ],
  );
  assert.deepEqual(r.findings, [], 'no no-master, no slow failover across the gap');
  const text = await run(process.execPath, [CLI, 'analyze', '--format', 'text', ...files]);
  assert.match(text.stdout, /capture gap: nothing captured from 00:29:23\.399 to 00:34:09\.702 \(286\.3 s\)/);
});

test('times no calendar can show (pcapng if_tsresol 2^0 and a 64-bit count) are printed as epoch seconds, never a crash', async () => {
  const huge = 2 ** 63; // seconds: about 292 billion years
  const path = join(dir, 'huge-times.pcapng');
  const blocks = [0, 1, 2, 3].map((i) => ({
    kind: 'epb' as const,
    iface: 0,
    ts: { sec: huge + i * 2048, nsec: 0 },
    data: advert('10.99.0.1', M1, 150),
  }));
  writeFileSync(path, writePcapng({ sections: [{ interfaces: [{ linkType: 1, tsresol: 0x80 }], blocks }] }));
  for (const args of [
    ['analyze', '--format', 'text', path],
    ['analyze', '--format', 'json', path],
    ['packets', path],
  ]) {
    const r = await run(process.execPath, [CLI, ...args]).catch(
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    const code = 'code' in r ? r.code : 0;
    assert.ok(code === 0 || code === 1, `${args.join(' ')}: exit ${code} ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /internal error|RangeError|\n\s+at /, args.join(' '));
  }
  const text = await run(process.execPath, [CLI, 'analyze', '--format', 'text', path]);
  assert.match(text.stdout, /@9223372036854776000/, 'the time as epoch seconds');
});
