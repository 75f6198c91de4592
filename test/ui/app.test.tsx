import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { App, renderApp, screen } from '../../src/ui/app.js';
import { Detail } from '../../src/ui/detail.js';
import { GroupTable, STATUS_TEXT } from '../../src/ui/group-table.js';
import { colorFromEnv, rowText } from '../../src/ui/lines.js';
import { ProgressBar } from '../../src/ui/progress.js';
import { progressText } from '../../src/ui/progress-text.js';
import { initialState } from '../../src/ui/state.js';

/** Groups in VRID order (the default sort puts problems first). */
const byVrid = { ...initialState, sort: 'vrid' as const };
import type { ViewModel } from '../../src/ui/view-model.js';
import {
  FakeStdin,
  FakeStdout,
  keyboardReady,
  lines,
  plain,
  realModel,
  settle,
  threeGroups,
  waitFor,
  widest,
} from './helpers.js';

const DOWN = '\u001b[B';
const UP = '\u001b[A';

/** The line of the group table marked selected (">"). */
const selectedRow = (frame: string | undefined) => lines(frame).find((l) => /^>\s+\d+\s/.test(l)) ?? '';

test('group table: master, SPLIT BRAIN and NO MASTER, in words', () => {
  const m = threeGroups();
  const { lastFrame, unmount } = render(<GroupTable groups={m.groups} selected={0} width={120} />);
  const f = plain(lastFrame());
  unmount();
  const [head, healthy, split, none] = lines(f);
  assert.match(head, /VRID.*MASTER \(PRIO\).*BACKUPS.*LAST ADVERT.*STATUS/);
  assert.match(
    healthy,
    /^>\s+10\s+v4\s+10\.0\.0\.100\s+A 10\.0\.0\.1 \(150\)\s+B 10\.0\.0\.2 \(100\)\s+0\.4\/3\.6 s\s+master\s+-$/,
  );
  assert.match(
    split,
    /D 10\.0\.0\.4 \(100\), C 10\.0\.0\.3 \(150\)/,
    'one letter per router: C and D, not A and B again',
  );
  assert.match(split, /10\.0\.0\.3 \(150\)/, 'both masters named');
  assert.match(split, /!! SPLIT BRAIN\s+1 err/);
  // The last master fell silent without yielding: said (with how long ago, where BACKUPS, the least
  // important flexible column, has the room: both masters of the split brain come first).
  assert.match(none, /none\s+E 10\.0\.0\.5 \(100\) silent \S*\s+60\.0\/3\.6 s !!\s+!! NO MASTER\s+1 err/);
});

test('App overview: header alerts, table, one strip per group, the log and the keys', () => {
  const { lastFrame, unmount } = render(<App model={threeGroups()} columns={100} rows={30} />);
  const f = lastFrame();
  unmount();
  const ls = lines(f);
  assert.match(ls[0], /^vrrpscope {3}!! 1 SPLIT BRAIN, 1 NO MASTER {3}2 errors {2}analyze hand-made\.pcap/);
  assert.ok(
    ls.some((l) => /^ {2}10 v4 +A+B+$/.test(l)),
    'strip of VRID 10: A, then B from its takeover (a timely failover: no "no master" in between)',
  );
  assert.ok(
    ls.some((l) => /^> 20 v4 +C+!+$/.test(l)),
    'strip of VRID 20: C then split brain',
  );
  assert.ok(
    ls.some((l) => /^ {2}30 v4 +E+-+$/.test(l)),
    'strip of VRID 30: E then no master',
  );
  assert.ok(ls.some((l) => /ERROR +duplicate-master: 10\.0\.0\.3 and 10\.0\.0\.4/.test(l)));
  assert.match(
    ls.at(-1) ?? '',
    /^300 frames, 3 virtual routers, 2 findings +j\/k Enter \/ s l \? q$/,
    'the short key list when the long one does not fit',
  );
  assert.deepEqual(
    ls.map((l) => /^[> ]\s+(\d+)\s+(?:v4\s+)?10\.0\.0\.\d+\s/.exec(l)?.[1]).filter(Boolean),
    ['20', '30', '10'],
    'problems first: the split brain, the group without master, then the healthy one',
  );
  assert.match(f ?? '', /LEGEND {2}A 10\.0\.0\.1 {2}B 10\.0\.0\.2 {2}C 10\.0\.0\.3/);
  assert.ok(ls.length <= 29, 'fits in rows - 1');
  assert.ok(widest(f) <= 100);
});

test('keys: j/k and the arrows move the selection, clamped', async () => {
  const { lastFrame, stdin, unmount } = render(
    <App model={threeGroups()} columns={100} rows={30} initialState={byVrid} />,
  );
  await keyboardReady(stdin);
  const press = async (key: string, vrid: number) => {
    stdin.write(key);
    const re = new RegExp(`^>\\s+${vrid}\\s`);
    await waitFor(
      () => re.test(selectedRow(lastFrame())),
      () => `${JSON.stringify(key)} to select VRID ${vrid}: ${selectedRow(lastFrame())}`,
    );
  };
  assert.match(selectedRow(lastFrame()), /^>\s+10\s/);
  await press('j', 20);
  await press(DOWN, 30);
  await press('j', 30); // the last one: stays
  await press('k', 20); // ...so one up is 20
  await press(UP, 10);
  await press(UP, 10);
  await press('j', 20);
  assert.ok(
    lines(lastFrame()).some((l) => /^> 20 v4 /.test(l)),
    'the strip of the selected group is marked too',
  );
  unmount();
});

test('Enter opens the detail of the selected group (routers, timers, transitions, findings); Esc and Backspace return', async () => {
  const { lastFrame, stdin, unmount } = render(
    <App model={threeGroups()} columns={100} rows={60} initialState={byVrid} />,
  );
  await keyboardReady(stdin);
  const press = async (key: string, re: RegExp) => {
    stdin.write(key);
    await waitFor(
      () => re.test(plain(lastFrame())),
      () => `${JSON.stringify(key)} to show ${re}:\n${plain(lastFrame())}`,
    );
    return plain(lastFrame());
  };
  let f = await press('\r', /ROUTERS/);
  assert.match(f, /VRID 10 IPv4 VRRPv2 {2}master/);
  assert.match(f, /A {2}10\.0\.0\.1 {2}02:00:00:00:00:01 {2}150 .* master/);
  assert.match(
    f,
    /B {2}10\.0\.0\.2 {2}02:00:00:00:00:02 {2}100 .* backup {2}3\.609 s/,
    'a backup and when it would take over',
  );
  assert.match(f, /Master_Down_Interval 3\.609 s = 3 x 1 s \+ Skew_Time/);
  assert.match(f, /TRANSITIONS/);
  assert.match(
    f,
    /00:00:43\.600 {2}10\.0\.0\.1 {2}B 10\.0\.0\.2 {2}master-down {2}3\.611 s {2}3\.609 s {4}\+0\.002 s {2}41/,
  );
  assert.match(f, /FINDINGS {2}0/);
  f = await press('\u001b', /^LOG/m); // Esc alone: ink waits a moment for a sequence
  assert.doesNotMatch(f, /ROUTERS/);

  await press('j', /^>\s+20\s/m);
  f = await press('\r', /ROUTERS/);
  assert.match(f, /VRID 20 IPv4 VRRPv2 {2}!! SPLIT BRAIN/);
  assert.match(f, /acting as master: 10\.0\.0\.3 \(150\), 10\.0\.0\.4 \(100\)/);
  assert.match(f, /split-brain/);
  assert.match(f, /ERROR duplicate-master 00:00:50\.000-00:01:40\.000/);
  assert.match(f, /frames 77, 78/);
  await press('j', /VRID 30 IPv4 VRRPv2 {2}!! NO MASTER/); // the detail follows the selection
  f = await press('\u007f', /^LOG/m); // Backspace
  assert.doesNotMatch(f, /ROUTERS/);
  assert.match(f, /^>\s+30\s/m);
  unmount();
});

test('detail scrolls with PgDn/PgUp when it does not fit', async () => {
  const { lastFrame, stdin, unmount } = render(
    <App model={threeGroups()} columns={80} rows={12} initialState={byVrid} />,
  );
  await keyboardReady(stdin);
  stdin.write('j');
  await waitFor(() => /^>\s+20\s/m.test(plain(lastFrame())), 'VRID 20 selected');
  stdin.write('\r');
  await waitFor(() => /VRID 20 IPv4/.test(plain(lastFrame())), 'the detail');
  const top = plain(lastFrame());
  assert.doesNotMatch(top, /FINDINGS/);
  stdin.write('\u001b[6~'); // PgDn
  await waitFor(() => plain(lastFrame()) !== top, 'a page down');
  for (let i = 0; i < 4; i++) stdin.write('\u001b[6~');
  await waitFor(
    () => /FINDINGS {2}1/.test(plain(lastFrame())),
    () => `the end of the detail:\n${plain(lastFrame())}`,
  );
  const bottom = plain(lastFrame());
  assert.ok(lines(bottom).length <= 11);
  assert.match(bottom, /^vrrpscope/, 'the header stays');
  stdin.write('\u001b[5~'); // PgUp
  await waitFor(() => plain(lastFrame()) !== bottom, 'a page up');
  unmount();
});

test('the log shows the newest lines that fit; PgUp goes back', async () => {
  const m = threeGroups();
  const { lastFrame, stdin, unmount } = render(<App model={m} columns={100} rows={18} />);
  await keyboardReady(stdin);
  const f = plain(lastFrame());
  assert.match(f, /duplicate-master/, 'newest line visible');
  assert.doesNotMatch(f, /\(startup\)/, 'oldest scrolled off');
  assert.match(f, /older: PgUp/);
  stdin.write('\u001b[5~');
  await waitFor(() => /\(startup\)/.test(plain(lastFrame())), 'older lines');
  assert.match(plain(lastFrame()), /newer below: PgDn/);
  unmount();
});

function assertFits(frame: string | undefined, columns: number, rows: number, what: string) {
  assert.ok(widest(frame) <= columns, `${what}: a line of ${widest(frame)} columns in ${columns}:\n${plain(frame)}`);
  assert.ok(lines(frame).length <= rows - 1, `${what}: ${lines(frame).length} lines in ${rows} rows`);
}

test('narrow terminals: 60 and 40 columns render without lines wider than the terminal', async () => {
  const models: [string, ViewModel][] = [
    ['hand-made', threeGroups()],
    ['split-brain', await realModel('split-brain')],
    ['vrid-collision', await realModel('vrid-collision')],
    ['v3-ipv6', await realModel('v3-ipv6')],
  ];
  for (const [name, m] of models) {
    for (const [columns, rows] of [
      [60, 24],
      [40, 10],
    ] as const) {
      for (const detail of [false, true]) {
        const state = { ...initialState, detail };
        const { lastFrame, unmount } = render(<App model={m} columns={columns} rows={rows} initialState={state} />);
        assertFits(lastFrame(), columns, rows, `${name} ${columns}x${rows}${detail ? ' detail' : ''}`);
        unmount();
      }
    }
  }
});

test('screen() keeps every row within the width, for any width from 1 to 200', async () => {
  const m = await realModel('vrid-collision');
  for (let columns = 1; columns <= 200; columns += 7) {
    for (const detail of [false, true]) {
      const s = screen(m, { ...initialState, detail }, { columns, rows: 40, live: false, interactive: true });
      for (const r of s.rows)
        assert.ok(
          [...rowText(r)].length <= Math.max(columns, 1),
          `${columns}${detail ? ' detail' : ''}: ${rowText(r)}`,
        );
    }
  }
});

test('resizing the terminal re-renders at the new width', async () => {
  const r = render(<App model={threeGroups()} />);
  await keyboardReady(r.stdin); // effects have run: the resize listener is there
  assert.ok(widest(r.lastFrame()) > 60, 'starts at the test terminal width (100)');
  Object.defineProperty(r.stdout, 'columns', { get: () => 60, configurable: true });
  Object.defineProperty(r.stdout, 'rows', { get: () => 20, configurable: true });
  r.stdout.emit('resize');
  await waitFor(() => widest(r.lastFrame()) <= 60, 'a narrower frame');
  assertFits(r.lastFrame(), 60, 20, 'after resize');
  r.unmount();
});

test('NO_COLOR: colors off when set and non-empty; meaning stays in the text', () => {
  assert.equal(colorFromEnv({}), true);
  assert.equal(colorFromEnv({ NO_COLOR: '1' }), false);
  assert.equal(colorFromEnv({ NO_COLOR: '' }), true);
  const { lastFrame, unmount } = render(<App model={threeGroups()} columns={100} rows={30} color={false} />);
  const f = lastFrame() ?? '';
  unmount();
  // eslint-disable-next-line no-control-regex -- looking for escape sequences is the point
  assert.doesNotMatch(f, /\u001b\[3\dm|\u001b\[9\dm/, 'no foreground color codes');
  assert.match(f, /!! SPLIT BRAIN/);
  assert.match(f, /!! NO MASTER/);
  assert.match(f, /! split brain {2}- no master/, 'the strip legend');
});

test('Detail on its own renders a group', () => {
  const m = threeGroups();
  const { lastFrame, unmount } = render(<Detail group={m.groups[2]} span={m.span} live={false} width={90} />);
  const f = plain(lastFrame());
  unmount();
  assert.match(f, /VRID 30 IPv4 VRRPv2 {2}!! NO MASTER/);
  assert.match(f, /no master {2}last advert 60\.0\/3\.6 s !! before the end of the capture/);
  assert.match(f, /ERROR no-master/);
});

test('live: the log is inside the screen, newest at the bottom, following new lines', () => {
  const m = { ...threeGroups(), live: true, status: 'capturing on eth0: 300 frames' };
  const r = render(<App model={{ ...m, log: m.log.slice(0, 2) }} columns={100} rows={30} />);
  let f = plain(r.lastFrame());
  assert.match(f, / LIVE /);
  assert.match(f, /^LOG {2}2 transitions, 0 findings/m, 'the log panel is part of the live screen');
  r.rerender(<App model={m} columns={100} rows={30} />);
  f = plain(r.lastFrame());
  const ls = lines(f);
  const logAt = ls.findIndex((l) => /^LOG/.test(l));
  assert.match(ls[ls.length - 2], /duplicate-master/, 'the newest line is the last before the footer');
  assert.ok(logAt > 0 && ls.slice(logAt).some((l) => /\(startup\)/.test(l)));
  r.unmount();
});

test('renderApp: q quits (waitUntilExit resolves) and the keyboard is released', async () => {
  const stdout = new FakeStdout(100, 30);
  const stdin = new FakeStdin();
  const model = threeGroups();
  const app = renderApp(() => model, {
    live: false,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
  });
  await keyboardReady(stdin);
  assert.match(plain(stdout.last()), /!! SPLIT BRAIN/);
  assert.equal(stdin.rawMode, true);
  stdin.write('q');
  await app.waitUntilExit();
  assert.equal(stdin.rawMode, false);
});

test('renderApp: Ctrl-C quits', async () => {
  const stdin = new FakeStdin();
  const app = renderApp(() => threeGroups(), {
    live: false,
    stdout: new FakeStdout() as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
  });
  await keyboardReady(stdin);
  stdin.write('\u0003');
  await app.waitUntilExit();
});

test('renderApp live: asks for a new model on the timer; unmount stops the timer', async () => {
  const stdout = new FakeStdout(100, 30);
  const stdin = new FakeStdin();
  let calls = 0;
  const base = threeGroups();
  const app = renderApp(
    () => {
      calls++;
      return { ...base, live: true, status: `tick ${calls}` };
    },
    {
      live: true,
      refreshMs: 20,
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      debug: true,
    },
  );
  await waitFor(
    () => calls >= 3,
    () => `timer refreshes (${calls})`,
  );
  await waitFor(() => new RegExp(`tick ${calls}\\b`).test(plain(stdout.last())), 'the newest model on screen');
  app.unmount();
  await app.waitUntilExit();
  const after = calls;
  await settle(60);
  assert.equal(calls, after, 'no timer left running');
});

test('renderApp live: rerender() asks for a new model at once', async () => {
  const stdout = new FakeStdout(100, 30);
  let calls = 0;
  const base = threeGroups();
  const app = renderApp(
    () => {
      calls++;
      return { ...base, live: true, status: `model ${calls}` };
    },
    {
      live: true,
      refreshMs: 60_000,
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: new FakeStdin() as unknown as NodeJS.ReadStream,
      debug: true,
    },
  );
  await waitFor(() => /model 1\b/.test(plain(stdout.last())), 'the first frame');
  app.rerender();
  await waitFor(
    () => /model 2\b/.test(plain(stdout.last())),
    () => `the second model (${calls} calls)`,
  );
  app.unmount();
  await app.waitUntilExit();
});

test('renderApp: without a keyboard (stdin not a terminal), a file view prints once and ends', async () => {
  const stdin = new FakeStdin();
  stdin.isTTY = false;
  const stdout = new FakeStdout(100, 30);
  const app = renderApp(() => threeGroups(), {
    live: false,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
  });
  await app.waitUntilExit();
  assert.match(plain(stdout.writes.join('')), /!! SPLIT BRAIN/);
  assert.doesNotMatch(plain(stdout.last()), /q quit/, 'no key help when keys do not work');
});

test('ProgressBar renders its text at the given width', () => {
  const { lastFrame, unmount } = render(<ProgressBar bytesRead={50} totalBytes={200} width={40} label="big.pcap" />);
  const f = plain(lastFrame());
  unmount();
  assert.equal(f, progressText(50, 200, 40, 'big.pcap'));
  assert.match(f, /^big\.pcap \[=+> +\] {2}25%/);
});

// ------------------------------------------------------------- real recordings, the whole App

async function realFrame(name: string, o: { columns?: number; rows?: number; keys?: string[] } = {}) {
  const model = await realModel(name);
  const r = render(<App model={model} columns={o.columns ?? 100} rows={o.rows ?? 40} />);
  const frame = plain(r.lastFrame());
  r.unmount();
  return { model, frame, ls: lines(frame) };
}

const tableRow = (ls: string[], vrid: number) =>
  ls.find((l) => new RegExp(`^[> ]\\s+${vrid}\\s+v[46]\\s`).test(l)) ?? '';
const strip = (ls: string[], vrid: number) =>
  (ls.find((l) => new RegExp(`^[> ] ${vrid} v[46] +[A-Z!\\- ]+$`).test(l)) ?? '').replace(/^[> ] \d+ v[46] +/, '');

test('real split-brain: master 10.99.0.1 at the end, the overlap in the strip, duplicate-master in the log', async () => {
  const { model, frame, ls } = await realFrame('split-brain');
  assert.equal(model.groups[0].status, 'master');
  assert.match(tableRow(ls, 51), /A 10\.99\.0\.1 \(150\)\s+B 10\.99\.0\.2 \(100\)\s+0\.0\/3\.6 s\s+master\s+1 err$/);
  assert.match(ls[0], /1 error/);
  const s = strip(ls, 51);
  assert.match(s, /^A+!+A+$/, `strip: ${s}`);
  // The overlap covers 17.867-26.872 of 12.255-33.875: about 42% of the strip.
  const share = [...s].filter((c) => c === '!').length / s.length;
  assert.ok(share > 0.35 && share < 0.48, `overlap share ${share}`);
  assert.match(frame, /ERROR +duplicate-master: 10\.99\.0\.1 and 10\.99\.0\.2 both acted as master/);
  assert.match(frame, /10\.99\.0\.1 -> 10\.99\.0\.2 \(split-brain\)/);
});

test('real master-crash-preempt: back to 10.99.0.1; the timely takeovers leave no "-" in the strip', async () => {
  const { model, frame, ls } = await realFrame('master-crash-preempt');
  assert.equal(model.groups[0].status, 'master');
  assert.match(tableRow(ls, 51), /A 10\.99\.0\.1 \(150\)\s+B 10\.99\.0\.2 \(100\)\s+0\.0\/3\.6 s\s+master\s+-$/);
  assert.doesNotMatch(frame, /SPLIT BRAIN|NO MASTER/);
  // 3.6 s without adverts before 10.99.0.2 took over is a normal master-down, not "no master".
  assert.match(strip(ls, 51), /^A+B+A+$/);
  assert.match(frame, /10\.99\.0\.1 -> 10\.99\.0\.2 \(master-down\) after 3\.611 s \(RFC 3\.609 s\)/);
  assert.match(frame, /10\.99\.0\.2 -> 10\.99\.0\.1 \(preemption\)/);
});

test('real vrid-collision: two clusters on VRID 51, each with its master: no split brain, vrid-collision in the log', async () => {
  const { model, frame, ls } = await realFrame('vrid-collision', { columns: 140 });
  // Disjoint address sets: two masters that do not compete (the report's state says so).
  assert.equal(model.groups[0].status, 'master');
  assert.deepEqual([...model.groups[0].masters].sort(), ['10.99.0.1', '10.99.0.3']);
  const row = tableRow(ls, 51);
  assert.match(row, /A 10\.99\.0\.1 \(150\), B 10\.99\.0\.3 \(140\)/);
  assert.match(row, /master\s+1 err$/);
  assert.doesNotMatch(ls[0], /SPLIT BRAIN/);
  assert.match(strip(ls, 51), /^[AB]+$/, 'no split brain and no gap in the strip');
  assert.match(frame, /ERROR +vrid-collision: VRID 51/);
});

test('real flapping: eight preemptions between 10.99.0.1 and 10.99.0.2, flapping warning', async () => {
  const { model, frame, ls } = await realFrame('flapping');
  const g = model.groups[0];
  // At the end of the capture 10.99.0.1 (150) has preempted back and 10.99.0.2 is superseded.
  assert.deepEqual(g.masters, ['10.99.0.1']);
  assert.equal(g.status, 'master');
  const row = tableRow(ls, 51);
  assert.match(row, /A 10\.99\.0\.1 \(150\)/, 'its current priority, not the stale 50');
  assert.match(row, new RegExp(`${STATUS_TEXT[g.status].replace(/[!?]/g, '\\$&')}\\s+1 warn$`));
  const s = strip(ls, 51);
  // Nine master periods alternating, ending with 10.99.0.1; no split brain anywhere.
  assert.deepEqual((s.match(/A+|B+/g) ?? []).map((r) => r[0]).join(''), 'ABABABABA', `strip: ${s}`);
  assert.doesNotMatch(s, /!/);
  assert.match(frame, /WARN +flapping: VRID 51 \(ipv4\) changed master 8 times/);
  assert.equal((frame.match(/\(preemption\)/g) ?? []).length >= 1, true);
});

test('many groups: table and strips show a window that follows the selection', async () => {
  const base = threeGroups();
  const groups = Array.from({ length: 20 }, (_, i) => ({ ...base.groups[0], id: `ipv4/vrid${i + 1}`, vrid: i + 1 }));
  const model: ViewModel = { ...base, groups, log: [] };
  const { lastFrame, stdin, unmount } = render(<App model={model} columns={100} rows={24} />);
  const f = plain(lastFrame());
  assert.ok(lines(f).length <= 23);
  assert.match(f, /groups 1-\d+ of 20/);
  assert.doesNotMatch(f, /^ +20 +v4/m);
  await keyboardReady(stdin);
  stdin.write('G');
  await waitFor(() => /^>\s+20\s+v4/m.test(plain(lastFrame())), 'the last group selected and shown');
  assert.match(plain(lastFrame()), /^> 20 v4 /m, 'with its strip');
  unmount();
});
