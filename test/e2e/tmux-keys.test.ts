/**
 * Every key in a real terminal (tmux), on the 40-group recording (test/support/forty-groups.ts,
 * written to a temporary directory: deterministic, so the screens below are exact),
 * at 80x24 and 200x60, with NO_COLOR. The screens are checked against readable expectations: the
 * lines quoted below are what an operator sees.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fortyGroupsPcap } from '../support/forty-groups.js';
import { CAPTURES, CLI } from '../support/paths.js';

const HAVE_TMUX = spawnSync('sh', ['-c', 'command -v tmux']).status === 0;
const CAPTURE = join(mkdtempSync(join(tmpdir(), 'vrrpscope-40-')), 'synth-40-groups.pcap');
writeFileSync(CAPTURE, fortyGroupsPcap(60));

class Term {
  constructor(
    readonly name: string,
    columns: number,
    rows: number,
    capture = CAPTURE,
  ) {
    const cmd = `env -u CI NO_COLOR=1 node ${CLI} analyze ${capture}; echo "EXIT=$? ECHO=$(stty -a | grep -c ' echo ')"; sleep 30`;
    execFileSync('tmux', ['new-session', '-d', '-s', name, '-x', String(columns), '-y', String(rows), cmd]);
  }
  screen = () => execFileSync('tmux', ['capture-pane', '-p', '-t', this.name], { encoding: 'utf8' });
  /** Keys as tmux key names (Enter, Escape, PageDown) or literal text sent in one write (-l). */
  keys = (...k: string[]) => execFileSync('tmux', ['send-keys', '-t', this.name, ...k]);
  burst = (text: string) => execFileSync('tmux', ['send-keys', '-t', this.name, '-l', text]);
  async until(re: RegExp, ms = 8000): Promise<string> {
    const end = Date.now() + ms;
    let last = '';
    while (Date.now() < end) {
      last = this.screen();
      if (re.test(last)) return last;
      await sleep(100);
    }
    assert.fail(`screen never matched ${re}:\n${last}`);
  }
  /** The selected row of the group table. */
  selected = () =>
    this.screen()
      .split('\n')
      .find((l) => /^>\s+\d+\s+\d+\s/.test(l)) ?? '';
  close = () => spawnSync('tmux', ['kill-session', '-t', this.name]);
}

test(
  '80x24, NO_COLOR: problems first, the master with its priority, every key, bursts',
  { skip: HAVE_TMUX ? false : 'needs tmux', timeout: 60_000 },
  async () => {
    const t = new Term(`vrrpscope-keys-${process.pid}`, 80, 24);
    try {
      const main = await t.until(/LEGEND/);
      // The first lines an operator sees (trailing spaces aside):
      //   vrrpscope   !! 1 SPLIT BRAIN, 1 NO MASTER   2 errors  analyze .../synth-40-groups.pcap
      //     VLAN VRID MASTER (PRIO)                          LAST ADVERT   STATUS
      //   > 102     2 B 10.102.2.3 (196), A 10.102.2.2 (200) 0.3/3.6 s     !! SPLIT BRAIN
      //     103     3 none                                   45.7/3.6 s !! !! NO MASTER
      //     101     1 A 10.101.1.2 (200)                     1.0/3.6 s     master
      assert.match(main, /^vrrpscope {3}!! 1 SPLIT BRAIN, 1 NO MASTER {3}2 errors/m);
      assert.match(main, /^> 102 +2 B 10\.102\.2\.3 \(196\), A 10\.102\.2\.2 \(200\) +0\.3\/3\.6 s +!! SPLIT BRAIN$/m);
      assert.match(main, /^ {2}103 +3 none +45\.7\/3\.6 s !! !! NO MASTER$/m);
      assert.match(main, /^ {2}101 +1 A 10\.101\.1\.2 \(200\) +1\.0\/3\.6 s +master$/m);
      assert.match(main, /^LEGEND {2}A 10\.101\.1\.2 \+39 {2}B 10\.101\.1\.3 \+1$/m, 'one letter per box, all groups');
      // eslint-disable-next-line no-control-regex -- looking for color codes is the point
      assert.doesNotMatch(main, /\x1b\[3\dm/, 'NO_COLOR');

      // A burst: "jjj" in one write moves three rows.
      t.burst('jjj');
      await t.until(/^> 101 +2 /m);
      t.burst('kk');
      await t.until(/^> 103 +3 /m);
      t.keys('G');
      await t.until(/^> 110 +4 /m);
      // The last group is IPv6: its master with its priority at 80 columns.
      assert.match(t.selected(), /A fe80::40:ff:fe00:6e4a \(200\)/);
      t.keys('g');
      await t.until(/^> 102 +2 /m);
      // The mouse wheel (the report a terminal sends in SGR mouse mode): down twice, up once.
      t.burst('\u001b[<65;10;5M\u001b[<65;10;5M');
      await t.until(/^> 101 +1 /m);
      t.burst('\u001b[<64;10;5M');
      await t.until(/^> 103 +3 /m);
      t.keys('g');
      await t.until(/^> 102 +2 /m);

      // s: by VRID, then by VLAN, then problems first again.
      t.keys('s');
      await t.until(/sorted by VRID/);
      // By VRID (then VLAN), the selection staying on its group: VRID 1 of VLAN 110, then VRID 2 from VLAN 101.
      assert.match(
        t.screen(),
        /^ {2}110 +1 A 10\.110\.1\.2 \(200\)[^\n]*\n {2}101 +2 A 10\.101\.2\.2 \(200\)[^\n]*\n> 102 +2 /m,
      );
      t.burst('ss');
      await t.until(/^> 102 +2 B 10\.102\.2\.3/m);

      // /: filter, typed in one burst with its Enter; Esc clears it.
      t.burst('/vlan:103');
      await t.until(/^\/vlan:103_/m);
      t.keys('Enter');
      const filtered = await t.until(/filter "vlan:103": 4 of 40/);
      assert.match(
        filtered,
        /^> 103 +3 10\.103\.3\.1 +none +45\.7\/3\.6 s !! !! NO MASTER 1 err$/m,
        'problems first within the filter',
      );
      t.keys('Escape');
      await t.until(/^vrrpscope(?!.*filter)/m);

      // ?: the help lists every key.
      t.keys('?');
      const help = await t.until(/^KEYS/m);
      for (const k of ['j / k', 'g / G', 'Enter', 'PgUp / PgDn', 'mouse wheel', '/', 'Esc', 's', 'l', '?', 'q'])
        assert.ok(
          help.split('\n').some((l) => l.startsWith(`  ${k}`)),
          `help lists ${k}`,
        );
      t.keys('Escape');
      await t.until(/LEGEND/);

      // l: the log, full screen, newest at the bottom; k goes back, G follows again.
      t.keys('l');
      const log = await t.until(/^LOG {2}43 transitions, 3 findings/m);
      assert.match(log, /preemption/);
      t.burst('kkkkk');
      await t.until(/5 newer below/);
      t.keys('G');
      await t.until(/older: PgUp; following/);
      t.keys('Escape');

      // Enter: the detail of the selected group, with the owners of the virtual address.
      t.keys('Enter');
      const detail = await t.until(/^VRID 2 IPv4 VLAN 102 VRRPv2 {2}!! SPLIT BRAIN/m);
      // At 80 columns the MAC goes before when each router was last heard:
      //   A  10.102.2.2  200   00:00:59.125 (1s ago)  master  -
      assert.match(detail, /^ {2}A {2}10\.102\.2\.2 {2}200 {3}00:00:59\.125 \(1s ago\) {2}master/m);
      assert.match(detail, /acting as master: 10\.102\.2\.3 \(196\), 10\.102\.2\.2 \(200\)/);
      t.keys('PageDown');
      t.keys('PageDown');
      t.keys('PageDown');
      await t.until(/ADDRESS OWNERS|FINDINGS/);
      t.keys('Escape');
      await t.until(/LEGEND/);

      t.keys('q');
      const after = await t.until(/EXIT=\d+ ECHO=\d/);
      assert.match(after, /EXIT=1 /, 'split brain and no master are errors');
      assert.match(after, /ECHO=1/, 'the terminal is back in cooked mode');
      // eslint-disable-next-line no-control-regex -- the mouse mode must be off again
      assert.doesNotMatch(after, /\x1b\[<\d/, 'no mouse reports echoed after exit');
    } finally {
      t.close();
    }
  },
);

test(
  '200x60: all columns, and 20 presses 100 ms apart move 20 rows',
  { skip: HAVE_TMUX ? false : 'needs tmux', timeout: 60_000 },
  async () => {
    const t = new Term(`vrrpscope-wide-${process.pid}`, 200, 60);
    try {
      const main = await t.until(/LEGEND/);
      //   VLAN  VRID  IP  VIRTUAL     MASTER (PRIO)                       BACKUPS ...  STATUS          FINDINGS
      assert.match(main, /VLAN +VRID +IP +VIRTUAL +MASTER \(PRIO\) +BACKUPS +LAST ADVERT +STATUS +FINDINGS/);
      assert.match(
        main,
        /^> +102 +2 +v4 +10\.102\.2\.1 +B 10\.102\.2\.3 \(196\), A 10\.102\.2\.2 \(200\) .*!! SPLIT BRAIN +1 err 1 warn$/m,
      );
      for (let i = 0; i < 20; i++) {
        t.keys('j');
        await sleep(100);
      }
      // Problems first: 102/2, 103/3, then the 38 healthy groups by VLAN: the 21st row is VLAN 106 VRID 1.
      await t.until(/^> +106 +1 /m, 5000);

      // The detail of VLAN 101 VRID 1: the timers of the backup actually heard, the failover, the
      // owners of the virtual address.
      t.burst('/vlan:101 vrid:1\r\r');
      const d = await t.until(/ADDRESS OWNERS/);
      //   advertisement interval 1 s (10.101.1.2, v2); Master_Down_Interval 3.254 s = 3 x 1 s + Skew_Time
      //   0.254 s for the first backup to take over, 10.101.1.3 (priority 191); ...
      assert.match(
        d.replace(/\n\s*/g, ' '),
        /Master_Down_Interval 3\.254 s = 3 x 1 s \+ Skew_Time 0\.254 s for the first backup to take over, 10\.101\.1\.3 \(priority 191\)/,
      );
      assert.match(d, /00:00:22\.254 +10\.101\.1\.2 +B 10\.101\.1\.3 +master-down +3\.254 s +3\.254 s/);
      assert.match(d, /00:00:40\.000 +10\.101\.1\.3 +A 10\.101\.1\.2 +preemption/);
      assert.match(d, /10\.101\.1\.1 +02:40:00:00:00:0a +A 10\.101\.1\.2 /);
      assert.match(d, /10\.101\.1\.1 +02:40:00:00:00:0b +B 10\.101\.1\.3 /);
      assert.match(d, /B 10\.101\.1\.3: 191; now 191; as master 191 00:00:22-00:00:39/, 'priorities over time');
      t.keys('q');
      await t.until(/EXIT=\d+ ECHO=1/);
    } finally {
      t.close();
    }
  },
);

test(
  'the real 40-group keepalived recording at 80x24: two letters for 80 router entries, bursts, q',
  { skip: HAVE_TMUX ? false : 'needs tmux', timeout: 60_000 },
  async () => {
    const t = new Term(`vrrpscope-real40-${process.pid}`, 80, 24, join(CAPTURES, 'real', 'forty-groups.pcap'));
    try {
      const main = await t.until(/LEGEND/);
      // r1 crashed, r2 took every group over: B everywhere now, the same letters in every row.
      //     VRID IP VIRTUAL     MASTER (PRIO)     BACKUPS      LAST ADVERT STATUS FINDINGS
      //   >    1 v4 10.99.0.101 B 10.99.0.2 (100) A 10.99.0.1… 0.1/3.6 s   master -
      //   LEGEND  A 10.99.0.1  B 10.99.0.2
      assert.match(
        main,
        /^LEGEND {2}A 02:99:00:00:00:01 {2}B 02:99:00:00:00:02$|^LEGEND {2}A 10\.99\.0\.1 {2}B 10\.99\.0\.2$/m,
      );
      const rows = main.split('\n').filter((l) => /^[> ] +\d+ v4 10\./.test(l));
      assert.equal(rows.length, 5);
      for (const r of rows) assert.match(r, /B 10\.99\.0\.2 \(100\)/, `the master with its priority: ${r}`);
      t.burst('jjjj');
      await t.until(/^> +5 v4 10\.99\.0\.105 /m);
      t.keys('G');
      await t.until(/^> +40 v4 10\.99\.0\.140 B 10\.99\.0\.2 \(100\)/m);
      t.keys('q');
      await t.until(/EXIT=\d+ ECHO=1/);
    } finally {
      t.close();
    }
  },
);
