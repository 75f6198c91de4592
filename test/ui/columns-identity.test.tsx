/**
 * Component tests: the group table's column priority on narrow terminals (the master with its
 * priority and the status are never cut before a less important column goes), and the router
 * letters (one per router across groups and live snapshots).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { GroupTable } from '../../src/ui/group-table.js';
import { ViewModelBuilder, viewModel, type GroupRow } from '../../src/ui/view-model.js';
import { Scenario, type RouterSpec } from '../support/scenario.js';
import { lines, plain } from './helpers.js';

const V6A: RouterSpec = { address: 'fe80::200:ff:fe00:a1', mac: '02:00:00:00:00:a1', priority: 254 };
const V6B: RouterSpec = { address: 'fe80::200:ff:fe00:b2', mac: '02:00:00:00:00:b2', priority: 100 };

/** A healthy IPv4 group with many backups heard, a split brain and an IPv6 group, 30 s. */
function narrowCase(): GroupRow[] {
  const s = new Scenario({ vrid: 51, addresses: ['10.99.0.100'] });
  const v4 = (n: number, priority: number): RouterSpec => ({
    address: `10.99.0.${n}`,
    mac: `02:99:00:00:00:${String(n).padStart(2, '0')}`,
    priority,
    vlan: [10],
  });
  // Backups are heard when each was master once: four short masters, then 10.99.0.1 for good.
  [2, 3, 4, 5].forEach((n, i) => s.every(i * 2, i * 2 + 1, 1, v4(n, 100 + n)));
  s.every(8, 30, 1, v4(1, 200));
  // VRID 52: two masters at once.
  const a = { ...v4(11, 150), vrid: 52 };
  const b = { ...v4(12, 140), vrid: 52 };
  s.every(0, 30, 1, a, { addresses: ['10.99.1.100'] });
  s.every(10, 30, 1, b, { addresses: ['10.99.1.100'] });
  // VRID 53, IPv6.
  s.every(0, 30, 1, { ...V6A, vrid: 53 }, { addresses: ['2001:db8:53::1'] });
  return viewModel(s.analyze(), { title: 'narrow' }).groups;
}

function table(groups: GroupRow[], width: number): string[] {
  const { lastFrame, unmount } = render(<GroupTable groups={groups} selected={0} width={width} />);
  const out = lines(plain(lastFrame()));
  unmount();
  return out;
}

test('column priority: at 80 columns every master is shown whole with its priority, IPv6 too', () => {
  const groups = narrowCase();
  const rows = table(groups, 80);
  const wide = table(groups, 200);
  assert.match(wide[0], /VLAN +VRID +IP +VIRTUAL +MASTER \(PRIO\) +BACKUPS +LAST ADVERT +STATUS +FINDINGS/);
  assert.ok(rows.every((l) => [...l].length <= 80));
  const text = rows.join('\n');
  assert.match(text, /[A-Z] 10\.99\.0\.1 \(200\)/, 'the healthy master and its priority');
  assert.match(text, /10\.99\.0\.12 \(140\), \S 10\.99\.0\.11 \(150\)|10\.99\.0\.11 \(150\), \S 10\.99\.0\.12 \(140\)/);
  assert.match(text, /fe80::200:ff:fe00:a1 \(254\)/, 'the IPv6 master whole');
  assert.match(text, /!! SPLIT BRAIN/, 'the status whole');
  assert.doesNotMatch(rows[0], /BACKUPS/, 'BACKUPS went before anything of the master');
});

test('column priority: columns go in the documented order as the terminal narrows', () => {
  const groups = narrowCase();
  const order = ['IP', 'BACKUPS', 'FINDINGS', 'VIRTUAL', 'LAST ADVERT'];
  let dropped: string[] = [];
  for (let width = 200; width >= 40; width -= 2) {
    const head = table(groups, width)[0];
    const gone = order.filter((c) => !new RegExp(`(^|\\s)${c.replace(/[()]/g, '\\$&')}(\\s|$)`).test(head));
    assert.deepEqual(gone, order.slice(0, gone.length), `at ${width}: ${head}`);
    assert.ok(gone.length >= dropped.length, 'a column never comes back when narrower');
    dropped = gone;
    assert.match(head, /VRID/);
    assert.match(head, /STATUS/, `STATUS kept at ${width}`);
  }
  assert.ok(dropped.length >= 4, `most columns dropped by 40 columns: ${dropped.join(', ')}`);
});

test('router identity: one letter per router (its MAC) across groups, kept as routers appear', () => {
  // Box 1 and box 2 serve VLAN 10 and VLAN 20, from one MAC each but other addresses.
  const box = (n: number, vlan: number, priority: number): RouterSpec => ({
    address: `10.${vlan}.0.${n}`,
    mac: `02:00:00:00:00:0${n}`,
    priority,
    vlan: [vlan],
  });
  const first = new Scenario();
  first.every(0, 10, 1, box(1, 10, 150));
  first.every(0, 10, 1, box(2, 20, 150));
  const builder = new ViewModelBuilder();
  const m1 = builder.build(first.analyze(), { title: 'live', live: true });
  const letter = (m: typeof m1, vlan: number, address: string) =>
    m.groups.find((g) => g.vlan[0] === vlan)?.letters.get(address);
  assert.equal(letter(m1, 10, '10.10.0.1'), 'A');
  assert.equal(letter(m1, 20, '10.20.0.2'), 'B');

  // Later: box 1 takes VLAN 20 over, and a third router (box 3) appears on VLAN 10.
  const later = new Scenario();
  later.every(0, 10, 1, box(1, 10, 150));
  later.every(0, 10, 1, box(2, 20, 150));
  later.every(10.5, 20, 1, box(1, 20, 200));
  later.every(11, 20, 1, box(3, 10, 250));
  const m2 = builder.build(later.analyze(), { title: 'live', live: true });
  assert.equal(letter(m2, 10, '10.10.0.1'), 'A', 'A stays A');
  assert.equal(letter(m2, 20, '10.20.0.1'), 'A', 'the same box on another VLAN is the same letter');
  assert.equal(letter(m2, 20, '10.20.0.2'), 'B', 'B stays B');
  assert.equal(letter(m2, 10, '10.10.0.3'), 'C', 'a new router takes the next letter');
  assert.deepEqual(
    m2.legend.map((e) => [e.letter, e.name, e.addresses]),
    [
      ['A', '02:00:00:00:00:01', ['10.10.0.1', '10.20.0.1']],
      ['B', '02:00:00:00:00:02', ['10.20.0.2']],
      ['C', '02:00:00:00:00:03', ['10.10.0.3']],
    ],
  );
  // Drawn: the table names box 1 "A" in both groups.
  const rows = table(m2.groups, 160).join('\n');
  assert.match(rows, /A 10\.10\.0\.1 \(150\)|C 10\.10\.0\.3 \(250\)/);
  assert.match(rows, /A 10\.20\.0\.1 \(200\)/);
});

test('router identity: routers advertising from the virtual MAC (FRR, Cisco) are told apart by address', () => {
  const vmac = '00:00:5e:00:01:33';
  const s = new Scenario({ vrid: 51, addresses: ['10.99.0.100'] });
  s.every(0, 5, 1, { address: '10.99.0.1', mac: vmac, priority: 150 });
  s.every(6, 12, 1, { address: '10.99.0.2', mac: vmac, priority: 100 });
  s.every(0, 12, 1, V6B, { addresses: ['2001:db8::1'], vrid: 51 });
  const m = viewModel(s.analyze(), { title: 'frr' });
  const g = m.groups.find((x) => x.family === 'ipv4')!;
  assert.equal(g.letters.get('10.99.0.1'), 'A');
  assert.equal(g.letters.get('10.99.0.2'), 'C');
  assert.deepEqual(
    m.legend.map((e) => e.name),
    ['10.99.0.1', '02:00:00:00:00:b2', '10.99.0.2'],
  );
});
