/** `packets` for tshark users: --vrid, --router, --vlan, --from/--to, --time, -v, -x. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { hexLines, parseTimeBound, timeColumn } from '../../src/render/packet-detail.js';
import { CAPTURES, CLI } from '../support/paths.js';

const REAL = join(CAPTURES, 'real', 'master-crash-preempt.pcap');
const VLANS = join(CAPTURES, 'synth-vlan-stacks.pcap');

function packets(...args: string[]): { out: string[]; err: string; status: number | null } {
  const r = spawnSync(process.execPath, [CLI, 'packets', ...args], { encoding: 'utf8' });
  return { out: r.stdout.split('\n').filter(Boolean), err: r.stderr, status: r.status };
}

test('--vrid, --router and --vlan select packets; the selections combine', () => {
  const all = packets(REAL).out;
  const r2 = packets(REAL, '--router', '10.99.0.2').out;
  assert.ok(r2.length > 0 && r2.length < all.length);
  assert.ok(
    r2.every((l) => /10\.99\.0\.2 > |02:99:00:00:00:02 /.test(l)),
    r2.join('\n'),
  );
  assert.ok(packets(REAL, '--router', '02:99:00:00:00:02').out.length >= r2.filter((l) => /VRRP/.test(l)).length);
  assert.equal(packets(REAL, '--vrid', '52').out.length, 0);
  const v51 = packets(REAL, '--vrid', '51').out;
  assert.ok(v51.length > 0 && v51.every((l) => /vrid 51/.test(l)));
  const tagged = packets(VLANS, '--vlan', '201').out;
  assert.equal(tagged.length, 2, 'the advert and the GARP under 200.201');
  assert.ok(tagged.every((l) => /vlan 200\.201/.test(l)));
  const bad = packets(REAL, '--vrid', '300');
  assert.equal(bad.status, 2);
  assert.match(bad.err, /expected a VRID, 0 to 255/);
});

test('--from/--to: relative to the first frame, or absolute; --time relative and delta', () => {
  const window = packets(REAL, '--from', '+8', '--to', '+9', '--time', 'relative').out;
  assert.ok(window.length > 0);
  for (const l of window) {
    const t = Number(l.trim().split(/\s+/)[1]);
    assert.ok(t >= 8 && t <= 9, l);
  }
  const first = packets(REAL, '--time', 'epoch', '-n', '1').out[0].trim().split(/\s+/)[1];
  const abs = packets(REAL, '--from', String(Number(first) + 8), '--to', String(Number(first) + 9)).out;
  assert.equal(abs.length, window.length, 'the same window given as epoch seconds');
  const delta = packets(REAL, '--time', 'delta', '-n', '3').out.map((l) => l.trim().split(/\s+/)[1]);
  assert.equal(delta[0], '0.000000');
  assert.ok(delta.slice(1).every((d) => /^\d+\.\d{6}$/.test(d)));
  assert.match(
    packets(REAL, '--time', 'local', '-n', '1').out[0],
    /^\s+1 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}[+-]\d\d:\d\d /,
  );
  assert.deepEqual(parseTimeBound('+2m'), { rel: 120 });
  assert.deepEqual(parseTimeBound('2026-11-24T00:00:10Z'), { abs: 1795478410 });
  assert.equal(parseTimeBound('yesterday'), null);
  assert.equal(timeColumn({ sec: 10, nsec: 5_000 }, 'relative', [9, 999_000_000], null), '0.001005');
});

test('-v lists every field of every layer; -x dumps the bytes with control characters as dots', () => {
  const v = packets(REAL, '-n', '1', '-v').out.join('\n');
  for (const f of [
    'Frame',
    'Link',
    'IPv4',
    'VRRPv2',
    'VRID: 51',
    'priority: 150',
    'advertisement interval: 1 s (100 cs on the wire)',
    'checksum: 0x',
  ])
    assert.ok(v.includes(f), `-v shows ${f}:\n${v}`);
  const x = packets(REAL, '-n', '1', '-x').out;
  assert.match(x[1], /^ {4}0x0000: {2}0100 5e00 0012 0299 0000 0001 0800 45c0 {2}\.\.\^\.\.\.\.\.\.\.\.\.\.\.E\.$/);
  const dump = hexLines(Buffer.from('\x1b]0;evil\x07\x9b31m ok', 'latin1')).join('\n');
  // eslint-disable-next-line no-control-regex -- no control character may reach the terminal
  assert.doesNotMatch(dump, /[\x00-\x1f\x7f-\x9f]/);
  assert.match(dump, /\.\]0;evil\.\.31m ok/);
});
