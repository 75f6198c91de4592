/**
 * The capture thread (threaded-files.ts) changes who reads, never what is analyzed: for every
 * capture here, the report and the inputs' summaries are the same as when the analysis thread reads
 * the file itself. Including what only the frames that are not decoded carry (gaps in the
 * capture), a ring so small that it wraps and fills all the time, errors, and stopping early.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { InputSummary } from '../../src/capture/inputs.js';
import { CaptureFiles, type PacketSource } from '../../src/capture/packet-source.js';
import { ThreadedCaptureFiles } from '../../src/capture/threaded-files.js';
import { startEarly, takeEarly } from '../../src/capture/early-thread.js';
import { THREADED_MIN_BYTES, worthAThread } from '../../src/capture/thread-choice.js';
import { analyzeSource } from '../../src/analyze/pipeline.js';
import { Dissector } from '../../src/dissect/decode.js';
import { SCREENED } from '../../src/capture/packet.js';
import { arp, ethernet, ETHERTYPE, IPPROTO, ipv4, udp, vrrp2 } from '../support/frames.js';
import { writePcap } from '../support/pcap-writer.js';
import { CAPTURES, CLI, HAVE_PUBLIC_CAPTURES, NO_PUBLIC_CAPTURES, PUBLIC_CAPTURES } from '../support/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-threaded-'));

/** The report and summaries as plain data (errors as their messages). */
async function analyzed(source: PacketSource) {
  const { report, summaries } = await analyzeSource(source, {});
  return JSON.parse(
    JSON.stringify({ report, summaries: summaries.map(plain), received: source.stats().received }),
  ) as unknown;
}

/** A summary as data; `first`/`last` (only the capture thread notes them) are compared by `same`. */
function plain(s: InputSummary) {
  const { first: _first, last: _last, ...rest } = s;
  return { ...rest, linkTypes: [...s.linkTypes], error: s.error?.message };
}

/** Each input's first and last frame time, noted as the analysis thread reads them. */
async function spans(names: string[]): Promise<{ first?: number; last?: number }[]> {
  const out: { first?: number; last?: number }[] = names.map(() => ({}));
  await new CaptureFiles(names).run((p) => {
    const t = p.sec + p.nsec / 1e9;
    out[p.input].first ??= t;
    out[p.input].last = t;
  });
  return out;
}

/** Both ways, compared; `ringBytes` small makes the ring wrap and fill. */
async function same(names: string[], ringBytes?: number): Promise<void> {
  const expected = await analyzed(new CaptureFiles(names));
  const threaded = await analyzed(new ThreadedCaptureFiles(names, 30, ringBytes));
  assert.deepEqual(threaded, expected, names.join(' '));
  // The first and last frame time of each input (the HTML report's header).
  const { summaries } = await analyzeSource(new ThreadedCaptureFiles(names, 30, ringBytes), {});
  assert.deepEqual(
    summaries.map((s) => (s.first === undefined ? {} : { first: s.first, last: s.last })),
    await spans(names),
  );
}

const captureFiles = (d: string) =>
  readdirSync(d)
    .filter((f) => /\.pcap(ng)?$/.test(f))
    .map((f) => join(d, f));

test('the recordings and synthetic captures: the same report and summaries, read on a capture thread', async () => {
  const files = [...captureFiles(join(CAPTURES, 'real')), ...captureFiles(CAPTURES)];
  assert.ok(files.length > 30);
  for (const f of files) await same([f]);
});

test('repeated adverts cross the ring without their bytes, and decode to what their bytes would', async () => {
  const name = join(CAPTURES, 'real', 'forty-groups.pcap');
  const here = new Dissector();
  const got: unknown[] = [];
  let repeats = 0;
  const there = new Dissector();
  await new ThreadedCaptureFiles([name], 30).run((p) => {
    const d = there.decode(p);
    if (d?.kind !== 'vrrp') return;
    got.push(d);
    // An even code past SCREENED: a repeat, whose bytes did not come (the ring holds none for it).
    if (p.screen > SCREENED && p.screen % 2 === 0) repeats++;
  });
  // The same adverts decoded from their bytes by a dissector of its own, in the same order.
  const fresh: unknown[] = [];
  await new CaptureFiles([name]).run((p) => {
    const d = here.decode(p);
    if (d?.kind === 'vrrp') fresh.push(d);
  });
  assert.deepEqual(got, fresh);
  assert.ok(repeats > got.length / 2, `${repeats} of ${got.length} adverts passed as repeats`);
});

test('the public captures: the same report and summaries', async (t) => {
  if (!HAVE_PUBLIC_CAPTURES) return t.skip(NO_PUBLIC_CAPTURES);
  for (const f of captureFiles(PUBLIC_CAPTURES)) await same([f]);
});

test('several inputs merged in time order, with a ring that wraps and fills on every few frames', async () => {
  const real = captureFiles(join(CAPTURES, 'real'));
  await same(real.slice(0, 6));
  await same(real.slice(0, 6), 4096);
  await same([join(CAPTURES, 'real', 'forty-groups.pcap')], 4096);
});

const T0 = 1795561300;
const at = (t: number, data: Buffer) => {
  const sec = Math.floor(t);
  return { ts: { sec: T0 + sec, nsec: Math.round((t - sec) * 1e9) }, data };
};
const advert = (priority: number) =>
  ethernet({
    dst: '01:00:5e:00:00:12',
    src: '00:00:5e:00:01:33',
    type: ETHERTYPE.IPV4,
    payload: ipv4({
      src: '10.0.0.2',
      dst: '224.0.0.18',
      proto: IPPROTO.VRRP,
      payload: vrrp2({ vrid: 51, priority, addresses: ['10.0.0.100'] }),
    }),
  });
const other = (n: number) =>
  ethernet({
    dst: '02:00:00:00:00:02',
    src: '02:00:00:00:00:01',
    type: ETHERTYPE.IPV4,
    payload: ipv4({
      src: '10.0.0.7',
      dst: '10.0.0.8',
      proto: IPPROTO.UDP,
      payload: udp({ srcPort: 4000 + n, dstPort: 53, payload: Buffer.alloc(40), src: '10.0.0.7', dst: '10.0.0.8' }),
    }),
  });

test('gaps in the capture that only frames not decoded show are found the same way', async () => {
  // Adverts for 10 s; then only other traffic: steps of 20 s (each shorter than a gap, together
  // longer), one out of order, then a silence of 100 s, then adverts again.
  const packets = [];
  for (let t = 0; t < 10; t++) packets.push(at(t, advert(150)));
  for (let t = 10, n = 0; t <= 90; t += 20, n++) packets.push(at(t, other(n)));
  packets.push(at(85, other(9)));
  packets.push(at(190, other(10)), at(191, other(11)));
  for (let t = 192; t < 200; t++) packets.push(at(t, advert(150)));
  const file = join(dir, 'gaps.pcap');
  writeFileSync(file, writePcap({ linkType: 1, nanos: true, packets }));
  await same([file]);
  const { report } = await analyzeSource(new ThreadedCaptureFiles([file], 30), {});
  assert.deepEqual(report.gaps, [{ from: T0 + 90, to: T0 + 190 }]);
  assert.equal(report.counts.frames, packets.length);
});

test('frames not decoded go with the frame after them: their latest time keeps short steps from reading as a gap', async () => {
  // Adverts for 10 s, then only other traffic in steps of 15 s (shorter than the capture thread's
  // clock step: no SKIP record of times), then adverts again at 60 s. The advert at 60 s carries the
  // four frames before it and their latest time, 55 s: 5 s after it, not 51 s after the last advert.
  const packets = [];
  for (let t = 0; t < 10; t++) packets.push(at(t, advert(150)));
  for (let t = 10, n = 0; t <= 55; t += 15, n++) packets.push(at(t, other(n)));
  for (let t = 60; t < 66; t++) packets.push(at(t, advert(150)));
  const file = join(dir, 'short-steps.pcap');
  writeFileSync(file, writePcap({ linkType: 1, nanos: true, packets }));
  await same([file]);
  const { report } = await analyzeSource(new ThreadedCaptureFiles([file], 30), {});
  assert.deepEqual(report.gaps, []);
  assert.equal(report.counts.frames, packets.length);
});

test('a frame longer than the ring passes cut, and decodes as it does whole', async () => {
  const big = Buffer.concat([
    ethernet({
      dst: 'ff:ff:ff:ff:ff:ff',
      src: '02:00:00:00:00:09',
      type: ETHERTYPE.ARP,
      payload: arp({ op: 1, sha: '02:00:00:00:00:09', spa: '10.0.0.100', tha: '00:00:00:00:00:00', tpa: '10.0.0.100' }),
    }),
    Buffer.alloc(20000, 0xee),
  ]);
  const file = join(dir, 'big.pcap');
  const packets = [at(0, advert(150)), at(0.5, big), at(1, advert(150))];
  writeFileSync(file, writePcap({ linkType: 1, nanos: true, snaplen: 65535, packets }));
  await same([file], 8192);
});

test('errors are the same: not a capture, no such file, a truncated tail, a broken record', async () => {
  const notCapture = join(dir, 'text.pcap');
  writeFileSync(notCapture, 'hello, this is not a capture file\n');
  const missing = join(dir, 'missing.pcap');
  for (const names of [[notCapture], [missing]]) {
    const plainError = await new CaptureFiles(names).run(() => {}).catch((e: Error) => e.message);
    const threadedError = await new ThreadedCaptureFiles(names, 30).run(() => {}).catch((e: Error) => e.message);
    assert.equal(typeof plainError, 'string');
    assert.equal(threadedError, plainError);
  }
  const packets = Array.from({ length: 50 }, (_, i) => at(i, i % 2 ? advert(150) : other(i)));
  const whole = writePcap({ linkType: 1, nanos: true, packets });
  const cut = join(dir, 'cut.pcap');
  writeFileSync(cut, whole.subarray(0, whole.length - 30));
  await same([cut]);
  const broken = join(dir, 'broken.pcap');
  const b = Buffer.from(whole);
  b.writeUInt32LE(0x7ffffff0, 24 + 8); // the first record claims 2 GB
  writeFileSync(broken, b);
  await same([broken, cut]);
});

test('stopping early: the run ends, with the summaries of what was read', async () => {
  const file = join(CAPTURES, 'real', 'forty-groups.pcap');
  let n = 0;
  const source = new ThreadedCaptureFiles([file], 30, 4096);
  const summaries = await source.run(() => ++n < 100);
  assert.equal(n, 100);
  assert.equal(summaries.length, 1);
  assert.equal(summaries[0].format, 'pcap');
  assert.ok(summaries[0].packets >= 100);
});

test('worth a thread: large regular files only, never standard input', () => {
  const small = join(CAPTURES, 'real', 'flapping.pcap');
  assert.equal(worthAThread([small]), false);
  assert.equal(worthAThread(['-']), false);
  assert.equal(worthAThread([join(dir, 'missing.pcap')]), false);
  assert.equal(worthAThread([dir]), false);
  const large = join(dir, 'large.pcap');
  writeFileSync(large, Buffer.alloc(THREADED_MIN_BYTES));
  assert.equal(worthAThread([large]), true);
  assert.equal(worthAThread([large, '-']), false);
});

test('vrrpscope analyze reads on a capture thread when asked (VRRPSCOPE_CAPTURE_THREAD): the same output and errors', () => {
  const run = (setting: string, args: string[]) =>
    spawnSync(process.execPath, [CLI, 'analyze', ...args], {
      encoding: 'utf8',
      env: { ...process.env, VRRPSCOPE_CAPTURE_THREAD: setting },
    });
  const file = join(CAPTURES, 'real', 'split-brain.pcap');
  for (const args of [
    ['--format', 'json', file],
    ['--format', 'text', file],
  ]) {
    const threaded = run('always', args);
    const plainRun = run('never', args);
    assert.match(plainRun.stdout, /10\.99\.0\.1\b/);
    assert.equal(threaded.status, plainRun.status);
    assert.equal(threaded.stdout, plainRun.stdout);
    assert.equal(threaded.stderr, plainRun.stderr);
  }
  const bad = [join(dir, 'text.pcap')];
  const threaded = run('always', bad);
  assert.equal(threaded.status, 2);
  assert.match(threaded.stderr, /^vrrpscope: error: .*text\.pcap: not a capture file .*\n$/);
  assert.equal(threaded.stderr, run('never', bad).stderr);
});

test('a capture thread that cannot start leaves the reading to the analysis thread; one that fails later is said', async () => {
  const file = join(CAPTURES, 'real', 'split-brain.pcap');
  const expected = await analyzed(new CaptureFiles([file]));
  const missing = new URL('file:///nonexistent/capture-thread.js');
  assert.deepEqual(await analyzed(new ThreadedCaptureFiles([file], 30, undefined, missing)), expected);
  const dying = new URL('../support/dying-capture-thread.js', import.meta.url);
  const { report, summaries } = await analyzeSource(new ThreadedCaptureFiles([file], 30, undefined, dying), {});
  assert.equal(report.counts.frames, 5);
  assert.match(summaries[0].error?.message ?? '', /split-brain\.pcap: the capture thread stopped \(.*exit code 1\)/);
});

test('a capture thread started with the process is started only for analyze of large files, and is the one used', async () => {
  const large = join(dir, 'large-early.pcap');
  writeFileSync(large, Buffer.alloc(THREADED_MIN_BYTES));
  const small = join(CAPTURES, 'real', 'split-brain.pcap');
  const started = (args: string[]) => {
    startEarly(args);
    const thread = takeEarly();
    void thread?.worker.terminate();
    return thread !== null;
  };
  assert.equal(started(['analyze', '--format', 'json', large]), true);
  assert.equal(started(['analyze', small]), false, 'a small file is read on the analysis thread');
  assert.equal(started(['packets', large]), false, 'only analyze reads on a capture thread');
  assert.equal(started(['analyze', '-o', large, small]), false, "an option's value is not an input");
  assert.equal(started(['analyze', large, '-']), false, 'standard input is read where it is');
  // Taken once: the run that takes it reads with it, and the same report comes out as without it.
  const expected = await analyzed(new CaptureFiles([small]));
  process.env.VRRPSCOPE_CAPTURE_THREAD = 'always';
  try {
    startEarly(['analyze', small]);
  } finally {
    delete process.env.VRRPSCOPE_CAPTURE_THREAD;
  }
  const source = new ThreadedCaptureFiles([small], 30);
  assert.deepEqual(await analyzed(source), expected);
  assert.equal(takeEarly(), null, 'the run took the thread started early');
});
