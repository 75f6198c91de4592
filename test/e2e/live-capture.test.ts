/**
 * Live capture on a real interface: a veth pair between the test's namespace and one of its own
 * (test/live/netns.ts), crafted frames written from the far end. Checks what arrives (bytes,
 * order, frame numbers, link type), what the default filter drops, the timestamps against the
 * send times with an idle and with a blocked event loop, stop() and reopening, and the errors.
 * Needs root and the cap binding; skipped (visibly) otherwise.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CaptureError } from '../../src/capture/errors.js';
import { openLiveCapture, type LiveCapture } from '../../src/capture/live/capture.js';
import { readCaptures } from '../../src/capture/inputs.js';
import type { CapturedPacket } from '../../src/capture/packet.js';
import { PcapWriter } from '../../src/capture/pcap-writer.js';
import { Dissector } from '../../src/dissect/decode.js';
import { BUILD_SRC, ROOT } from '../support/paths.js';
import { liveSkip, TestNet } from './netns.js';
import {
  DOT1Q,
  QINQ,
  garp,
  icmpNoise,
  icmpQuotingVrrp,
  neighborAdvert,
  rarp,
  udpNoise,
  vrrpV4,
  vrrpV6,
} from '../support/traffic.js';

interface Received {
  packets: CapturedPacket[];
  /** Wall-clock delivery time (epoch ns) of each packet's batch. */
  delivered: bigint[];
  errors: Error[];
}

function collect(cap: LiveCapture): Received {
  const r: Received = { packets: [], delivered: [], errors: [] };
  cap.start(
    (batch) => {
      const now = BigInt(Date.now()) * 1_000_000n;
      for (const p of batch) {
        r.packets.push(p);
        r.delivered.push(now);
      }
    },
    (e) => r.errors.push(e),
  );
  return r;
}

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

const bytes = (p: CapturedPacket) => p.data.subarray(p.offset, p.offset + p.caplen);
const stampNs = (p: CapturedPacket) => BigInt(p.sec) * 1_000_000_000n + BigInt(p.nsec);
const us = (ns: bigint) => Number(ns) / 1000;

function summary(label: string, values: number[]): string {
  const s = [...values].sort((a, b) => a - b);
  const q = (f: number) => s[Math.min(s.length - 1, Math.floor(f * s.length))].toFixed(0);
  return `${label}: min ${q(0)} us, median ${q(0.5)} us, max ${s[s.length - 1].toFixed(0)} us (n=${s.length})`;
}

/** Why the unprivileged test cannot run here (node:test shows it), or false. */
function unprivilegedSkip(): string | false {
  if (spawnSync('runuser', ['--help'], { stdio: 'ignore' }).status !== 0) return 'runuser not found';
  // Node itself must be reachable by nobody (not under /root, say).
  const r = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '--version'], { stdio: 'ignore', cwd: '/' });
  if (r.status !== 0) return `user nobody cannot run ${process.execPath}`;
  return false;
}

describe('live capture on a veth pair', { skip: liveSkip }, () => {
  let net: TestNet;
  before(() => {
    net = TestNet.create();
  });
  after(() => {
    net?.destroy();
    if (net) assert.equal(net.exists(), false, 'the test link is removed');
  });

  test('the default filter passes VRRP, ARP, RARP, ND and ICMP errors quoting VRRP, tagged or not, and drops the rest', async (t) => {
    const wanted = [
      vrrpV4(),
      vrrpV6(),
      garp(),
      rarp(),
      neighborAdvert(),
      icmpQuotingVrrp(),
      vrrpV4(8, DOT1Q),
      garp(DOT1Q),
      vrrpV6(9, DOT1Q),
      vrrpV4(10, QINQ),
    ];
    const noise = [udpNoise(), udpNoise(DOT1Q), ...icmpNoise()];
    // Interleaved, so a dropped frame between two wanted ones shows.
    const frames: Buffer[] = [];
    const isWanted: boolean[] = [];
    for (let i = 0; i < Math.max(wanted.length, noise.length); i++) {
      if (i < wanted.length) {
        frames.push(wanted[i]);
        isWanted.push(true);
      }
      if (i < noise.length) {
        frames.push(noise[i]);
        isWanted.push(false);
      }
    }
    const cap = await openLiveCapture(net.host);
    try {
      assert.equal(cap.name, net.host);
      assert.equal(cap.linkType, 1, 'Ethernet');
      assert.deepEqual(cap.warnings, []);
      const r = collect(cap);
      const sent = await net.send(frames, { gapMs: 2 });
      await waitFor(() => r.packets.length >= wanted.length, 3000);
      await new Promise((res) => setTimeout(res, 200)); // anything the filter let through by mistake arrives too
      assert.deepEqual(r.errors, []);
      assert.equal(r.packets.length, wanted.length, 'exactly the wanted frames arrive');
      r.packets.forEach((p, i) => {
        assert.deepEqual(bytes(p), wanted[i], `frame ${i + 1}: bytes as sent`);
        assert.equal(p.frame, i + 1);
        assert.equal(p.input, 0);
        assert.equal(p.linkType, 1);
        assert.equal(p.origLen, p.caplen);
      });
      // The dissector decodes what arrived (VLAN tags included).
      const d = new Dissector();
      const kinds = r.packets.map((p) => d.decode(p)?.kind ?? null);
      assert.deepEqual(kinds, ['vrrp', 'vrrp', 'arp', 'arp', 'nd', 'icmp', 'vrrp', 'arp', 'vrrp', 'vrrp']);
      // Stamps against the send times of the wanted frames.
      const wantedSent = sent.filter((_, i) => isWanted[i]);
      const lag = r.packets.map((p, i) => us(stampNs(p) - wantedSent[i]));
      t.diagnostic(summary('idle: stamp - send time', lag));
      for (const l of lag) assert.ok(l > -500 && l < 20_000, `stamp within 20 ms after the send (${l} us)`);
      assert.deepEqual(cap.stats(), { received: wanted.length, dropped: 0 });
    } finally {
      await cap.stop();
    }
    assert.deepEqual(cap.stats(), { received: wanted.length, dropped: 0 }, 'stats after stop');
  });

  test('timestamps stay right while the main thread is blocked for 700 ms', async (t) => {
    const cap = await openLiveCapture(net.host);
    try {
      const r = collect(cap);
      const frames = Array.from({ length: 8 }, (_, i) => vrrpV4(20 + i));
      // Once the sender is ready, it sends from +150 ms every 50 ms, while this thread spins.
      const sending = net.start(frames, { delayMs: 150, gapMs: 50 });
      await sending.ready;
      const blockedFrom = Date.now();
      while (Date.now() - blockedFrom < 700) {
        // busy: no event loop
      }
      const sent = await sending.times;
      await waitFor(() => r.packets.length >= frames.length, 3000);
      assert.equal(r.packets.length, frames.length);
      const lag = r.packets.map((p, i) => us(stampNs(p) - sent[i]));
      const late = r.packets.map((_, i) => us(r.delivered[i] - sent[i]));
      t.diagnostic(summary('blocked loop: stamp - send time', lag));
      t.diagnostic(summary('blocked loop: delivery - send time', late));
      for (const l of lag) assert.ok(l > -500 && l < 20_000, `stamp within 20 ms after the send (${l} us)`);
      // The packets sent during the block were delivered after it: the stamps did not wait.
      assert.ok(late[0] > 100_000, `the first packet was delivered late (${late[0]} us), yet stamped on time`);
      r.packets.forEach((p, i) => assert.deepEqual(bytes(p), frames[i]));
    } finally {
      await cap.stop();
    }
  });

  test('stop() resolves, nothing is delivered after it, and the interface opens again', async () => {
    for (let round = 0; round < 2; round++) {
      const cap = await openLiveCapture(net.host);
      const r = collect(cap);
      await net.send([garp()]);
      await waitFor(() => r.packets.length >= 1, 3000);
      assert.equal(r.packets.length, 1, `round ${round + 1}`);
      assert.equal(r.packets[0].frame, 1, 'frames count from 1 in each capture');
      await cap.stop();
      await cap.stop(); // idempotent
      await net.send([garp()]);
      await new Promise((res) => setTimeout(res, 100));
      assert.equal(r.packets.length, 1, 'nothing after stop()');
      assert.deepEqual(r.errors, []);
    }
  });

  test('packets that arrive before start() are delivered by it, with their arrival stamps', async () => {
    const cap = await openLiveCapture(net.host);
    try {
      const sent = await net.send([vrrpV4(30), vrrpV4(31)], { gapMs: 20 });
      await new Promise((res) => setTimeout(res, 300));
      const r = collect(cap);
      await waitFor(() => r.packets.length >= 2, 2000);
      assert.equal(r.packets.length, 2);
      for (const [i, p] of r.packets.entries()) {
        const lag = us(stampNs(p) - sent[i]);
        assert.ok(lag > -500 && lag < 20_000, `stamped on arrival, not on start() (${lag} us)`);
      }
    } finally {
      await cap.stop();
    }
  });

  test('a user filter replaces the default one; snaplen cuts the frames', async () => {
    const cap = await openLiveCapture(net.host, { filter: 'udp', snaplen: 20 });
    try {
      assert.equal(cap.filter, 'udp');
      const r = collect(cap);
      const noise = udpNoise();
      await net.send([vrrpV4(), noise]);
      await waitFor(() => r.packets.length >= 1, 3000);
      await new Promise((res) => setTimeout(res, 100));
      assert.equal(r.packets.length, 1);
      const p = r.packets[0];
      assert.equal(p.caplen, 20);
      assert.equal(p.origLen, noise.length);
      assert.deepEqual(bytes(p), noise.subarray(0, 20));
    } finally {
      await cap.stop();
    }
  });

  test('captured packets written with --write read back identically (reader and tshark)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-livew-'));
    try {
      const path = join(dir, 'live.pcap');
      const cap = await openLiveCapture(net.host);
      const writer = PcapWriter.open(path, { linkType: cap.linkType, nanos: true });
      const r = collect(cap);
      const frames = [vrrpV4(), garp(), vrrpV6(9, DOT1Q)];
      try {
        await net.send(frames, { gapMs: 5 });
        await waitFor(() => r.packets.length >= frames.length, 3000);
      } finally {
        await cap.stop();
      }
      for (const p of r.packets) writer.write(p);
      writer.closeSync();
      const back: CapturedPacket[] = [];
      await readCaptures(
        [path],
        (p) => void back.push({ ...p, data: Buffer.from(p.data.subarray(p.offset, p.offset + p.caplen)), offset: 0 }),
      );
      assert.equal(back.length, frames.length);
      back.forEach((p, i) => {
        const q = r.packets[i];
        assert.deepEqual(
          [p.sec, p.nsec, p.caplen, p.origLen, p.linkType],
          [q.sec, q.nsec, q.caplen, q.origLen, q.linkType],
        );
        assert.deepEqual(bytes(p), bytes(q));
      });
      if (spawnSync('tshark', ['--version'], { stdio: 'ignore' }).status === 0) {
        const out = execFileSync(
          'tshark',
          ['-r', path, '-T', 'fields', '-e', 'frame.time_epoch', '-e', 'frame.protocols'],
          { encoding: 'utf8' },
        )
          .trim()
          .split('\n');
        assert.equal(out.length, frames.length);
        assert.match(out[2], /vlan:ethertype:ipv6:vrrp/);
        assert.equal(out[0].split('\t')[0], `${r.packets[0].sec}.${String(r.packets[0].nsec).padStart(9, '0')}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('errors: a missing interface, a bad filter, an interface that is down', async () => {
    await assert.rejects(openLiveCapture('vstnosuch0'), (e: unknown) => {
      assert.ok(e instanceof CaptureError);
      assert.equal(e.input, 'vstnosuch0');
      assert.match(e.detail, /no such interface.*vrrpscope interfaces/);
      return true;
    });
    await assert.rejects(openLiveCapture(net.host, { filter: 'vrrp and and' }), (e: unknown) => {
      assert.ok(e instanceof CaptureError);
      assert.equal(e.input, net.host);
      assert.match(e.detail, /^invalid capture filter "vrrp and and": .*syntax error/);
      return true;
    });
    const down = TestNet.create('d');
    try {
      execFileSync('ip', ['link', 'set', down.host, 'down']);
      await assert.rejects(openLiveCapture(down.host), (e: unknown) => {
        assert.ok(e instanceof CaptureError);
        assert.match(e.detail, new RegExp(`interface is down.*ip link set ${down.host} up`));
        return true;
      });
    } finally {
      down.destroy();
    }
  });

  test('without privileges: how to get them', { skip: unprivilegedSkip() }, () => {
    // `nobody` may not be able to enter the checkout (a clone under /root, or in a mktemp -d
    // folder): run a copy of the compiled sources and of the binding from a folder it can read.
    const copy = mkdtempSync(join(tmpdir(), 'vrrpscope-nobody-'));
    try {
      chmodSync(copy, 0o755);
      cpSync(BUILD_SRC, join(copy, 'src'), { recursive: true });
      cpSync(join(ROOT, 'node_modules', 'cap'), join(copy, 'node_modules', 'cap'), {
        recursive: true,
        dereference: true,
      });
      writeFileSync(join(copy, 'package.json'), '{"type":"module"}');
      const script = `import(${JSON.stringify(join(copy, 'src/capture/live/capture.js'))}).then((m) => m.openLiveCapture(${JSON.stringify(net.host)})).then(() => console.log('opened?!'), (e) => console.log(JSON.stringify({ name: e.name, detail: e.detail })))`;
      const r = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '--input-type=module', '-e', script], {
        encoding: 'utf8',
        cwd: '/',
      });
      assert.equal(r.status, 0, r.stderr);
      const e = JSON.parse(r.stdout) as { name: string; detail: string };
      assert.equal(e.name, 'CaptureError');
      assert.match(
        e.detail,
        /no permission to capture \(.*Operation not permitted\): run vrrpscope as root, or .*setcap cap_net_raw,cap_net_admin\+eip/,
      );
      assert.equal(r.stderr, '', 'nothing printed (the C-level lookupnet warning is filtered)');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

test('without the cap binding: a CaptureError saying what to install', async () => {
  // A copy of the compiled sources where no node_modules can be found.
  const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-nocap-'));
  try {
    cpSync(BUILD_SRC, join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    const m = (await import(
      join(dir, 'src/capture/live/capture.js')
    )) as typeof import('../../src/capture/live/capture.js');
    const errors = (await import(join(dir, 'src/capture/errors.js'))) as typeof import('../../src/capture/errors.js');
    await assert.rejects(m.openLiveCapture('eth0'), (e: unknown) => {
      assert.ok(e instanceof errors.CaptureError);
      assert.equal(e.input, 'eth0');
      assert.match(
        e.detail,
        /"cap" is not installed; install libpcap-dev .*apt-get install libpcap-dev build-essential.* npm ci.*tcpdump -i eth0 -U -w - .*\| vrrpscope live -/,
      );
      return true;
    });
    const d = (await import(
      join(dir, 'src/capture/live/devices.js')
    )) as typeof import('../../src/capture/live/devices.js');
    assert.throws(() => d.listInterfaces(), /"cap" is not installed/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
