/**
 * The parts of live capture that need no privileges: the default filter (compiled by tcpdump and
 * applied by it to a file of the test frames: what passes, per link type), the filter choice per
 * interface type, the wall clock, link-type and error mapping, interface listing and formatting,
 * and `vrrpscope interfaces` (also without the cap binding).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { readCaptures } from '../../src/capture/inputs.js';
import { EpochClock, type Stamp } from '../../src/capture/live/clock.js';
import { DEFAULT_FILTER, DEFAULT_FILTER_UNTAGGED, defaultFilters, safeName } from '../../src/capture/live/filter.js';
import { capLinkType, classifyOpenError, LOOKUPNET_WARNING } from '../../src/capture/live/protocol.js';
import { formatInterfaces } from '../../src/commands/interfaces.js';
import { prefixLength } from '../../src/capture/live/devices.js';
import { PcapWriter } from '../../src/capture/pcap-writer.js';
import { BUILD_SRC, CLI, ROOT } from '../support/paths.js';
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

const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-liveunits-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const HAVE_TCPDUMP = spawnSync('tcpdump', ['--version'], { stdio: 'ignore' }).status === 0;
const HAVE_CAP = spawnSync(process.execPath, ['-e', "require('cap')"], { cwd: ROOT, stdio: 'ignore' }).status === 0;

function pcapFile(name: string, linkType: number, frames: Buffer[]): string {
  const path = join(dir, name);
  const w = PcapWriter.open(path, { linkType });
  frames.forEach((f, i) =>
    w.write({ sec: 1_700_000_000, nsec: i * 1000, caplen: f.length, origLen: f.length, data: f, offset: 0 }),
  );
  w.closeSync();
  return path;
}

/** tcpdump -d (compile only) on a file of the given link type: null when it compiles, else its error. */
function compileError(linkType: number, filter: string): string | null {
  const r = spawnSync('tcpdump', ['-d', '-r', pcapFile(`lt${linkType}.pcap`, linkType, []), filter], {
    encoding: 'utf8',
  });
  return r.status === 0 ? null : r.stderr.trim().split('\n').pop()!;
}

describe('default filter', { skip: !HAVE_TCPDUMP && 'tcpdump not installed' }, () => {
  test('compiles for Ethernet (tcpdump -d); cooked captures refuse its VLAN part, the untagged one compiles there and on raw IP', () => {
    assert.equal(compileError(1, DEFAULT_FILTER), null);
    const d = execFileSync('tcpdump', ['-d', '-r', join(dir, 'lt1.pcap'), DEFAULT_FILTER], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    assert.ok(d.split('\n').length < 400, 'a few hundred BPF instructions at most');
    assert.match(compileError(113, DEFAULT_FILTER) ?? '', /no VLAN support/);
    assert.equal(compileError(113, DEFAULT_FILTER_UNTAGGED), null);
    assert.equal(compileError(276, DEFAULT_FILTER_UNTAGGED), null);
    assert.equal(compileError(101, DEFAULT_FILTER_UNTAGGED), null);
  });

  test('applied by tcpdump to a file: passes what vrrpscope decodes, untagged, 802.1Q and QinQ, and drops the rest', async () => {
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
      garp(QINQ),
    ];
    const noise = [udpNoise(), udpNoise(DOT1Q), udpNoise(QINQ), ...icmpNoise()];
    const input = pcapFile('mixed.pcap', 1, [...noise, ...wanted]);
    const output = join(dir, 'filtered.pcap');
    execFileSync('tcpdump', ['-r', input, '-w', output, DEFAULT_FILTER], { stdio: 'ignore' });
    const passed: Buffer[] = [];
    await readCaptures([output], (p) => void passed.push(Buffer.from(p.data.subarray(p.offset, p.offset + p.caplen))));
    assert.deepEqual(passed, wanted);
  });
});

test('filter choice per interface: VLAN-aware on Ethernet and loopback, untagged on "any", then none', () => {
  assert.deepEqual(defaultFilters('lo'), [DEFAULT_FILTER, DEFAULT_FILTER_UNTAGGED, '']);
  assert.deepEqual(defaultFilters('any'), [DEFAULT_FILTER_UNTAGGED, '']);
  assert.deepEqual(defaultFilters('no-such-interface-x'), [DEFAULT_FILTER, DEFAULT_FILTER_UNTAGGED, '']);
  assert.equal(safeName('../etc'), false);
  assert.equal(safeName('eth0.100'), true);
});

test('wall clock: close to Date.now(), monotonic, nanoseconds in range; calibrated to the millisecond edges', () => {
  const c = new EpochClock();
  c.calibrate();
  const s: Stamp = { sec: 0, nsec: 0 };
  let prev = 0;
  for (let i = 0; i < 1000; i++) {
    c.now(s);
    assert.ok(s.nsec >= 0 && s.nsec < 1e9 && Number.isInteger(s.nsec));
    const t = s.sec * 1e9 + s.nsec;
    assert.ok(t >= prev, 'monotonic');
    prev = t;
  }
  c.now(s);
  const ms = s.sec * 1e3 + s.nsec / 1e6;
  assert.ok(Math.abs(ms - Date.now()) < 2, `within 2 ms of Date.now() (${ms - Date.now()})`);
  // Right after Date.now() ticks, the clock reads that millisecond plus very little. A virtual
  // machine's wall clock may be corrected in steps of half a millisecond every hundred or so
  // milliseconds (measured on the project's VM on 2026-12-01: the offset of Date.now()'s edges
  // from the monotonic clock went -0.99, -0.99, ..., -1.49 ms within 0.1 s, and this test failed
  // 2 runs in 10), so a step between calibrating and looking is no fault of the calibration: it
  // is calibrated afresh and looked at again, up to three times.
  let best = Infinity;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt > 0) c.calibrate();
    const offsets: number[] = [];
    for (let k = 0; k < 10; k++) {
      const d0 = Date.now();
      let d = d0;
      let e = 0;
      while (d === d0) {
        d = Date.now();
        e = c.nowMs();
      }
      offsets.push(e - d);
    }
    best = Math.min(...offsets);
    if (best > -0.1 && best < 0.2) break;
  }
  assert.ok(best > -0.1 && best < 0.2, `offset at a millisecond edge ${best.toFixed(4)} ms`);
  assert.equal(c.check(), 0, 'no clock step');
});

test('link types and open errors from cap', () => {
  assert.equal(capLinkType('ETHERNET'), 1);
  assert.equal(capLinkType('LINKTYPE_LINUX_SLL'), 113);
  assert.equal(capLinkType('RAW'), 101);
  assert.equal(capLinkType('NULL'), 0);
  assert.equal(capLinkType('IEEE802_11_RADIO'), 127);
  assert.equal(capLinkType('Unknown linktype 239'), 239);
  assert.equal(capLinkType('Unknown linktype 12'), 101);
  assert.equal(capLinkType('Unknown linktype 276'), 276);
  assert.equal(classifyOpenError('socket: Operation not permitted'), 'permission');
  assert.equal(
    classifyOpenError(
      "You don't have permission to perform this capture on that device (socket: Operation not permitted)",
    ),
    'permission',
  );
  assert.equal(classifyOpenError('No such device exists'), 'nodevice');
  assert.equal(classifyOpenError('That device is not up'), 'notup');
  assert.equal(classifyOpenError("can't parse filter expression: syntax error"), 'other');
  assert.match('Warning: eth0.100: no IPv4 address assigned - This may not actually work', LOOKUPNET_WARNING);
  assert.match('Warning: SIOCGIFADDR: nosuch0: No such device - This may not actually work', LOOKUPNET_WARNING);
});

test('netmask to prefix length', () => {
  assert.equal(prefixLength('255.255.255.0'), 24);
  assert.equal(prefixLength('255.0.0.0'), 8);
  assert.equal(prefixLength('0.0.0.0'), 0);
  assert.equal(prefixLength('255.255.255.255'), 32);
  assert.equal(prefixLength('255.0.255.0'), -1);
  assert.equal(prefixLength('ffff:ffff:ffff:ffff::'), 64);
  assert.equal(prefixLength('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'), 128);
  assert.equal(prefixLength('ffff:ff80::'), 25);
  assert.equal(prefixLength('::ffff'), -1);
});

test('interface lines: aligned name and flags, addresses, description; control characters escaped', () => {
  const lines = formatInterfaces([
    { name: 'eth0', addresses: ['192.0.2.2/24', 'fe80::1/64'], flags: ['up'] },
    { name: 'lo', addresses: ['127.0.0.1/8'], flags: ['loopback', 'up'] },
    { name: 'any', description: 'Pseudo-device that captures on all interfaces', addresses: [] },
    { name: 'bad\x1b[31m', addresses: [], flags: ['down'] },
  ]);
  assert.deepEqual(lines, [
    'eth0         up           192.0.2.2/24 fe80::1/64',
    'lo           loopback,up  127.0.0.1/8',
    'any                       (Pseudo-device that captures on all interfaces)',
    'bad\\x1b[31m  down',
  ]);
});

test('vrrpscope interfaces lists the loopback interface', { skip: !HAVE_CAP && 'the cap binding is not built' }, () => {
  const r = spawnSync(process.execPath, [CLI, 'interfaces'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  const lo = r.stdout.split('\n').find((l) => l.startsWith('lo '));
  assert.ok(lo, r.stdout);
  assert.match(lo, /^lo +loopback,up +127\.0\.0\.1\/8/);
});

test('vrrpscope interfaces without the cap binding: what to install, exit status 2', () => {
  const copy = join(dir, 'nocap');
  cpSync(BUILD_SRC, join(copy, 'src'), { recursive: true });
  writeFileSync(join(copy, 'package.json'), '{"type":"module"}');
  const script = `import(${JSON.stringify(join(copy, 'src/commands/interfaces.js'))}).then((m) => m.interfacesCommand()).then((c) => { process.exitCode = c; })`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(
    r.stderr,
    /^vrrpscope: error: live capture is not available: the optional packet capture binding "cap" is not installed; install libpcap-dev .*\n$/,
  );
});
