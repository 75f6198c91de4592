// The live terminal UI's cost (issue 9, live part): a 40-group segment (40 adverts/s; a failover, a
// split brain and a group without master, test/support/forty-groups.ts) is replayed at its real
// speed into `vrrpscope live -` running in a real terminal (tmux), and the vrrpscope process's CPU
// time is read from /proc/PID/stat over the measurement window. A benchmark, not a test.
//
//   npm run bench:live                                   (needs tmux; Linux /proc)
//   BENCH_LIVE_SECONDS=60 BENCH_LIVE_SIZES=80x24,200x60 BENCH_LIVE_VIA=veth node build/bench/live-ui.js
//   BENCH_LIVE_CLI=/path/to/other/build/cli/main.js ...    (another vrrpscope, e.g. an older build)
//
// Two replays, each paced by the packets' own timestamps (BENCH_LIVE_VIA=pipe,veth chooses):
//   pipe  the pcap stream `tcpdump -w -` would write, into `vrrpscope live -`;
//   veth  the frames sent by tcpreplay onto one end of a veth pair in a network namespace of the
//         benchmark's own, and captured from the other end with `vrrpscope live <veth>` (libpcap,
//         through the cap binding): what `vrrpscope live eth0` costs on a real segment. Needs root,
//         iproute2, tcpreplay and the cap binding; skipped with the reason otherwise.
// Bytes written to the terminal are counted with tmux's pipe-pane.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fortyGroupPackets } from '../test/support/forty-groups.js';
import { CLI } from '../test/support/paths.js';
import { writePcap, LINKTYPE } from '../test/support/pcap-writer.js';

const SECONDS = Number(process.env.BENCH_LIVE_SECONDS ?? 45);
const WARMUP = 5;
// "none": the same run without the UI (--format ndjson to /dev/null): what the engine alone costs.
const SIZES = (process.env.BENCH_LIVE_SIZES ?? '200x60,80x24,none').split(',');
const VIAS = (process.env.BENCH_LIVE_VIA ?? 'pipe,veth').split(',');
const TARGET = 10;
const VRRPSCOPE = process.env.BENCH_LIVE_CLI ?? CLI;

if (spawnSync('sh', ['-c', 'command -v tmux']).status !== 0) {
  process.stderr.write('bench:live needs tmux (apt-get install tmux)\n');
  process.exit(2);
}

/** utime + stime of a process, in seconds. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  return (Number(f[11]) + Number(f[12])) / ticks;
}

/** Writes the capture into `fifo` as a pcap stream, each packet when its time comes. */
async function replay(fifo: string, seconds: number): Promise<number> {
  const packets = fortyGroupPackets(seconds);
  const whole = writePcap({ linkType: LINKTYPE.ETHERNET, packets });
  const out = createWriteStream(fifo);
  let closed = false;
  out.on('error', () => (closed = true)); // vrrpscope quit before the end: the replay stops
  await new Promise<void>((r) => out.once('open', () => r()));
  out.write(whole.subarray(0, 24));
  let offset = 24;
  const t0 = packets[0].ts.sec + packets[0].ts.nsec / 1e9;
  const start = performance.now();
  for (const p of packets) {
    if (closed) break;
    const due = (p.ts.sec + p.ts.nsec / 1e9 - t0) * 1000;
    const wait = due - (performance.now() - start);
    if (wait > 1) await sleep(wait);
    const len = 16 + p.data.length;
    out.write(whole.subarray(offset, offset + len));
    offset += len;
  }
  if (!closed) await new Promise<void>((r) => out.end(r));
  return packets.length;
}

/** What a run reads: a pcap stream on a pipe, or an interface that tcpreplay sends onto. */
interface Feed {
  /** The shell command that starts vrrpscope (its arguments after `live`: the input). */
  command(args: string): string;
  /** Starts the replay; resolves when it is over. */
  start(): Promise<unknown>;
  stop(): void;
}

function pipeFeed(dir: string): Feed {
  const fifo = path.join(dir, 'stream.pcap');
  execFileSync('mkfifo', [fifo]);
  return {
    command: (args) => `exec env -u CI TERM=xterm-256color node ${VRRPSCOPE} live - ${args} < ${fifo}`,
    start: () => replay(fifo, SECONDS + WARMUP + 5),
    stop: () => undefined,
  };
}

const have = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** Why the veth replay cannot run here, or null. */
function vethMissing(): string | null {
  if (process.getuid?.() !== 0) return 'it needs root (a network namespace of its own)';
  for (const cmd of ['ip', 'tcpreplay']) if (!have(cmd)) return `it needs ${cmd} (apt-get install iproute2 tcpreplay)`;
  const cap = spawnSync(process.execPath, ['-e', "require('cap')"], {
    cwd: path.dirname(path.dirname(path.dirname(VRRPSCOPE))),
  });
  if (cap.status !== 0) return 'the cap binding is not built (apt-get install libpcap-dev g++, then npm ci)';
  return null;
}

/**
 * A veth pair in a namespace of this benchmark's own: tcpreplay sends the capture onto one end at
 * its recorded speed, vrrpscope captures on the other. Nothing leaves the namespace.
 */
function vethFeed(dir: string): Feed {
  const ns = `vsb-live-${process.pid}`;
  const tx = `vsbt${process.pid % 100000}`;
  const rx = `vsbr${process.pid % 100000}`;
  const file = path.join(dir, 'replay.pcap');
  writeFileSync(file, writePcap({ linkType: LINKTYPE.ETHERNET, packets: fortyGroupPackets(SECONDS + WARMUP + 5) }));
  const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  ip('netns', 'add', ns);
  try {
    ip('-n', ns, 'link', 'add', tx, 'type', 'veth', 'peer', 'name', rx);
    // No IPv6 on the pair: the segment carries the capture's frames and nothing of the kernel's own.
    execFileSync('ip', ['netns', 'exec', ns, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1']);
    for (const dev of [tx, rx, 'lo']) ip('-n', ns, 'link', 'set', dev, 'up');
  } catch (err) {
    // Half made: the namespace (and whatever is in it) goes.
    spawnSync('ip', ['netns', 'del', ns]);
    throw err;
  }
  let sender: ReturnType<typeof spawn> | null = null;
  return {
    command: (args) => `exec ip netns exec ${ns} env -u CI TERM=xterm-256color node ${VRRPSCOPE} live ${rx} ${args}`,
    start: async () => {
      // vrrpscope opens the interface first: frames sent before that would be lost.
      await sleep(1500);
      sender = spawn('ip', ['netns', 'exec', ns, 'tcpreplay', '-q', '-i', tx, file], { stdio: 'ignore' });
      return new Promise((resolve) => sender!.once('exit', resolve));
    },
    stop: () => {
      sender?.kill();
      spawnSync('ip', ['netns', 'del', ns]);
    },
  };
}

async function measure(size: string, via: string): Promise<void> {
  const ui = size !== 'none';
  const [columns, rows] = ui ? size.split('x').map(Number) : [80, 24];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vrrpscope-live-ui-'));
  const tty = path.join(dir, 'tty.out');
  const session = `vrrpscope-bench-${process.pid}`;
  let feed: Feed | null = null;
  try {
    feed = via === 'veth' ? vethFeed(dir) : pipeFeed(dir);
    // exec: the pane's process is vrrpscope itself (its pid is the one measured).
    const cmd = feed.command(ui ? '' : '--format ndjson > /dev/null');
    execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', String(columns), '-y', String(rows), cmd]);
    const pid = Number(execFileSync('tmux', ['display', '-p', '-t', session, '#{pane_pid}'], { encoding: 'utf8' }));
    execFileSync('tmux', ['pipe-pane', '-t', session, '-o', `cat >> ${tty}`]);
    const replayed = feed.start();
    await sleep(WARMUP * 1000);
    const cpu0 = cpuSeconds(pid);
    const bytes0 = statSync(tty, { throwIfNoEntry: false })?.size ?? 0;
    const wall0 = performance.now();
    await sleep(SECONDS * 1000);
    const cpu = cpuSeconds(pid) - cpu0;
    const wall = (performance.now() - wall0) / 1000;
    const bytes = (statSync(tty, { throwIfNoEntry: false })?.size ?? 0) - bytes0;
    const screenText = execFileSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' });
    const pct = (100 * cpu) / wall;
    const groups = /(\d+) virtual routers?|groups \d+-\d+ of (\d+)/.exec(screenText);
    if (!ui) {
      process.stdout.write(
        `  without the UI (--format ndjson > /dev/null), ${wall.toFixed(1)} s measured: ` +
          `${pct.toFixed(1)} % of a core (${cpu.toFixed(2)} s CPU): the engine, reading and the clock tick\n`,
      );
      return;
    }
    process.stdout.write(
      `  live UI ${columns}x${rows}, ${wall.toFixed(1)} s measured: ` +
        `${pct.toFixed(1)} % of a core (${cpu.toFixed(2)} s CPU), ` +
        `${(bytes / wall / 1024).toFixed(1)} KiB/s to the terminal; target <= ${TARGET} %: ${pct <= TARGET ? 'met' : 'NOT met'}` +
        `${groups ? '' : ' (the screen did not show the groups!)'}\n`,
    );
    if (process.env.BENCH_LIVE_SHOW || !groups) process.stdout.write(screenText);
    spawnSync('tmux', ['send-keys', '-t', session, 'q']);
    await Promise.race([replayed.catch(() => 0), sleep(2000)]);
  } finally {
    spawnSync('tmux', ['kill-session', '-t', session]);
    feed?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const via of VIAS) {
  const missing = via === 'veth' ? vethMissing() : null;
  const what =
    via === 'veth'
      ? 'tcpreplay onto a veth pair, captured with libpcap (live <veth>)'
      : 'a pcap stream on a pipe (live -)';
  if (missing) {
    process.stdout.write(`${what}: skipped: ${missing}\n`);
    continue;
  }
  process.stdout.write(`40 groups at 40 adverts/s, replayed at real speed as ${what}:\n`);
  for (const size of SIZES) await measure(size, via);
}
