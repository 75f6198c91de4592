/**
 * `vrrpscope check` as Nagios, NRPE and Checkmk run it: the state each recording's expected report
 * implies, UNKNOWN (3) whenever the check could not run, and the metrics endpoint of `live -`.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { impliedCheckState } from '../support/check-state.js';
import { CAPTURES, CLI } from '../support/paths.js';

const REAL = join(CAPTURES, 'real');
const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-check-'));

function check(args: string[], input?: Buffer): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI, 'check', ...args], (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
    );
    if (input) child.stdin!.end(input);
  });
}

test('check on every recording gives the state its expected report implies', async () => {
  const names = readdirSync(REAL)
    .filter((f) => f.endsWith('.expected.json'))
    .map((f) => f.replace('.expected.json', ''))
    .sort();
  assert.ok(names.length >= 29);
  const seen = new Set<number>();
  for (const name of names) {
    const state = impliedCheckState(name);
    seen.add(state);
    const r = await check([join(REAL, `${name}.pcap`)]);
    assert.equal(r.code, state, `${name}: ${r.stdout}`);
    assert.match(r.stdout, new RegExp(`^VRRP ${['OK', 'WARNING', 'CRITICAL'][state]} - `), name);
    assert.equal(r.stderr, '', name);
  }
  assert.deepEqual([...seen].sort(), [0, 1, 2], 'the recordings cover OK, WARNING and CRITICAL');
});

test('a check that could not run is UNKNOWN (3) on standard output, never OK', async () => {
  const notCapture = join(dir, 'notes.txt');
  writeFileSync(notCapture, 'this is not a capture\n');
  const cases: [string[], RegExp][] = [
    [[join(dir, 'missing.pcap'), join(dir, 'other.pcap')], /^VRRP UNKNOWN - .*missing\.pcap.*no such file/],
    [[notCapture], /^VRRP UNKNOWN - .*notes\.txt/],
    [['--bogus', join(REAL, 'healthy-pair.pcap')], /^VRRP UNKNOWN - error: unknown option '--bogus' \(see --help\)$/],
    [['--expect-master', '51', join(REAL, 'healthy-pair.pcap')], /^VRRP UNKNOWN - .*VRID=ADDRESS/],
    [['--expect-vrid', '300', join(REAL, 'healthy-pair.pcap')], /^VRRP UNKNOWN - .*VRID \(1-255\)/],
    [['--rule', 'nope=error', join(REAL, 'healthy-pair.pcap')], /^VRRP UNKNOWN - unknown rule "nope"/],
    [[], /^VRRP UNKNOWN - error: missing required argument 'source'/],
  ];
  for (const [args, pattern] of cases) {
    const r = await check(args);
    assert.equal(r.code, 3, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stdout.trimEnd(), pattern, args.join(' '));
    assert.equal(r.stdout.trimEnd().split('\n').length, 1, 'one line');
  }
  // An interface that does not exist (or cannot be opened without privileges) is UNKNOWN too.
  const iface = await check(['vrrpscope-none0', '--duration', '1s']);
  assert.equal(iface.code, 3, iface.stdout);
  assert.match(iface.stdout, /^VRRP UNKNOWN - .*vrrpscope-none0/);
});

test('expectations from the command line: master, VRID, number of groups', async () => {
  const pcap = join(REAL, 'healthy-pair.pcap');
  const ok = await check(['--expect-master', '51=10.99.0.1', '--expect-vrid', '51', '--expect-groups', '1', pcap]);
  assert.equal(ok.code, 0, ok.stdout);
  assert.match(ok.stdout, /^VRRP OK - 1 virtual router, one master each \| groups=1;;;0 /);

  const wrong = await check(['--expect-master', '51=10.99.0.2', pcap]);
  assert.equal(wrong.code, 2);
  assert.match(
    wrong.stdout,
    /^VRRP CRITICAL - VRID 51 ipv4: master is 10\.99\.0\.1 \(150\), expected 10\.99\.0\.2 - 1 virtual router \|/,
  );

  const missing = await check(['--expect-vrid', '52', pcap]);
  assert.equal(missing.code, 2);
  assert.match(missing.stdout, /^VRRP CRITICAL - VRID 52 not heard - 1 virtual router \|/);
});

test('--format checkmk: local check lines, the agent header on request, UNKNOWN in the same format', async () => {
  const r = await check(['-f', 'checkmk', '--checkmk-header', join(REAL, 'split-brain.pcap')]);
  assert.equal(r.code, 2);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines[0], '<<<local:sep(0)>>>');
  assert.match(
    lines[1],
    /^2 "VRRP VRID 51 ipv4" masters=1;;1:1;0\|master_priority=150;;;0;255\|routers=2;;;0\|last_advert_age=0;;3\.609;0 master 10\.99\.0\.1 \(150\), backups 10\.99\.0\.2 \(100\),.*\\nCRITICAL: 10\.99\.0\.1 and 10\.99\.0\.2 both acted as master/,
  );
  assert.match(lines[2], /^0 "VRRP segment" groups=1;;;0\|findings_error=1;;0;0\|/);

  const bad = await check(['-f', 'checkmk', join(dir, 'missing.pcap')]);
  assert.equal(bad.code, 3);
  assert.match(bad.stdout, /^3 "VRRP segment" - .*missing\.pcap/);
});

test('check - reads a pcap stream on standard input', async () => {
  const r = await check(['-'], readFileSync(join(REAL, 'split-brain.pcap')));
  assert.equal(r.code, 2, r.stdout);
  assert.match(r.stdout, /^VRRP CRITICAL - split brain on VRID 51 ipv4 \(10\.99\.0\.1, 10\.99\.0\.2\)/);
});

test('live - --metrics serves the analysis so far on /metrics while the stream is open', async () => {
  const child = spawn(process.execPath, [CLI, 'live', '-', '--metrics', '127.0.0.1:0', '--format', 'none'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  try {
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        const m = /metrics on (http:\/\/\S+)/.exec(stderr);
        if (m) resolve(m[1]);
      });
      child.on('exit', () => reject(new Error(`exited: ${stderr}`)));
    });
    child.stdin.write(readFileSync(join(REAL, 'vrid-collision.pcap')));
    // The stream stays open: poll until the whole capture has been analyzed.
    let body = '';
    for (let i = 0; i < 50 && !/vrrpscope_group_masters\{[^}]*\} 2/.test(body); i++) {
      await new Promise((r) => setTimeout(r, 100));
      const res = await fetch(url);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
      body = await res.text();
    }
    assert.match(body, /^vrrpscope_group_masters\{segment="0",vlan="",family="ipv4",vrid="51"\} 2$/m);
    assert.match(body, /^vrrpscope_findings_total\{rule="vrid-collision",severity="error"\} 1$/m);
    assert.equal((await fetch(url.replace('/metrics', '/nothing'))).status, 404);
    child.stdin.end();
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    assert.equal(code, 1, 'the exit code of analyze: an error finding');
    assert.equal(stdout, '', '--format none prints nothing');
  } finally {
    child.kill();
  }
});

test('live --metrics on an address it cannot bind: one line, exit 2, before any capture', async () => {
  const r = await new Promise<{ code: number; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI, 'live', '-', '--metrics', '192.0.2.1:9101', '--format', 'none'],
      (err, _o, stderr) => resolve({ code: err ? Number(err.code) : 0, stderr }),
    );
    child.stdin!.end();
  });
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'vrrpscope: error: --metrics 192.0.2.1:9101: no such local address\n');
});

test("analyze --format prometheus -o FILE: the textfile collector's file, whole, valid for promtool", async () => {
  const out = join(dir, 'vrrp.prom');
  const code = await new Promise<number>((resolve) =>
    execFile(
      process.execPath,
      [CLI, 'analyze', '--format', 'prometheus', '-o', out, join(REAL, 'split-brain.pcap')],
      (err) => resolve(err ? Number(err.code) : 0),
    ),
  );
  assert.equal(code, 1, "the split brain is an error finding (analyze's --fail-on error)");
  const text = readFileSync(out, 'utf8');
  assert.match(text, /^vrrpscope_findings_total\{rule="duplicate-master",severity="error"\} 1$/m);
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.includes('.tmp')),
    [],
    'no temporary file left',
  );
  const lint = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (lint.error === undefined) assert.equal(lint.status, 0, lint.stdout + lint.stderr);
});
