/**
 * The built CLI as a user runs it: `node build/cli/main.js ...` (the compiled tree under test, bundled) in a child process, checking exit
 * codes, standard output and standard error. The tests run concurrently, so their child processes
 * run in parallel, and identical invocations are shared. One test (the NDJSON fast path against its
 * reference form) runs in-process.
 */
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { readCaptures } from '../../src/capture/inputs.js';
import { formatTime } from '../../src/capture/packet.js';
import { BufferSource } from '../../src/capture/source.js';
import { Dissector } from '../../src/dissect/decode.js';
import { ndjsonLine, packetJson, type PacketRenderOptions } from '../../src/render/packets.js';
import { ARP_OP, BROADCAST_MAC, ETHERTYPE, arp, ethernet, vrrpMac } from '../support/frames.js';
import { LINKTYPE, pcapRecords, setPcapRecordLength, truncate, writePcap } from '../support/pcap-writer.js';
import { CAPTURES, CLI, HAVE_PUBLIC_CAPTURES, PUBLIC_CAPTURES, ROOT } from '../support/paths.js';
import { spawnCollect, type Run } from '../support/run-cli.js';

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

const runs = new Map<string, Promise<Run>>();

/**
 * Runs `node build/cli/main.js ...args` from the repository root; `input` is piped to its standard
 * input. Runs without input are shared between tests (each child costs ~0.15 s of CPU).
 */
function vrrpscope(args: string[], input?: Buffer): Promise<Run> {
  if (input) return spawnCollect(process.execPath, [CLI, ...args], { input });
  const key = JSON.stringify(args);
  let run = runs.get(key);
  if (!run) runs.set(key, (run = spawnCollect(process.execPath, [CLI, ...args])));
  return run;
}

/** Output lines without the final newline's empty string. */
function lines(text: string): string[] {
  const l = text.split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
}

/** A `packets --format ndjson` line as the README documents it (the fields these tests read). */
interface PacketLine {
  frame: number;
  time: number;
  kind: string;
  vlan: number[];
  file?: string;
  link?: Record<string, unknown>;
  ip?: Record<string, unknown>;
  arp?: Record<string, unknown>;
  vrrp?: { vrid: number; authType: number; authHidden?: boolean; authData?: string; [k: string]: unknown };
  [k: string]: unknown;
}

function ndjson(text: string): PacketLine[] {
  return lines(text).map((l, i) => {
    try {
      return JSON.parse(l) as PacketLine;
    } catch {
      assert.fail(`line ${i + 1} is not JSON: ${l}`);
    }
  });
}

function pick(o: Record<string, unknown> | undefined, keys: string[]): Record<string, unknown> {
  assert.ok(o, 'the object is there');
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

/** Exactly one line on standard error, naming `name`, with no stack trace; returns the line. */
function assertOneStderrLine(r: Run, name: string, what: string): string {
  assert.ok(!r.stderr.includes('    at '), `${what}: no stack trace in\n${r.stderr}`);
  const l = lines(r.stderr);
  assert.equal(l.length, 1, `${what}: exactly one line on stderr, got:\n${r.stderr}`);
  assert.ok(l[0].includes(name), `${what}: the line names the file ${JSON.stringify(name)}: ${l[0]}`);
  return l[0];
}

function capture(name: string): string {
  return join('captures', name); // relative to ROOT, the children's working directory
}

const BASIC = capture('synth-vrrp2-basic.pcap');
const EDGE = capture('synth-edge.pcap');
const MULTI = capture('synth-multi-section.pcapng');

const TMP = mkdtempSync(join(tmpdir(), 'vrrpscope-cli-'));
after(() => rmSync(TMP, { recursive: true, force: true }));

function tmpFile(name: string, bytes: Buffer | string): string {
  const path = join(TMP, name);
  writeFileSync(path, bytes);
  return path;
}

const PACKAGE_VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Capture files of a directory (not the .tsv/.out/.txt files beside them). */
function captureFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.(pcap|pcapng|cap)$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** Every synthetic fixture, in name order (the command-line order of the multi-file tests). */
const SYNTH = readdirSync(CAPTURES)
  .filter((f) => f.startsWith('synth-'))
  .sort()
  .map(capture);

let synthCounts: Promise<number[]> | undefined;

/** Frames per fixture, read in-process. */
function synthFrameCounts(): Promise<number[]> {
  synthCounts ??= readCaptures(
    SYNTH.map((f) => join(ROOT, f)),
    () => {},
  ).then((summaries) => summaries.map((s) => s.packets));
  return synthCounts;
}

/**
 * One fixture's NDJSON objects, taken from a single `packets --format ndjson <every fixture>` run
 * (shared by several tests) without their `file` key: what `packets --format ndjson <file>` prints.
 */
async function listingOf(file: string): Promise<PacketLine[]> {
  const r = await vrrpscope(['packets', '--format', 'ndjson', ...SYNTH]);
  assert.equal(r.code, 0, r.stderr);
  return ndjson(r.stdout)
    .filter((o) => o.file === file)
    .map(({ file: _, ...rest }) => rest);
}

/** The exact timestamp of an NDJSON line in nanoseconds, from its text (a double cannot hold it). */
function exactTime(line: string): bigint {
  const m = /"time":(\d+)(?:\.(\d{1,9}))?,/.exec(line) ?? assert.fail(`no time in ${line}`);
  return BigInt(m[1]) * 1_000_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

describe('vrrpscope CLI', { concurrency: true }, () => {
  test('packets (text): one line per packet, VRRP and gratuitous ARP markers', async () => {
    const r = await vrrpscope(['packets', BASIC]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const out = lines(r.stdout);
    assert.equal(out.length, 10, 'ten frames, ten lines');
    out.forEach((l, i) =>
      assert.match(
        l,
        new RegExp(`^\\s*${i + 1} 2023-11-14 22:13:2\\d\\.\\d{6} `),
        `line ${i + 1} starts with its frame and time`,
      ),
    );
    assert.equal(out.filter((l) => / VRRPv2 vrid 51 prio 150 /.test(l)).length, 5, 'five VRRPv2 adverts');
    assert.equal(
      out.filter((l) => /ARP request who-has 10\.99\.0\.100 .*\[gratuitous\]/.test(l)).length,
      5,
      'five gratuitous ARPs',
    );
  });

  test('packets --format ndjson: every line is JSON with the schema names', async () => {
    const r = await vrrpscope(['packets', '--format', 'ndjson', BASIC]);
    assert.equal(r.code, 0, r.stderr);
    const objs = ndjson(r.stdout);
    assert.equal(objs.length, 10);
    for (const o of objs) {
      for (const k of ['frame', 'time', 'kind', 'vlan']) assert.ok(k in o, `frame ${o.frame}: key ${k}`);
      assert.equal(typeof o.time, 'number');
      assert.deepEqual(o.vlan, []);
      assert.equal('file' in o, false, 'no file key with one input');
    }
    assert.deepEqual(
      objs.map((o) => o.frame),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
    // The same keys on every packet of every fixture (VLAN tags, SLL, IPv6, ND, CARP, ICMP included).
    for (const file of SYNTH) {
      for (const o of await listingOf(file)) {
        for (const k of ['frame', 'time', 'kind', 'vlan']) assert.ok(k in o, `${file} frame ${o.frame}: key ${k}`);
        assert.ok(Array.isArray(o.vlan), `${file} frame ${o.frame}: vlan is a list`);
      }
    }
    const [advert, garp] = objs;
    assert.deepEqual(pick(advert, ['frame', 'time', 'kind']), { frame: 1, time: 1700000000, kind: 'vrrp' });
    assert.deepEqual(
      pick(advert.vrrp, ['version', 'type', 'vrid', 'priority', 'addresses', 'intervalCs', 'authType', 'checksum']),
      {
        version: 2,
        type: 1,
        vrid: 51,
        priority: 150,
        addresses: ['10.99.0.100'],
        intervalCs: 100,
        authType: 0,
        checksum: 'valid',
      },
    );
    assert.deepEqual(pick(advert.ip, ['version', 'src', 'dst', 'ttl']), {
      version: 4,
      src: '10.99.0.1',
      dst: '224.0.0.18',
      ttl: 255,
    });
    assert.deepEqual(pick(advert.link, ['src', 'dst']), { src: '00:00:5e:00:01:33', dst: '01:00:5e:00:00:12' });
    assert.deepEqual(pick(garp, ['frame', 'time', 'kind']), { frame: 2, time: 1700000000.001, kind: 'arp' });
    assert.deepEqual(pick(garp.arp, ['op', 'senderMac', 'senderIp', 'targetMac', 'targetIp', 'gratuitous']), {
      op: 1,
      senderMac: '00:00:5e:00:01:33',
      senderIp: '10.99.0.100',
      targetMac: 'ff:ff:ff:ff:ff:ff',
      targetIp: '10.99.0.100',
      gratuitous: true,
    });
  });

  test('several files: merged in time order with a file key (ndjson) and a file column (text)', async () => {
    const [listing, text, frameCounts] = await Promise.all([
      vrrpscope(['packets', '--format', 'ndjson', ...SYNTH]),
      vrrpscope(['packets', ...SYNTH]),
      synthFrameCounts(),
    ]);
    assert.equal(listing.code, 0, listing.stderr);
    assert.equal(text.code, 0, text.stderr);
    const got = lines(listing.stdout).map((l) => {
      const o = JSON.parse(l) as PacketLine;
      return { file: o.file!, frame: o.frame, ns: exactTime(l) };
    });
    const label = (g: { file: string; frame: number }) => `${g.file}#${g.frame}`;
    // Every fixture frame is decoded, so each file's frames must all be there, in file order ...
    const perFile = SYNTH.map((f) => got.filter((g) => g.file === f));
    SYNTH.forEach((f, i) => {
      const want = Array.from({ length: frameCounts[i] }, (_, k) => k + 1);
      assert.deepEqual(
        perFile[i].map((g) => g.frame),
        want,
        `${f}: every frame, in file order, with its own frame numbers`,
      );
    });
    // ... and interleaved as a merge by timestamp: the earliest head next, ties to the earlier file.
    const next = SYNTH.map(() => 0);
    const want: typeof got = [];
    for (;;) {
      let best = -1;
      for (let i = 0; i < SYNTH.length; i++) {
        if (next[i] < perFile[i].length && (best < 0 || perFile[i][next[i]].ns < perFile[best][next[best]].ns))
          best = i;
      }
      if (best < 0) break;
      want.push(perFile[best][next[best]++]);
    }
    assert.deepEqual(got.map(label), want.map(label));
    assert.deepEqual(
      got.slice(0, 3).map(label),
      SYNTH.slice(0, 3).map((f) => `${f}#1`),
      'the ties at T0 go in command-line order',
    );

    const textLines = lines(text.stdout);
    assert.equal(textLines.length, got.length, 'text: one line per packet');
    textLines.forEach((l, i) => {
      const column = l.split(' ').filter(Boolean)[3];
      assert.equal(column, got[i].file, `text line ${i + 1} has the file column: ${l}`);
    });
  });

  test('standard input: `cat file | vrrpscope packets -` equals reading the file; `-` twice is an error', async () => {
    const [fileText, stdinText, multiListing, stdinNg, twice] = await Promise.all([
      vrrpscope(['packets', '--format', 'ndjson', BASIC]),
      vrrpscope(['packets', '--format', 'ndjson', '-'], readFileSync(join(ROOT, BASIC))),
      listingOf(MULTI),
      vrrpscope(['packets', '--format', 'ndjson', '-'], readFileSync(join(ROOT, MULTI))),
      vrrpscope(['packets', '-', '-'], readFileSync(join(ROOT, BASIC))),
    ]);
    assert.equal(stdinText.code, 0, stdinText.stderr);
    assert.equal(stdinText.stderr, '');
    assert.equal(stdinText.stdout, fileText.stdout, 'pcap via stdin: the same output, byte for byte');
    assert.equal(stdinNg.code, 0, stdinNg.stderr);
    assert.equal(stdinNg.stderr, '');
    assert.equal(multiListing.length, 7);
    assert.deepEqual(ndjson(stdinNg.stdout), multiListing, 'pcapng via stdin, ndjson');

    assert.equal(twice.code, 2);
    assert.equal(twice.stdout, '');
    const line = assertOneStderrLine(twice, '-', '`-` twice');
    assert.match(line, /standard input can be given only once/);
  });

  test('--limit, --only and --count', async () => {
    const [limited, onlyArp, bogus, count, listing, frameCounts] = await Promise.all([
      vrrpscope(['packets', '--limit', '2', '--format', 'ndjson', BASIC]),
      vrrpscope(['packets', '--only', 'arp', '--format', 'ndjson', BASIC]),
      vrrpscope(['packets', '--only', 'bogus', BASIC]),
      vrrpscope(['packets', '--count', ...SYNTH]),
      vrrpscope(['packets', '--format', 'ndjson', ...SYNTH]),
      synthFrameCounts(),
    ]);

    assert.equal(limited.code, 0, limited.stderr);
    assert.deepEqual(
      ndjson(limited.stdout).map((o) => o.frame),
      [1, 2],
      '--limit 2: the first two packets',
    );

    assert.equal(onlyArp.code, 0, onlyArp.stderr);
    const arps = ndjson(onlyArp.stdout);
    assert.deepEqual(
      arps.map((o) => `${o.frame}:${o.kind}`),
      ['2:arp', '3:arp', '4:arp', '5:arp', '6:arp'],
    );

    assert.equal(bogus.code, 2);
    assert.equal(bogus.stdout, '');
    assert.ok(!bogus.stderr.includes('    at '), bogus.stderr);
    const bogusLines = lines(bogus.stderr);
    const errors = bogusLines.filter((l) => /error/i.test(l));
    assert.equal(errors.length, 1, `one error line: ${bogus.stderr}`);
    assert.match(errors[0], /bogus/);
    assert.match(errors[0], /vrrp, carp, arp, nd, icmp/, 'the error lists the valid kinds');
    for (const l of bogusLines)
      if (l !== errors[0]) assert.match(l, /--help/, `besides the error, only a pointer to --help: ${l}`);

    assert.equal(count.code, 0, count.stderr);
    assert.equal(lines(count.stdout).length, 1, '--count prints a single line');
    const counts = JSON.parse(count.stdout) as Record<string, number>;
    assert.deepEqual(Object.keys(counts), ['frames', 'vrrp', 'carp', 'arp', 'nd', 'icmp']);
    const listed: Record<string, number> = { vrrp: 0, carp: 0, arp: 0, nd: 0, icmp: 0 };
    for (const o of ndjson(listing.stdout)) listed[o.kind]++;
    assert.deepEqual(
      { ...counts, frames: undefined },
      { ...listed, frames: undefined },
      '--count agrees with the ndjson listing per kind',
    );
    assert.equal(
      counts.frames,
      frameCounts.reduce((a, b) => a + b),
      'frames counts every frame read',
    );
    assert.ok(
      listed.vrrp > 0 && listed.carp > 0 && listed.arp > 0 && listed.nd > 0 && listed.icmp > 0,
      'every kind occurs',
    );
  });

  test('--show-secrets: a VRRPv2 simple-text password is hidden unless asked for', async () => {
    // The default outputs come from the runs over every fixture (synth-edge.pcap among them).
    const [text, json, jsonShown] = await Promise.all([
      vrrpscope(['packets', ...SYNTH]),
      vrrpscope(['packets', '--format', 'ndjson', ...SYNTH]),
      vrrpscope(['packets', '--format', 'ndjson', '--show-secrets', EDGE]),
    ]);
    for (const r of [text, json, jsonShown]) assert.equal(r.code, 0, r.stderr);
    const edgeText = lines(text.stdout).filter((l) => l.includes(` ${EDGE} `));
    assert.equal(edgeText.length, 8);
    const vrid74 = edgeText.find((l) => / vrid 74 /.test(l)) ?? assert.fail('no vrid 74 line');
    assert.match(vrid74, /auth simple-text \(hidden\)/);
    assert.ok(!text.stdout.includes('secret'), 'text: the password appears nowhere');

    const advert74 = (objs: PacketLine[]) => objs.find((o) => o.vrrp?.vrid === 74) ?? assert.fail('no vrid 74 object');
    const hidden = advert74(await listingOf(EDGE)).vrrp!;
    assert.equal(hidden.authType, 1);
    assert.equal(hidden.authHidden, true);
    assert.equal('authData' in hidden, false, 'ndjson: no authData by default');
    assert.ok(!json.stdout.includes('secret'), 'ndjson: the password appears nowhere');
    const shown = advert74(ndjson(jsonShown.stdout)).vrrp!;
    assert.equal(shown.authData, 'secret');
    assert.equal('authHidden' in shown, false);
  });

  test('unreadable inputs: exit 2 and one line naming the file, no stack trace', async () => {
    const dir = join(TMP, 'a-directory');
    mkdirSync(dir);
    const cases: Array<[what: string, path: string, pattern: RegExp]> = [
      ['missing file', join(TMP, 'does-not-exist.pcap'), /no such file/],
      ['directory', dir, /is a directory/],
      ['text file', tmpFile('notes.txt', 'hello, this is not a capture\n'), /not a capture file/],
      ['empty file', tmpFile('empty.pcap', ''), /empty file/],
    ];
    const runs = await Promise.all(cases.map(([, path]) => vrrpscope(['packets', path])));
    cases.forEach(([what, path, pattern], i) => {
      const r = runs[i];
      assert.equal(r.code, 2, `${what}: exit code`);
      assert.equal(r.stdout, '', `${what}: nothing on stdout`);
      assert.match(assertOneStderrLine(r, path, what), pattern, what);
    });
  });

  test('damaged inputs: every complete packet first, then one line naming the file', async () => {
    const basic = readFileSync(join(ROOT, BASIC));
    const rec = pcapRecords(basic);
    const cases: Array<{ what: string; path: string; complete: number; code: number; pattern: RegExp }> = [
      {
        what: 'pcap cut inside frame 4',
        path: tmpFile('cut.pcap', truncate(basic, rec[3].offset + 20)),
        complete: 3,
        code: 0,
        pattern: /warning: .*truncated.* byte offset \d+/,
      },
      {
        what: 'pcap with a corrupt record length in frame 6',
        path: tmpFile('corrupt.pcap', setPcapRecordLength(basic, 5, 0x7fffffff)),
        complete: 5,
        code: 2,
        pattern: new RegExp(`error: .*record length 2147483647 exceeds the maximum.*byte offset ${rec[5].offset}`),
      },
    ];
    const [full, ...results] = await Promise.all([
      vrrpscope(['packets', BASIC]),
      ...cases.map((c) => vrrpscope(['packets', c.path])),
    ]);
    cases.forEach((c, i) => {
      const r = results[i];
      assert.equal(r.code, c.code, `${c.what}: exit code`);
      assert.match(assertOneStderrLine(r, c.path, c.what), c.pattern, c.what);
      assert.deepEqual(
        lines(r.stdout),
        lines(full.stdout).slice(0, c.complete),
        `${c.what}: the ${c.complete} packets before the damage`,
      );
    });
  });

  test('an unsupported link type is a note on stderr, exit 0', async () => {
    const frame = ethernet({
      dst: BROADCAST_MAC,
      src: vrrpMac(1),
      type: ETHERTYPE.ARP,
      payload: arp({ op: ARP_OP.REQUEST, sha: vrrpMac(1), spa: '10.0.0.1', tha: BROADCAST_MAC, tpa: '10.0.0.1' }),
    });
    const path = tmpFile(
      'linktype-129.pcap',
      writePcap({ linkType: 129, packets: [1, 2, 3].map((s) => ({ ts: { sec: s, nsec: 0 }, data: frame })) }),
    );
    const r = await vrrpscope(['packets', path]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    const line = assertOneStderrLine(r, path, 'link type 129');
    assert.match(line, /3 frames of link type .*\(129\) not decoded: unsupported link type/);
  });

  test('usage: no file is exit 2 with usage help; --help and --version exit 0', async () => {
    const [noFile, help, version] = await Promise.all([
      vrrpscope(['packets']),
      vrrpscope(['--help']),
      vrrpscope(['--version']),
    ]);
    assert.equal(noFile.code, 2);
    assert.equal(noFile.stdout, '');
    assert.match(noFile.stderr, /missing required argument 'file'/);
    assert.match(noFile.stderr, /--help/);
    assert.ok(!noFile.stderr.includes('    at '));

    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /Usage: vrrpscope/);
    assert.match(help.stdout, /packets/);

    assert.equal(version.code, 0, version.stderr);
    assert.equal(version.stdout.trim(), PACKAGE_VERSION);
  });

  test('control characters in a file name are escaped in the error', async () => {
    const textPath = tmpFile('bad\u001b[31mname.pcap', 'hello, this is text\n');
    const bad = await vrrpscope(['packets', textPath]);
    assert.equal(bad.code, 2);
    assert.equal(bad.stdout, '');
    assert.ok(!bad.stderr.includes('\u001b'), `no raw escape character on stderr: ${JSON.stringify(bad.stderr)}`);
    const line = assertOneStderrLine(bad, join(TMP, 'bad\\x1b[31mname.pcap'), 'escape in the name');
    assert.match(line, /not a capture file/);
  });

  // In-process and CPU-heavy work last, so that every child process above is already running.
  test('NDJSON fast path (ndjsonLine) equals the reference object form for every packet of the corpus', async () => {
    const files = [...captureFiles(CAPTURES), ...(HAVE_PUBLIC_CAPTURES ? captureFiles(PUBLIC_CAPTURES) : [])];
    let compared = 0;
    for (const path of files) {
      const bytes = readFileSync(path);
      // One input, and two (the same bytes twice, the second under a name JSON has to escape).
      for (const names of [[path], [path, `copy "of" \\ ${path}\u0007`]]) {
        for (const showSecrets of [false, true]) {
          const opt: PacketRenderOptions = { inputs: names, pcapng: [], showSecrets, time: 'utc' };
          const dissector = new Dissector();
          await readCaptures(
            names.map((n) => new BufferSource(n, bytes)),
            (p) => {
              const d = dissector.decode(p);
              if (d === null) return;
              const line = ndjsonLine(d, opt);
              const reference = {
                frame: d.frame,
                ...(names.length > 1 ? { file: names[d.input] } : {}),
                time: Number(formatTime(d.sec, d.nsec)),
                kind: d.kind,
                ...packetJson(d, opt),
              };
              let parsed: unknown;
              try {
                parsed = JSON.parse(line);
              } catch {
                assert.fail(`${path} frame ${d.frame}: not JSON: ${line}`);
              }
              assert.deepEqual(
                parsed,
                reference,
                `${path} frame ${d.frame} (${names.length} inputs, showSecrets ${showSecrets})`,
              );
              compared++;
            },
            (formats) => {
              opt.pcapng = formats.map((f) => f === 'pcapng');
            },
          );
        }
      }
    }
    assert.ok(compared >= 4 * 50, `compared ${compared} packets`);
  });

  test('a closed pipe (`| head -1`) ends the CLI quietly with exit 0', async () => {
    const frame = ethernet({
      dst: BROADCAST_MAC,
      src: vrrpMac(9),
      type: ETHERTYPE.ARP,
      payload: arp({ op: ARP_OP.REQUEST, sha: vrrpMac(9), spa: '10.9.9.9', tha: BROADCAST_MAC, tpa: '10.9.9.9' }),
      pad: true,
    });
    const packets = Array.from({ length: 50_000 }, (_, i) => ({
      ts: { sec: 1_700_000_000 + Math.floor(i / 1000), nsec: (i % 1000) * 1_000_000 },
      data: frame,
    }));
    const path = tmpFile('many.pcap', writePcap({ linkType: LINKTYPE.ETHERNET, packets }));
    // The subshell reports node's own exit status on stderr; head's status is the pipeline's.
    const script = '("$0" "$1" packets --format ndjson "$2"; echo "node exit $?" >&2) | head -1';
    const r = await spawnCollect('sh', ['-c', script, process.execPath, CLI, path]);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, 'node exit 0\n', 'node exits 0 and prints nothing on stderr');
    const out = ndjson(r.stdout);
    assert.equal(out.length, 1, 'head printed one line');
    assert.deepEqual(pick(out[0], ['frame', 'kind']), { frame: 1, kind: 'arp' });
  });
});
