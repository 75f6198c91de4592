/** The text report's words: what a capture without VRRP held, epoch times, intervals in seconds. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ETHERTYPE, IPPROTO, ethernet, ipv4, tcp } from '../support/frames.js';
import { LINKTYPE, writePcap } from '../support/pcap-writer.js';
import { CAPTURES, CLI } from '../support/paths.js';

const analyze = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, 'analyze', '--format', 'text', ...args], { encoding: 'utf8' });

test('a capture of 108 TCP frames says so, that none is VRRP/ARP/ND, and the likely reasons', () => {
  const packets = Array.from({ length: 108 }, (_, i) => ({
    ts: { sec: 1_795_478_400 + i, nsec: 0 },
    data: ethernet({
      dst: '02:00:00:00:00:02',
      src: '02:00:00:00:00:01',
      type: ETHERTYPE.IPV4,
      payload: ipv4({
        src: '10.0.0.1',
        dst: '10.0.0.2',
        proto: IPPROTO.TCP,
        payload: tcp({ src: '10.0.0.1', dst: '10.0.0.2', srcPort: 40000, dstPort: 80, payload: Buffer.alloc(10) }),
      }),
    }),
  }));
  const file = join(mkdtempSync(join(tmpdir(), 'vrrpscope-tcp-')), 'tcp.pcap');
  writeFileSync(file, writePcap({ linkType: LINKTYPE.ETHERNET, packets }));
  const r = analyze(file);
  assert.equal(r.status, 0);
  const [first, second] = r.stdout.split('\n');
  assert.equal(first, `${file}: 108 frames, none of them VRRP, ARP or neighbor discovery`);
  assert.match(second, /capture filter .* wrong interface, .*unicast/);
  assert.doesNotMatch(r.stdout, /no frames/);
});

test('--time epoch: epoch times alone, never after a calendar date; VRRPv3 intervals in seconds', () => {
  const r = analyze('--time', 'epoch', join(CAPTURES, 'real', 'master-crash-preempt.pcap'));
  const head = r.stdout.split('\n')[0];
  assert.match(head, /: \d+ frames, epoch \d{10}\.\d{6} to \d{10}\.\d{6} \(\d+\.\d s\)$/);
  assert.doesNotMatch(head, /\d{4}-\d\d-\d\d/);
  const v3 = analyze(join(CAPTURES, 'real', 'v3-ipv6.pcap')).stdout;
  assert.match(v3, /VRRPv3/);
  assert.doesNotMatch(v3, /\d+ cs/, 'no centiseconds in the text report');
  assert.match(v3, / 1 s +v3 /);
});
