/** Shared fixtures for the UI tests: view models from real captures and small hand-made ones. */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { Finding, MasterPeriod, RouterReport, TransitionReport } from '../../src/report/types.js';
import { RouterIdentity } from '../../src/ui/identity.js';
import { viewModel, type GroupRow, type LogLine, type ViewModel } from '../../src/ui/view-model.js';
import { CAPTURES } from '../support/paths.js';

const cache = new Map<string, Promise<ViewModel>>();

/**
 * The view model of captures/real/NAME.pcap, as `vrrpscope analyze` would show it. The analyzer is
 * loaded on first use, so the pure tests that share these helpers do not pay for it.
 */
export function realModel(name: string): Promise<ViewModel> {
  let m = cache.get(name);
  if (!m) {
    m = (async () => {
      const { analyzeCaptures } = await import('../../src/commands/analyze.js');
      const { report } = await analyzeCaptures([join(CAPTURES, 'real', `${name}.pcap`)], {
        rules: {},
        showSecrets: false,
      });
      return viewModel(report, { title: `analyze ${name}.pcap` });
    })();
    cache.set(name, m);
  }
  return m;
}

// eslint-disable-next-line no-control-regex -- stripping escape sequences is the point
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007/g;

export function plain(frame: string | undefined): string {
  return (frame ?? '').replace(ANSI, '');
}

export function lines(frame: string | undefined): string[] {
  return plain(frame).split('\n');
}

/** Widest line, in code points (the UI prints ASCII plus "…"). */
export function widest(frame: string | undefined): number {
  return Math.max(0, ...lines(frame).map((l) => [...l].length));
}

/** Lets React run its effects (useInput subscribes in one) and ink flush pending input. */
export const settle = (ms = 5) => new Promise<void>((r) => setTimeout(r, ms));

function router(address: string, o: Partial<RouterReport> = {}): RouterReport {
  return {
    address,
    mac: '02:00:00:00:00:01',
    priorities: [100],
    adverts: 10,
    intervalCs: 100,
    intervals: [100],
    version: 2,
    addresses: ['10.0.0.100'],
    checksums: ['valid'],
    unicast: false,
    firstSeen: 0,
    lastSeen: 100,
    priorityChanges: [{ time: 0, priority: 100, frame: 1 }],
    priorityChangeCount: 1,
    silences: [],
    silenceCount: 0,
    activity: { from: 0, width: 0.2, counts: [] },
    ...o,
  };
}

export const period = (master: string, from: number, to: number, priority = 100, open = false): MasterPeriod => ({
  master,
  from,
  to,
  priority,
  ...(open ? { open: true } : {}),
});

function transition(
  time: number,
  from: string | null,
  to: string,
  o: Partial<TransitionReport> = {},
): TransitionReport {
  return { time, from, to, cause: from ? 'master-down' : 'startup', delay: null, expectedDelay: null, frame: 1, ...o };
}

function finding(o: Partial<Finding> = {}): Finding {
  return {
    rule: 'duplicate-master',
    severity: 'error',
    from: 10,
    to: 20,
    routers: [],
    addresses: [],
    frames: [3, 4],
    frameCount: 2,
    message: 'two masters',
    messageId: 'overlap',
    data: {},
    ...o,
  };
}

function group(o: Partial<GroupRow> & Pick<GroupRow, 'id' | 'vrid'>): GroupRow {
  return {
    family: 'ipv4',
    vlan: [],
    version: 2,
    segment: 0,
    virtualAddresses: ['10.0.0.100'],
    virtualAddressCount: o.virtualAddresses?.length ?? 1,
    master: null,
    masterPriority: null,
    masters: [],
    liveness: [],
    backups: [],
    lastAdvertAge: null,
    masterDown: null,
    status: 'unknown',
    timeline: [],
    timelineCount: o.timeline?.length ?? 0,
    episodes: { split: [], noMaster: [], gaps: [] },
    transitions: [],
    transitionCount: o.transitions?.length ?? 0,
    splitBrains: [],
    splitBrainCount: o.splitBrains?.length ?? 0,
    routers: [],
    routerCount: o.routers?.length ?? 0,
    owners: [],
    ownerCount: 0,
    findings: [],
    letters: new Map(),
    ...o,
  };
}

/** Gives the groups their router letters (one per router across groups) and returns the legend. */
function withLetters(groups: GroupRow[]): ViewModel['legend'] {
  const identity = new RouterIdentity();
  const letters = identity.update(
    groups.map((g) => ({ id: g.id, routers: g.routers, masters: g.timeline.map((p) => p.master) })),
  );
  for (const g of groups) g.letters = letters.get(g.id) ?? new Map();
  return identity.legend();
}

/** Three groups: one healthy (VRID 10), one split brain (VRID 20), one without master (VRID 30). */
export function threeGroups(): ViewModel {
  const healthy = group({
    id: 'ipv4/vrid10',
    vrid: 10,
    master: '10.0.0.1',
    masterPriority: 150,
    masters: ['10.0.0.1'],
    backups: [{ address: '10.0.0.2', priority: 100, role: 'backup', silentFor: 57 }],
    liveness: [
      { address: '10.0.0.1', role: 'master', priority: 150, lastHeard: 99.6, silentFor: 0.4 },
      { address: '10.0.0.2', role: 'backup', priority: 100, lastHeard: 43, silentFor: 57 },
    ],
    lastAdvertAge: 0.4,
    masterDown: 3.6,
    status: 'master',
    routers: [
      router('10.0.0.1', { priorities: [150], mac: '02:00:00:00:00:01' }),
      router('10.0.0.2', { mac: '02:00:00:00:00:02' }),
    ],
    timeline: [period('10.0.0.1', 0, 40, 150), period('10.0.0.2', 43.6, 100, 100, true)],
    transitions: [
      transition(0, null, '10.0.0.1'),
      transition(43.6, '10.0.0.1', '10.0.0.2', { delay: 3.611, expectedDelay: 3.609, frame: 41 }),
    ],
  });
  const split = group({
    id: 'ipv4/vrid20',
    vrid: 20,
    virtualAddresses: ['10.0.0.200'],
    master: '10.0.0.4',
    masterPriority: 100,
    masters: ['10.0.0.3', '10.0.0.4'],
    backups: [],
    liveness: [
      { address: '10.0.0.3', role: 'master', priority: 150, lastHeard: 99.8, silentFor: 0.2 },
      { address: '10.0.0.4', role: 'master', priority: 100, lastHeard: 99.8, silentFor: 0.2 },
    ],
    lastAdvertAge: 0.2,
    masterDown: 3.6,
    status: 'split-brain',
    routers: [
      router('10.0.0.3', { priorities: [150], mac: '02:00:00:00:00:03' }),
      router('10.0.0.4', { mac: '02:00:00:00:00:04' }),
    ],
    timeline: [period('10.0.0.3', 0, 100, 150, true), period('10.0.0.4', 50, 100, 100, true)],
    episodes: { split: [{ from: 50, to: 100 }], noMaster: [], gaps: [] },
    transitions: [
      transition(0, null, '10.0.0.3'),
      transition(50, '10.0.0.3', '10.0.0.4', { cause: 'split-brain', frame: 77 }),
    ],
    findings: [
      finding({
        group: 'ipv4/vrid20',
        from: 50,
        to: 100,
        frames: [77, 78],
        message: '10.0.0.3 and 10.0.0.4 both acted as master',
      }),
    ],
  });
  const none = group({
    id: 'ipv4/vrid30',
    vrid: 30,
    virtualAddresses: ['10.0.0.30'],
    backups: [{ address: '10.0.0.5', priority: 100, role: 'silent', silentFor: 60 }],
    liveness: [{ address: '10.0.0.5', role: 'silent', priority: 100, lastHeard: 40, silentFor: 60 }],
    lastAdvertAge: 60,
    masterDown: 3.6,
    status: 'no-master',
    routers: [router('10.0.0.5', { lastSeen: 40, mac: '02:00:00:00:00:05' })],
    timeline: [period('10.0.0.5', 0, 40)],
    episodes: { split: [], noMaster: [{ from: 47.2, to: 100 }], gaps: [] },
    transitions: [transition(0, null, '10.0.0.5')],
    findings: [
      finding({ rule: 'no-master', group: 'ipv4/vrid30', from: 47.2, to: 100, message: 'no master for 52.8 s' }),
    ],
  });
  const groups = [healthy, split, none];
  const legend = withLetters(groups);
  const log: LogLine[] = [
    { id: 'l1', time: 0, kind: 'transition', group: healthy.id, text: 'VRID 10 IPv4: - -> 10.0.0.1 (startup)' },
    {
      id: 'l2',
      time: 43.6,
      kind: 'transition',
      group: healthy.id,
      text: 'VRID 10 IPv4: 10.0.0.1 -> 10.0.0.2 (master-down) after 3.611 s (RFC 3.609 s)',
    },
    {
      id: 'l3',
      time: 50,
      kind: 'transition',
      group: split.id,
      text: 'VRID 20 IPv4: 10.0.0.3 -> 10.0.0.4 (split-brain)',
    },
    {
      id: 'l4',
      time: 50,
      kind: 'finding',
      severity: 'error',
      group: split.id,
      text: 'duplicate-master: 10.0.0.3 and 10.0.0.4 both acted as master',
    },
  ];
  return {
    title: 'analyze hand-made.pcap',
    live: false,
    now: 100,
    span: { from: 0, to: 100 },
    groups,
    log,
    findings: groups.flatMap((g) => g.findings),
    legend,
    counts: { frames: 300, vrrp: 200, arp: 100, nd: 0, carp: 0, malformed: 0 },
    status: '300 frames, 3 virtual routers, 2 findings',
  };
}

/** A terminal for renderApp: records what is written; columns/rows settable (emit 'resize'). */
export class FakeStdout extends EventEmitter {
  columns: number;
  rows: number;
  isTTY = true;
  writes: string[] = [];
  constructor(columns = 100, rows = 30) {
    super();
    this.columns = columns;
    this.rows = rows;
  }
  write = (s: string) => {
    this.writes.push(s);
    return true;
  };
  last(): string {
    return this.writes.at(-1) ?? '';
  }
}

/** A keyboard for renderApp (the shape ink reads: 'readable' + read()). */
export class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  rawMode = false;
  write(data: string) {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  }
  read = () => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setEncoding() {}
  setRawMode(on: boolean) {
    this.rawMode = on;
  }
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

/** Polls until `ok()` holds (React renders key presses asynchronously); fails after `ms`. */
export async function waitFor(ok: () => boolean, what: string | (() => string), ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Waits until the app listens to the keyboard (useInput subscribes in an effect). */
export function keyboardReady(stdin: EventEmitter): Promise<void> {
  return waitFor(() => stdin.listenerCount('readable') > 0, 'the app to read the keyboard');
}
