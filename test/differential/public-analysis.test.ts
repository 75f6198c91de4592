/**
 * The analyzer on the public captures in ../shared/public-captures: the histories their README
 * describes (written by whoever collected them, not by us), and no finding a reader of the capture
 * would call false.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeCaptures } from '../../src/commands/analyze.js';
import type { Report } from '../../src/report/types.js';
import { HAVE_PUBLIC_CAPTURES, NO_PUBLIC_CAPTURES, PUBLIC_CAPTURES } from '../support/paths.js';

async function analyze(file: string): Promise<Report> {
  return (await analyzeCaptures([join(PUBLIC_CAPTURES, file)], { rules: {}, showSecrets: false })).report;
}

const history = (r: Report) =>
  r.groups.flatMap((g) => g.transitions.map((t) => `${g.id} ${t.from ?? '-'} -> ${t.to} ${t.cause}`));

if (!HAVE_PUBLIC_CAPTURES) {
  test('public captures: analysis', { skip: NO_PUBLIC_CAPTURES }, () => {});
} else {
  test('Cisco failover (packetlife): R1 goes down, R3 wins the tie with R2 after Master_Down_Interval', async () => {
    const r = await analyze('packetlife-VRRP_failover.cap');
    assert.deepEqual(history(r), [
      'ipv4/vrid1 - -> 192.168.0.10 startup',
      'ipv4/vrid1 192.168.0.10 -> 192.168.0.30 master-down',
    ]);
    const t = r.groups[0].transitions[1];
    assert.ok(
      Math.abs(t.delay! - t.expectedDelay!) < 0.1,
      `delay ${t.delay} vs Master_Down_Interval ${t.expectedDelay}`,
    );
    // R2 (.20) offered once and yielded to R3 (.30): equal priorities, decided by the higher address.
    assert.deepEqual(
      r.findings.map((f) => [f.rule, f.routers]),
      [['priority-conflict', ['192.168.0.20', '192.168.0.30']]],
    );
  });

  test('Cisco preemption (packetlife): R1 (200) returns and preempts R3 (100); nothing wrong', async () => {
    const r = await analyze('packetlife-VRRP_preempt.cap');
    assert.deepEqual(history(r), [
      'ipv4/vrid1 - -> 192.168.0.30 startup',
      'ipv4/vrid1 192.168.0.30 -> 192.168.0.10 preemption',
    ]);
    assert.deepEqual(r.findings, []);
  });

  test('tcpdump lab: 5 groups, 7 routers preempting by priority; only the plain-text password flagged', async () => {
    const r = await analyze('tcpdump-vrrp.pcap');
    assert.deepEqual(
      r.groups.map((g) => g.id),
      ['ipv4/vrid42', 'ipv4/vrid43', 'ipv4/vrid44', 'ipv6/vrid45', 'ipv6/vrid46'],
    );
    for (const g of r.groups) {
      assert.equal(g.routers.length, 7, g.id);
      assert.deepEqual(
        g.transitions.map((t) => t.cause),
        ['startup', ...new Array<string>(6).fill('preemption')],
        g.id,
      );
      // Each preemption is by a higher priority than the master it replaced.
      const prio = (a: string) => g.routers.find((x) => x.address === a)!.priorities[0];
      for (const t of g.transitions.slice(1)) assert.ok(prio(t.to) > prio(t.from!), `${g.id}: ${t.from} -> ${t.to}`);
    }
    assert.deepEqual([...new Set(r.findings.map((f) => `${f.rule} ${f.group}`))], ['plaintext-auth ipv4/vrid42']);
  });

  test('nDPI VRRPv3/IPv6 in VLAN 36: one group keyed by its VLAN; fe80::1 (105) preempts fe80::2 (100)', async () => {
    const r = await analyze('ndpi-vrrp3.pcapng');
    assert.deepEqual(history(r), [
      'vlan36/ipv6/vrid36 - -> fe80::2 startup',
      'vlan36/ipv6/vrid36 fe80::2 -> fe80::1 preemption',
    ]);
    assert.deepEqual(r.findings, []);
  });

  test('OpenBSD CARP is not mistaken for VRRP: no groups', async () => {
    const r = await analyze('libpcap-carp.pcap');
    assert.deepEqual([r.groups.length, r.counts.carp, r.findings.length], [0, 5, 0]);
  });

  test('no error-level finding on any real-traffic capture (fuzz corpora excepted)', async () => {
    const files = readdirSync(PUBLIC_CAPTURES).filter((f) => /\.(pcap|pcapng|cap)$/.test(f));
    // tcpdump's *oobr* files are fuzzer output (bit-flipped MACs do claim the same addresses,
    // checksums are wrong): findings there are true but say nothing about real networks.
    const real = files.filter((f) => !/oobr/.test(f));
    assert.ok(real.length >= 38);
    for (const f of real) {
      const r = await analyze(f);
      const errors = r.findings.filter((x) => x.severity === 'error');
      assert.deepEqual(
        errors.map((e) => `${e.rule}: ${e.message}`),
        [],
        f,
      );
    }
  });
}
