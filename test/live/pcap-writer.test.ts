/**
 * The streaming pcap writer (src/capture/pcap-writer.ts): files it writes read back through the
 * project's reader and through tshark (when installed) with the same frames, timestamps and
 * lengths; microsecond and nanosecond magic; snaplen cuts; standard output; a process stopped by
 * SIGINT or process.exit() leaves a complete file; write errors are reported, not thrown.
 * Needs no privileges.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { CaptureError } from '../../src/capture/errors.js';
import { readCaptures } from '../../src/capture/inputs.js';
import type { CapturedPacket } from '../../src/capture/packet.js';
import { PcapWriter, type PcapRecord } from '../../src/capture/pcap-writer.js';
import { BufferSource } from '../../src/capture/source.js';
import { BUILD_SRC } from '../support/paths.js';
import { DOT1Q, garp, neighborAdvert, udpNoise, vrrpV4, vrrpV6 } from '../support/traffic.js';

const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-pcapw-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const FRAMES = [vrrpV4(), vrrpV6(), garp(), neighborAdvert(), vrrpV4(8, DOT1Q), udpNoise()];

/** Records with awkward timestamps: sub-microsecond digits, a zero fraction, the last nanosecond of a second. */
function records(): PcapRecord[] {
  const nsecs = [123_456_789, 0, 999_999_999, 1_000, 500_000_001, 42];
  return FRAMES.map((f, i) => ({
    sec: 1_795_561_300 + i,
    nsec: nsecs[i],
    caplen: f.length,
    origLen: f.length,
    data: f,
    offset: 0,
  }));
}

interface Read {
  format: string | null;
  packets: {
    sec: number;
    nsec: number;
    caplen: number;
    origLen: number;
    linkType: number;
    frame: number;
    bytes: Buffer;
  }[];
  error?: CaptureError;
}

async function read(input: string | Buffer): Promise<Read> {
  const packets: Read['packets'] = [];
  const src = typeof input === 'string' ? input : new BufferSource('<buffer>', input);
  const [s] = await readCaptures([src], (p: CapturedPacket) => {
    packets.push({
      sec: p.sec,
      nsec: p.nsec,
      caplen: p.caplen,
      origLen: p.origLen,
      linkType: p.linkType,
      frame: p.frame,
      bytes: Buffer.from(p.data.subarray(p.offset, p.offset + p.caplen)),
    });
  });
  return { format: s.format, packets, ...(s.error ? { error: s.error } : {}) };
}

const HAVE_TSHARK = spawnSync('tshark', ['--version'], { stdio: 'ignore' }).status === 0;

describe('pcap writer', () => {
  for (const nanos of [false, true]) {
    test(`round trip through the reader (${nanos ? 'nanosecond' : 'microsecond'} magic)`, async () => {
      const path = join(dir, `rt-${nanos ? 'ns' : 'us'}.pcap`);
      const w = PcapWriter.open(path, { linkType: 1, nanos });
      for (const r of records()) w.write(r);
      assert.equal(w.packets, FRAMES.length);
      w.closeSync();
      assert.equal(w.error, null);
      const got = await read(path);
      assert.equal(got.format, nanos ? 'pcap-ns' : 'pcap');
      assert.equal(got.error, undefined);
      assert.equal(got.packets.length, FRAMES.length);
      records().forEach((r, i) => {
        const p = got.packets[i];
        assert.equal(p.frame, i + 1);
        assert.equal(p.sec, r.sec);
        assert.equal(p.nsec, nanos ? r.nsec : Math.floor(r.nsec / 1000) * 1000, `frame ${i + 1} fraction`);
        assert.equal(p.caplen, r.caplen);
        assert.equal(p.origLen, r.origLen);
        assert.equal(p.linkType, 1);
        assert.deepEqual(p.bytes, FRAMES[i]);
      });
    });
  }

  test(
    'tshark reads the files with the same frames, times and lengths',
    { skip: !HAVE_TSHARK && 'tshark not installed' },
    () => {
      for (const nanos of [false, true]) {
        const path = join(dir, `rt-${nanos ? 'ns' : 'us'}.pcap`);
        const out = execFileSync(
          'tshark',
          [
            '-r',
            path,
            '-T',
            'fields',
            '-E',
            'separator=,',
            '-e',
            'frame.time_epoch',
            '-e',
            'frame.len',
            '-e',
            'frame.cap_len',
            '-e',
            'frame.protocols',
          ],
          { encoding: 'utf8' },
        );
        const lines = out.trim().split('\n');
        assert.equal(lines.length, FRAMES.length);
        records().forEach((r, i) => {
          const [time, len, capLen, protocols] = lines[i].split(',');
          const frac = nanos ? String(r.nsec).padStart(9, '0') : String(Math.floor(r.nsec / 1000)).padStart(6, '0');
          assert.equal(time, `${r.sec}.${frac}${nanos ? '' : '000'}`, `frame ${i + 1} time`);
          assert.equal(Number(len), r.origLen);
          assert.equal(Number(capLen), r.caplen);
          if (i === 0) assert.match(protocols, /eth:ethertype:ip:vrrp/);
          if (i === 4) assert.match(protocols, /eth:ethertype:vlan:ethertype:ip:vrrp/);
        });
        const info = execFileSync('capinfos', ['-t', '-E', '-c', path], { encoding: 'utf8' });
        assert.match(
          info,
          nanos
            ? /File type:\s+Wireshark\/tcpdump\/... - nanosecond pcap/
            : /File type:\s+Wireshark\/tcpdump\/... - pcap/,
        );
        assert.match(info, /Number of packets:\s+6/);
      }
    },
  );

  test('snaplen: the header carries it and longer records are cut, keeping their original length', async () => {
    const path = join(dir, 'snap.pcap');
    const w = PcapWriter.open(path, { linkType: 1, snaplen: 40 });
    for (const r of records()) w.write(r);
    w.closeSync();
    const buf = readFileSync(path);
    assert.equal(buf.readUInt32LE(16), 40);
    const got = await read(path);
    got.packets.forEach((p, i) => {
      assert.equal(p.caplen, Math.min(40, FRAMES[i].length));
      assert.equal(p.origLen, FRAMES[i].length);
      assert.deepEqual(p.bytes, FRAMES[i].subarray(0, 40));
    });
  });

  test('the header is on disk at once, records after a flush; closeSync and close are idempotent; writes after close are ignored', async () => {
    const path = join(dir, 'grow.pcap');
    const w = PcapWriter.open(path, { linkType: 113, flushIntervalMs: 60_000 });
    assert.equal(statSync(path).size, 24, 'header written on open');
    assert.deepEqual((await read(path)).packets, [], 'a valid, empty capture');
    w.write(records()[0]);
    assert.equal(statSync(path).size, 24, 'buffered');
    w.flush();
    assert.equal((await read(path)).packets.length, 1, 'readable while open');
    w.closeSync();
    w.closeSync();
    await w.close();
    w.write(records()[1]);
    const got = await read(path);
    assert.equal(got.packets.length, 1);
    assert.equal(got.packets[0].linkType, 113);
  });

  test('flushes on its own every flushIntervalMs', async () => {
    const path = join(dir, 'timer.pcap');
    const w = PcapWriter.open(path, { linkType: 1, flushIntervalMs: 50 });
    w.write(records()[0]);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await read(path)).packets.length, 1);
    w.closeSync();
  });

  test('many records: buffer refills; a record larger than the buffer, cut to the default snaplen 262144', async () => {
    const path = join(dir, 'many.pcap');
    const w = PcapWriter.open(path, { linkType: 1, nanos: true });
    const big = Buffer.alloc(300_000, 0xab);
    for (let i = 0; i < 20_000; i++)
      w.write({
        sec: 1_700_000_000 + Math.floor(i / 1000),
        nsec: (i % 1000) * 1_000_000 + 7,
        caplen: 60,
        origLen: 60,
        data: garp(),
        offset: 0,
      });
    w.write({ sec: 1_700_000_100, nsec: 0, caplen: big.length, origLen: big.length, data: big, offset: 0 });
    w.closeSync();
    const got = await read(path);
    assert.equal(got.packets.length, 20_001);
    assert.equal(got.packets[19_999].nsec, 999_000_007);
    assert.equal(got.packets[20_000].caplen, 262_144);
    assert.equal(got.packets[20_000].origLen, big.length);
  });

  test('a process ended by SIGINT (handler calls closeSync) or by process.exit() leaves every packet in the file', async () => {
    const writer = join(BUILD_SRC, 'capture/pcap-writer.js');
    for (const mode of ['sigint', 'exit']) {
      const path = join(dir, `${mode}.pcap`);
      const script = `
        import { PcapWriter } from ${JSON.stringify(writer)};
        const w = PcapWriter.open(${JSON.stringify(path)}, { linkType: 1, flushIntervalMs: 60000 });
        const f = Buffer.from(${JSON.stringify(garp().toString('hex'))}, 'hex');
        for (let i = 0; i < 1000; i++) w.write({ sec: 1700000000, nsec: i, caplen: f.length, origLen: f.length, data: f, offset: 0 });
        process.on('SIGINT', () => { w.closeSync(); process.exit(130); });
        if (${JSON.stringify(mode)} === 'exit') process.exit(3);
        console.log('ready');
        setInterval(() => {}, 1000);
      `;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      if (mode === 'sigint') {
        await new Promise<void>((r) => child.stdout.once('data', () => r()));
        child.kill('SIGINT');
      }
      const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
      assert.equal(code, mode === 'sigint' ? 130 : 3);
      const got = await read(path);
      assert.equal(got.packets.length, 1000, mode);
      assert.equal(got.error, undefined);
    }
  });

  test('- writes to standard output', async () => {
    const writer = join(BUILD_SRC, 'capture/pcap-writer.js');
    const script = `
      import { PcapWriter } from ${JSON.stringify(writer)};
      const w = PcapWriter.open('-', { linkType: 1 });
      const f = Buffer.from(${JSON.stringify(vrrpV4().toString('hex'))}, 'hex');
      for (let i = 0; i < 3; i++) w.write({ sec: 1700000000 + i, nsec: 0, caplen: f.length, origLen: f.length, data: f, offset: 0 });
      w.closeSync();
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script]);
    const got = await read(out);
    assert.equal(got.packets.length, 3);
    assert.deepEqual(got.packets[2].bytes, vrrpV4());
  });

  test('write errors are reported once and never thrown; a file that cannot be created is a CaptureError', () => {
    const errors: CaptureError[] = [];
    const w = PcapWriter.open('/dev/full', { linkType: 1, onError: (e) => errors.push(e) });
    w.write(records()[0]);
    w.flush();
    w.closeSync();
    assert.equal(errors.length, 1);
    assert.ok(w.error instanceof CaptureError);
    assert.match(w.error.message, /^\/dev\/full: cannot write the capture file: .*ENOSPC/);
    assert.throws(
      () => PcapWriter.open(join(dir, 'no/such/dir/x.pcap'), { linkType: 1 }),
      (e: unknown) => e instanceof CaptureError && /cannot create the capture file: ENOENT/.test(e.detail),
    );
    assert.throws(() => PcapWriter.open(join(dir, 'x.pcap'), { linkType: -1 }), CaptureError);
  });
});
