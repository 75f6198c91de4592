/**
 * Test network for live capture: a veth pair with one end (`host`) in the test's own network
 * namespace, where vrrpscope captures, and the other (`peer`) in a fresh namespace of its own,
 * from which a small Python AF_PACKET sender writes crafted frames. Nothing leaves the pair: the
 * frames are written onto the peer link directly, no address or route is configured, and IPv6 is
 * disabled on both ends (no DAD or router solicitations in the capture).
 *
 * Needs root (ip netns, AF_PACKET) and the cap binding; `liveSkip` says why a test cannot run.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/paths.js';

/** The interpreter itself (not a pyenv shim, which takes a while to start). */
const PYTHON = (() => {
  try {
    return execFileSync('python3', ['-c', 'import sys; print(sys.executable)']).toString().trim() || 'python3';
  } catch {
    return 'python3';
  }
})();

const SKIP_MESSAGE = 'needs root (network namespaces) and the cap binding';

/** false when the live tests can run, else the skip message (node:test shows it). */
export const liveSkip: false | string = (() => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return SKIP_MESSAGE;
  try {
    execFileSync('ip', ['-V'], { stdio: 'ignore' });
    execFileSync('python3', ['-c', 'import socket; socket.AF_PACKET'], { stdio: 'ignore' });
  } catch {
    return SKIP_MESSAGE;
  }
  return capSkip();
})();

function capSkip(): false | string {
  try {
    // Resolve from the project, as the capture process will.
    execFileSync(process.execPath, ['-e', "require('cap')"], { stdio: 'ignore', cwd: ROOT });
    return false;
  } catch {
    return SKIP_MESSAGE;
  }
}

let counter = 0;

export class TestNet {
  /** Interface in the test's namespace (capture here). */
  readonly host: string;
  /** Its peer, inside `ns` (send from here). */
  readonly peer: string;
  readonly ns: string;
  private alive = true;

  private constructor(tag: string) {
    const id = `${process.pid}${tag}${counter++}`;
    this.host = `vst${id}a`;
    this.peer = `vst${id}b`;
    this.ns = `vst-${id}`;
    if (this.host.length > 15) throw new Error(`interface name too long: ${this.host}`);
  }

  static create(tag = ''): TestNet {
    const net = new TestNet(tag);
    try {
      ip('netns', 'add', net.ns);
      ip('link', 'add', net.host, 'type', 'veth', 'peer', 'name', net.peer, 'netns', net.ns);
      disableIpv6(net.host);
      execFileSync('ip', ['netns', 'exec', net.ns, 'sysctl', '-q', '-w', `net.ipv6.conf.${net.peer}.disable_ipv6=1`]);
      ip('link', 'set', net.host, 'up');
      ip('-n', net.ns, 'link', 'set', net.peer, 'up');
    } catch (err) {
      net.destroy();
      throw err;
    }
    return net;
  }

  /** Removes the pair and the namespace; safe to call twice and after a partial create(). */
  destroy(): void {
    if (!this.alive) return;
    this.alive = false;
    // Deleting either end deletes the pair; deleting the namespace deletes the peer.
    try {
      ip('link', 'del', this.host);
    } catch {
      // already gone
    }
    try {
      ip('netns', 'del', this.ns);
    } catch {
      // already gone
    }
  }

  /** Whether the host interface still exists (for cleanup assertions). */
  exists(): boolean {
    return existsSync(`/sys/class/net/${this.host}`);
  }

  /** Receive-side drops counted by the kernel on the capture interface. */
  rxDropped(): number {
    return Number(
      execFileSync('cat', [`/sys/class/net/${this.host}/statistics/rx_dropped`])
        .toString()
        .trim(),
    );
  }

  /**
   * Sends frames from the peer, `gapMs` apart, `delayMs` after the sender is ready; `times`
   * resolves with each frame's send time in epoch nanoseconds (taken right before the send call).
   * Runs in another process: the test may block its own event loop once `ready` resolved.
   */
  start(
    frames: Buffer[],
    opts: { gapMs?: number; delayMs?: number } = {},
  ): { ready: Promise<void>; times: Promise<bigint[]> } {
    const run = this.python({
      iface: this.peer,
      frames: frames.map((f) => f.toString('hex')),
      gap: (opts.gapMs ?? 0) / 1000,
      delay: (opts.delayMs ?? 0) / 1000,
    });
    return {
      ready: run.ready,
      times: run.done.then((out) => (JSON.parse(out) as { times: string[] }).times.map(BigInt)),
    };
  }

  send(frames: Buffer[], opts: { gapMs?: number; delayMs?: number } = {}): Promise<bigint[]> {
    return this.start(frames, opts).times;
  }

  /**
   * Sends `count` copies of `frame`, with the copy's index (u32) written at `indexAt`: as fast as
   * possible, or paced at `perSecond`.
   */
  burst(frame: Buffer, count: number, indexAt: number, perSecond = 0): Promise<{ sent: number; seconds: number }> {
    return this.python({
      iface: this.peer,
      frames: [frame.toString('hex')],
      burst: count,
      indexAt,
      pps: perSecond,
    }).done.then((out) => JSON.parse(out) as { sent: number; seconds: number });
  }

  private python(cfg: object): { ready: Promise<void>; done: Promise<string> } {
    let onReady!: () => void;
    const ready = new Promise<void>((r) => (onReady = r));
    const done = new Promise<string>((resolve, reject) => {
      const child = spawn('ip', ['netns', 'exec', this.ns, PYTHON, '-c', SENDER], { stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => {
        out += d;
        const nl = out.indexOf('\n');
        if (nl >= 0 && out.startsWith('ready\n')) {
          out = out.slice(nl + 1);
          onReady();
        }
      });
      child.stderr.on('data', (d) => (err += d));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`sender failed (${code}): ${err}`))));
      child.stdin.end(JSON.stringify(cfg));
    });
    done.catch(() => onReady());
    return { ready, done };
  }
}

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function disableIpv6(iface: string): void {
  writeFileSync(`/proc/sys/net/ipv6/conf/${iface}/disable_ipv6`, '1');
}

const SENDER = `
import errno, json, socket, sys, time
cfg = json.load(sys.stdin)
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((cfg['iface'], 0))
s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
frames = [bytes.fromhex(h) for h in cfg['frames']]
print('ready', flush=True)
time.sleep(cfg.get('delay', 0))
def send(f):
    while True:
        try:
            s.send(f)
            return
        except OSError as e:
            if e.errno not in (errno.ENOBUFS, errno.EAGAIN):
                raise
            time.sleep(0.0002)
if 'burst' in cfg:
    f = bytearray(frames[0])
    at = cfg['indexAt']
    pps = cfg.get('pps', 0)
    t0 = time.monotonic()
    for i in range(cfg['burst']):
        f[at:at + 4] = i.to_bytes(4, 'big')
        send(f)
        if pps and i % 50 == 49:
            d = t0 + (i + 1) / pps - time.monotonic()
            if d > 0:
                time.sleep(d)
    print(json.dumps({'sent': cfg['burst'], 'seconds': time.monotonic() - t0}))
else:
    times = []
    gap = cfg.get('gap', 0)
    for i, f in enumerate(frames):
        if i and gap:
            time.sleep(gap)
        times.append(str(time.time_ns()))
        send(f)
    print(json.dumps({'times': times}))
`;

/**
 * Why a test of real daemons on the keepalived topology (topology.sh) cannot run here, or null:
 * root, the commands it needs (beside keepalived, nft, ip and perl), the cap binding.
 */
export function topologySkip(extra: readonly string[] = [], packages = 'keepalived nftables iproute2'): string | null {
  if (process.getuid?.() !== 0) return 'needs root (network namespaces)';
  for (const cmd of ['keepalived', 'nft', 'ip', 'perl', ...extra]) {
    if (spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0) return `needs ${cmd} (apt-get install ${packages})`;
  }
  if (!existsSync(join(ROOT, 'node_modules', 'cap', 'build', 'Release', 'cap.node')))
    return 'needs the cap binding (libpcap-dev, then npm ci)';
  return null;
}
