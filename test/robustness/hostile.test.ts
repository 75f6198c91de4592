/**
 * The README's promises ("What bad input gets") against hostile input, one describe() per class of
 * issue 10. Every case runs the built command as a user would and asserts the exit code, the kind
 * of message, what was still analyzed, peak memory (GNU time's maximum RSS, when /usr/bin/time is
 * there), and that nothing a terminal would act on (C0 but tab and newline, DEL, C1, bidi
 * controls) reaches standard output or standard error. Scale classes (quadratic growth, a million
 * senders, a thousand inputs) are in the benchmark (`npm run bench:worst`), with their budgets.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ETHERTYPE, IPPROTO, ethernet, ipv4, sll, vrrp2 } from '../support/frames.js';
import { CAPTURES, CLI } from '../support/paths.js';
import { writePcap, writePcapng } from '../support/pcap-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-hostile-'));
const GOOD = join(CAPTURES, 'real', 'healthy-pair.pcap');
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
/** What any one of these runs may use at most. */
const RSS_LIMIT_MB = 256;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Peak RSS in MB (null without GNU time). */
  rssMb: number | null;
  seconds: number;
}

/** Runs `vrrpscope ARGS` under GNU time; stdin a Buffer, 'stall' (a pipe that never ends), or nothing. */
function vrrpscope(
  args: string[],
  o: { stdin?: Buffer | 'stall'; stdout?: number; signalAfterMs?: number; env?: Record<string, string> } = {},
): Promise<Run> {
  const cmd = GNU_TIME ? [GNU_TIME, '-q', '-f', 'vrrpscope-maxrss %M', process.execPath, CLI] : [process.execPath, CLI];
  const started = Date.now();
  const child = spawn(cmd[0], [...cmd.slice(1), ...args], {
    stdio: ['pipe', o.stdout ?? 'pipe', 'pipe'],
    ...(o.env ? { env: { ...process.env, ...o.env } } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString('latin1')));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('latin1')));
  child.stdin!.on('error', () => {}); // the child may stop reading before the end (a run that stops early)
  if (o.stdin === undefined) child.stdin!.end();
  else if (o.stdin !== 'stall') child.stdin!.end(o.stdin);
  if (o.signalAfterMs) setTimeout(() => child.kill('SIGTERM'), o.signalAfterMs);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      const m = /vrrpscope-maxrss (\d+)\n?$/.exec(stderr);
      if (m) stderr = stderr.slice(0, m.index);
      child.stdin!.destroy();
      resolve({ code, stdout, stderr, rssMb: m ? Number(m[1]) / 1024 : null, seconds: (Date.now() - started) / 1000 });
    }),
  );
}

// Bytes are read as latin1: a raw C1 control in UTF-8 (C2 80-9F) shows as \u00c2 + \u0080-\u009f.
const RAW =
  // eslint-disable-next-line no-control-regex -- what must never be printed
  /[\u0000-\u0008\u000b-\u001f\u007f]|\u00c2[\u0080-\u009f]|\u00e2\u0080[\u00aa-\u00ae]|\u00e2\u0081[\u00a6-\u00a9]/;

/** The promises every run keeps: no raw control characters, no stack trace, bounded memory. */
function kept(r: Run, what: string): void {
  assert.doesNotMatch(r.stdout, RAW, `${what}: raw control character on stdout`);
  assert.doesNotMatch(r.stderr, RAW, `${what}: raw control character on stderr`);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at \S+ \(/, `${what}: a stack trace`);
  assert.notEqual(r.code, 70, `${what}: exit 70 (a bug)`);
  if (r.rssMb !== null) assert.ok(r.rssMb < RSS_LIMIT_MB, `${what}: ${r.rssMb.toFixed(0)} MB peak`);
}

/** Every line on stderr is one vrrpscope message (no multi-line dumps). */
function oneLineMessages(stderr: string, what: string): void {
  for (const line of stderr.trimEnd().split('\n').filter(Boolean))
    assert.match(line, /^(vrrpscope: | {2}[+-] )/, `${what}: ${line}`);
}

const T = 1795561300;
const advert = (over: Partial<Parameters<typeof vrrp2>[0]> = {}) =>
  ethernet({
    dst: '01:00:5e:00:00:12',
    src: '02:99:00:00:00:01',
    type: ETHERTYPE.IPV4,
    payload: ipv4({
      src: '10.99.0.1',
      dst: '224.0.0.18',
      proto: IPPROTO.VRRP,
      payload: vrrp2({ vrid: 51, priority: 150, addresses: ['10.99.0.100'], ...over }),
    }),
  });
const pcap = (frames: Buffer[], linkType = 1) =>
  writePcap({ linkType, packets: frames.map((data, i) => ({ ts: { sec: T + i, nsec: 0 }, data })) });

describe('one bad input does not lose the good ones', () => {
  // A pcap whose first record claims 4 GB: the file is reported and skipped.
  const bad = join(dir, 'bad-first-record.pcap');
  const header = pcap([]);
  const record = Buffer.alloc(16);
  record.writeUInt32LE(T, 0);
  record.writeUInt32LE(0xffffffff, 8);
  record.writeUInt32LE(0xffffffff, 12);
  writeFileSync(bad, Buffer.concat([header, record, Buffer.alloc(64)]));

  test('analyze good bad: the good one analyzed in full, the bad one named, exit 2', async () => {
    const r = await vrrpscope(['analyze', '--format', 'json', GOOD, bad]);
    kept(r, 'analyze');
    assert.equal(r.code, 2);
    oneLineMessages(r.stderr, 'analyze');
    assert.match(r.stderr, /^vrrpscope: error: .*bad-first-record\.pcap: .*; the 0 frames before it were read$/m);
    const report = JSON.parse(r.stdout) as { groups: { vrid: number }[]; counts: { vrrp: number } };
    assert.deepEqual(
      report.groups.map((g) => g.vrid),
      [51],
    );
    assert.ok(report.counts.vrrp > 10);
  });

  test('packets good bad: every frame of the good one listed', async () => {
    const r = await vrrpscope(['packets', '--count', GOOD, bad]);
    kept(r, 'packets');
    assert.equal(r.code, 2);
    assert.ok((JSON.parse(r.stdout) as { frames: number }).frames > 10);
  });
});

describe('times out of range are a per-packet matter, not a crash', () => {
  const huge = join(dir, 'huge-times.pcapng');
  const blocks = [0, 1, 2].map((i) => ({
    kind: 'epb' as const,
    iface: 0,
    ts: { sec: 2 ** 63 + i * 2048, nsec: 0 },
    data: advert(),
  }));
  writeFileSync(huge, writePcapng({ sections: [{ interfaces: [{ linkType: 1, tsresol: 0x80 }], blocks }] }));

  for (const args of [['analyze', '--format', 'text'], ['packets'], ['live', '-', '--format', 'text']]) {
    test(args.join(' '), async () => {
      const stdin = args[1] === '-' ? readFileSync(huge) : undefined;
      const r = await vrrpscope(stdin ? args : [...args, huge], { stdin });
      kept(r, args[0]);
      assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
      // The time as epoch seconds (`@` before it where a date would stand).
      assert.match(r.stdout, /9223372036854776000/);
    });
  }
});

describe('a full disk is one line and exit 2, not a bug report', () => {
  for (const args of [
    ['packets', GOOD],
    ['analyze', '--format', 'json', GOOD],
    ['check', GOOD],
  ]) {
    test(`${args[0]} > /dev/full`, { skip: existsSync('/dev/full') ? false : 'no /dev/full' }, async () => {
      const full = openSync('/dev/full', 'w');
      try {
        const r = await vrrpscope(args, { stdout: full });
        kept(r, args[0]);
        // check says UNKNOWN by its exit code: its output could not be written.
        assert.equal(r.code, args[0] === 'check' ? 3 : 2);
        assert.equal(r.stderr, 'vrrpscope: error: cannot write standard output: no space left on device (ENOSPC)\n');
      } finally {
        closeSync(full);
      }
    });
  }
});

describe('--write keeps the link type', () => {
  test('a Linux cooked stream is written as Linux cooked', async () => {
    const cooked = sll({
      pktType: 0,
      addr: '02:99:00:00:00:01',
      protocol: ETHERTYPE.IPV4,
      payload: advert().subarray(14),
    });
    const out = join(dir, 'cooked-out.pcap');
    const r = await vrrpscope(['live', '-', '--format', 'none', '--write', out], {
      stdin: pcap([cooked, cooked], 113),
    });
    kept(r, 'live --write');
    assert.equal(r.code, 0, r.stderr);
    const written = readFileSync(out);
    assert.equal(written.readUInt32LE(20), 113, 'LINKTYPE_LINUX_SLL in the written header');
  });
});

describe('names and values from outside never reach a terminal raw', () => {
  const evil = 'x\u001b]52;c;aGk=\u0007\u001b[2J\r\u009b31m\u202etxt.pcap';
  const cases: [string, string[]][] = [
    ['a file name', ['analyze', '--format', 'text', join(dir, evil)]],
    ['an unknown option', ['analyze', `--${evil}`, GOOD]],
    ['an option value', ['packets', '--limit', evil, GOOD]],
    ['an unknown command', [evil]],
    ['a rule setting', ['analyze', '--set', `${evil}=1`, GOOD]],
    ['a check source', ['check', join(dir, evil)]],
  ];
  for (const [what, args] of cases) {
    test(what, async () => {
      const r = await vrrpscope(args);
      kept(r, what);
      assert.ok(r.code === 2 || r.code === 3, `exit ${r.code}`);
      assert.match(r.stdout + r.stderr, /\\x1b/, 'the ESC is shown escaped');
    });
  }
});

describe('a lying count never leaks the password', () => {
  const lying = join(dir, 'lying-count.pcap');
  writeFileSync(lying, pcap([0, 1, 2].map(() => advert({ count: 5, authType: 1, authData: 'hunter2!' }))));
  for (const args of [
    ['packets'],
    ['packets', '--format', 'ndjson'],
    ['packets', '-v', '-x'],
    ['analyze', '--format', 'json'],
    ['analyze', '--format', 'text'],
  ]) {
    test(args.join(' '), async () => {
      const r = await vrrpscope([...args, lying]);
      kept(r, args.join(' '));
      assert.doesNotMatch(r.stdout + r.stderr, /hunter2|104\.117\.110\.116|68 75 6e 74/);
    });
  }
});

describe('configuration is what it says, or refused in one line', () => {
  const baseline = (name: string, body: string) => {
    const p = join(dir, name);
    writeFileSync(p, body);
    return p;
  };
  const cases: [string, string[], RegExp][] = [
    ['a prototype key as an option', ['--set', 'flapping.toString=1'], /rule flapping has no option "toString"/],
    ['a negative option', ['--set', 'flapping.threshold=-1'], /must not be negative/],
    [
      'a baseline whose message is a number',
      ['--baseline', baseline('num.json', '{"schemaVersion":2,"findings":[{"rule":"x","routers":[],"message":3}]}')],
      /finding 1: "message" is not a string/,
    ],
    ['a baseline that never ends', ['--baseline', '/dev/zero'], /larger than 64 MiB: not a saved report/],
  ];
  for (const [what, args, message] of cases) {
    test(what, async () => {
      const r = await vrrpscope(['analyze', '--format', 'json', ...args, GOOD]);
      kept(r, what);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '', 'nothing analyzed on a bad setting');
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, message);
    });
  }
});

describe('a stalled stream ends on time', () => {
  test('live - --duration 1s on a pipe that never sends a byte', async () => {
    const r = await vrrpscope(['live', '-', '--format', 'json', '--duration', '1s'], { stdin: 'stall' });
    kept(r, 'live --duration');
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.seconds < 5, `${r.seconds} s`);
    assert.equal((JSON.parse(r.stdout) as { counts: { frames: number } }).counts.frames, 0);
  });

  test('live - on a stalled pipe ends on SIGTERM', async () => {
    const r = await vrrpscope(['live', '-', '--format', 'json'], { stdin: 'stall', signalAfterMs: 800 });
    kept(r, 'live SIGTERM');
    assert.ok(r.seconds < 5, `${r.seconds} s`);
    assert.ok(r.stdout.includes('"schemaVersion"'), 'the report is printed');
  });
});

describe('a flood of spoofed routers stops before the heap is full', () => {
  // 60,000 routers of one group, an advert each (a spoofing tool varying the source): a few KB of
  // state each. Node is allowed 128 MiB of old generation; unchecked it aborts near 45,000 routers
  // with V8's native stack trace and no report.
  const frames: Buffer[] = [];
  for (let i = 0; i < 60_000; i++) {
    const mac = `02:77:00:${((i >> 16) & 255).toString(16).padStart(2, '0')}:${((i >> 8) & 255)
      .toString(16)
      .padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;
    frames.push(
      ethernet({
        dst: '01:00:5e:00:00:12',
        src: mac,
        type: ETHERTYPE.IPV4,
        payload: ipv4({
          src: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
          dst: '224.0.0.18',
          proto: IPPROTO.VRRP,
          payload: vrrp2({ vrid: 51, priority: 100, addresses: ['10.99.0.100'] }),
        }),
      }),
    );
  }
  const file = join(dir, 'router-flood.pcap');
  writeFileSync(file, pcap(frames));

  for (const thread of ['never', 'always'])
    test(`the report of the frames before it, what stopped it in one line, exit 2 (capture thread: ${thread})`, async () => {
      const r = await vrrpscope(['analyze', '--format', 'json', file], {
        env: { NODE_OPTIONS: '--max-old-space-size=128', VRRPSCOPE_CAPTURE_THREAD: thread },
      });
      kept(r, 'analyze router flood');
      assert.equal(r.code, 2, r.stderr);
      oneLineMessages(r.stderr, 'analyze router flood');
      const m =
        /^vrrpscope: error: (\S+): (the analysis stopped after frame (\d+): its state filled \d+ MiB of the 128 MiB Node allows \((\d+) routers in 1 group\); NODE_OPTIONS=--max-old-space-size=<MiB> allows more); the (\d+) frames before it were read\n$/.exec(
          r.stderr,
        );
      assert.ok(m, r.stderr);
      const report = JSON.parse(r.stdout) as {
        counts: { vrrp: number };
        inputs: { error?: string; packets: number }[];
        groups: { routerCount: number }[];
      };
      const [, name, message, frame, routers, read] = m;
      assert.equal(report.inputs[0].error, `${name}: ${message}`);
      // Every frame up to the one named was analyzed, each a router of the group; none after it
      // (a capture thread may have read further: the input counts what was analyzed).
      assert.equal(report.counts.vrrp, Number(frame));
      assert.equal(report.inputs[0].packets, Number(frame));
      assert.equal(Number(read), Number(frame));
      assert.equal(report.groups[0].routerCount, Number(routers));
      assert.ok(Number(frame) > 10_000 && Number(frame) < 60_000, frame);
    });

  test('live - stops the same way: the report of what came before, one line, exit 2', async () => {
    const r = await vrrpscope(['live', '-', '--format', 'json'], {
      stdin: readFileSync(file),
      env: { NODE_OPTIONS: '--max-old-space-size=128' },
    });
    kept(r, 'live router flood');
    assert.equal(r.code, 2, r.stderr);
    oneLineMessages(r.stderr, 'live router flood');
    const m =
      /^vrrpscope: error: (<stdin>: the analysis stopped after frame (\d+): its state filled \d+ MiB of the 128 MiB Node allows \(\d+ routers in 1 group\); NODE_OPTIONS=--max-old-space-size=<MiB> allows more)\n$/.exec(
        r.stderr,
      );
    assert.ok(m, r.stderr);
    const report = JSON.parse(r.stdout) as { counts: { vrrp: number }; inputs: { error?: string }[] };
    assert.equal(report.inputs[0].error, m[1]);
    assert.equal(report.counts.vrrp, Number(m[2]));
  });

  test('check: UNKNOWN, saying why, for a file and for a stream watched for a while', async () => {
    for (const args of [
      ['check', file],
      ['check', '-', '--duration', '30s'],
    ]) {
      const r = await vrrpscope(args, {
        ...(args[1] === '-' ? { stdin: readFileSync(file) } : {}),
        env: { NODE_OPTIONS: '--max-old-space-size=128' },
      });
      kept(r, args.join(' '));
      assert.equal(r.code, 3, r.stdout + r.stderr);
      assert.match(
        r.stdout,
        /^VRRP UNKNOWN - \S+: the analysis stopped after frame \d+: .*NODE_OPTIONS=--max-old-space-size=<MiB> allows more; the \d+ frames before it were read\n$/,
      );
    }
  });
});
