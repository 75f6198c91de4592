/**
 * Live capture from a network interface.
 *
 * The capture runs in a process of its own (worker.ts; why a process and not a thread is explained
 * there): it opens the interface with cap/libpcap, stamps every packet on arrival with the wall
 * clock, and sends the packets here in batches over the IPC channel. Each batch arrives as one
 * Buffer that the delivered packets point into and that is never reused, so every CapturedPacket
 * handed to onPackets owns its bytes and may be kept.
 *
 * Timestamps are taken in the capture process, so a busy or blocked event loop here delays
 * delivery, never a timestamp. They are the arrival time in user space (cap exposes no kernel
 * timestamps): on the test VM 0.1-0.3 ms after the kernel's, a few ms at worst under CPU
 * contention; packets that queued up in a burst are stamped as they are read (about 12 us apart).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CaptureError } from '../errors.js';
import { NOT_SCREENED, type CapturedPacket } from '../packet.js';
import { capInstallHint } from './cap-binding.js';
import { defaultFilters } from './filter.js';
import {
  LOOKUPNET_WARNING,
  RECORD_HEADER,
  type OpenFailure,
  type ParentMessage,
  type WorkerConfig,
  type WorkerMessage,
} from './protocol.js';

export interface LiveCaptureOptions {
  /** BPF filter (pcap-filter syntax) instead of DEFAULT_FILTER; '' captures every frame. */
  filter?: string;
  /** Bytes kept per frame; cap captures at most 65535, so larger values mean 65535. */
  snaplen?: number;
  /**
   * Kernel capture buffer in bytes (default 32 MiB). cap opens libpcap in immediate mode (a
   * TPACKET_V2 ring) with a fixed 65535-byte snaplen, so on interfaces with receive offloads every
   * packet takes a 64 KiB slot: 32 MiB holds about 512 packets, and the kernel allocates about
   * twice the size (one slot per 128 KiB block).
   */
  bufferSize?: number;
}

interface LiveCaptureStats {
  /** Packets that passed the filter and reached the capture process. */
  received: number;
  /**
   * Packets the capture process dropped because vrrpscope did not take them for too long. Drops
   * in the kernel buffer are not included: cap does not expose libpcap's statistics.
   */
  dropped: number;
}

export interface LiveCapture {
  /** LINKTYPE_* of the interface. */
  readonly linkType: number;
  /** The interface name, as given. */
  readonly name: string;
  /** The filter in effect ('' for none). */
  readonly filter: string;
  /** Things the user should know (e.g. the default filter could not be used on this link type). */
  readonly warnings: readonly string[];
  /**
   * Starts delivery (packets captured since the open are delivered first). onPackets gets each
   * batch in arrival order; onError is called at most once, when the capture ended on its own
   * (the capture process died); after it, nothing more is delivered.
   */
  start(onPackets: (batch: CapturedPacket[]) => void, onError: (e: Error) => void): void;
  /** Stops capturing; resolves once the capture process has exited. Nothing is delivered after. */
  stop(): Promise<void>;
  stats(): LiveCaptureStats;
}

const DEFAULT_SNAPLEN = 65535;
const DEFAULT_BUFFER = 32 << 20;
const OPEN_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 3_000;
/** Lines of the capture process's stderr kept for error messages. */
const STDERR_LINES = 20;

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));

/**
 * Opens `iface` for capture. Rejects with a CaptureError (input: the interface) when the binding
 * is missing, privileges are lacking, the interface does not exist or is down, or the filter is
 * invalid; each message says what to do.
 */
export async function openLiveCapture(iface: string, opts: LiveCaptureOptions = {}): Promise<LiveCapture> {
  if (iface === '' || iface.includes('\0'))
    throw new CaptureError(iface, 'no interface name given (list them with: vrrpscope interfaces)');
  const userFilter = opts.filter !== undefined;
  const filters = userFilter ? [opts.filter!] : defaultFilters(iface);
  const snaplen =
    opts.snaplen === undefined ? DEFAULT_SNAPLEN : Math.max(1, Math.min(Math.floor(opts.snaplen), DEFAULT_SNAPLEN));
  const bufferSize = Math.max(1 << 16, Math.floor(opts.bufferSize ?? DEFAULT_BUFFER));
  const warnings: string[] = [];
  for (let i = 0; ; i++) {
    const filter = filters[i];
    const opened = await start({ iface, filter, snaplen, bufferSize });
    if (opened instanceof ChildCapture) {
      if (!userFilter && filter === '')
        warnings.push('the default filter does not compile for this link type: capturing every frame');
      opened.warnings = warnings;
      return opened;
    }
    if (opened.kind === 'filter' && !userFilter && i + 1 < filters.length) continue;
    throw openError(iface, opened.kind, opened.message, filter);
  }
}

interface Failure {
  kind: OpenFailure;
  message: string;
}

function openError(iface: string, kind: OpenFailure, message: string, filter: string): CaptureError {
  switch (kind) {
    case 'nocap':
      return new CaptureError(
        iface,
        `live capture is not available: the optional packet capture binding "cap" ${message}; ${capInstallHint(iface)}`,
      );
    case 'permission':
      return new CaptureError(
        iface,
        `no permission to capture (${message}): run vrrpscope as root, or allow node to capture once with: ` +
          'sudo setcap cap_net_raw,cap_net_admin+eip "$(readlink -f "$(which node)")"',
      );
    case 'nodevice':
      return new CaptureError(iface, 'no such interface (list them with: vrrpscope interfaces)');
    case 'notup':
      return new CaptureError(iface, `the interface is down: bring it up first (ip link set ${iface} up)`);
    case 'filter':
      return new CaptureError(
        iface,
        `invalid capture filter ${JSON.stringify(filter)}: ${message} (see man 7 pcap-filter)`,
      );
    default:
      return new CaptureError(iface, `cannot capture: ${message}`);
  }
}

/** Starts a capture process; resolves once it has opened the interface, or with why it could not. */
function start(cfg: WorkerConfig): Promise<ChildCapture | Failure> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(process.execPath, [WORKER, JSON.stringify(cfg)], {
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        serialization: 'advanced',
      });
    } catch (err) {
      reject(new CaptureError(cfg.iface, `cannot start the capture process: ${(err as Error).message}`));
      return;
    }
    const capture = new ChildCapture(cfg, child);
    let settled = false;
    const settle = (v: ChildCapture | Failure | CaptureError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('close', onExit);
      child.off('error', onSpawnError);
      if (v instanceof CaptureError) reject(v);
      else resolve(v);
    };
    const onMessage = (m: WorkerMessage) => {
      if (m.t === 'ready') {
        capture.ready(m.linkType, m.linkName);
        settle(capture);
      } else if (m.t === 'error') {
        settle({ kind: m.kind, message: m.message });
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      settle(
        new CaptureError(
          cfg.iface,
          'the capture process ended before opening the interface ' +
            `(${describeExit(code, signal)})${capture.lastError()}`,
        ),
      );
    };
    const onSpawnError = (err: Error) =>
      settle(new CaptureError(cfg.iface, `cannot start the capture process: ${err.message}`));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle(
        new CaptureError(
          cfg.iface,
          `the capture process did not open the interface within ${OPEN_TIMEOUT_MS / 1000} s${capture.lastError()}`,
        ),
      );
    }, OPEN_TIMEOUT_MS);
    child.on('message', onMessage);
    // 'close', not 'exit': by then its stderr has been read to the end, for the message.
    child.once('close', onExit);
    child.once('error', onSpawnError);
  });
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `killed by ${signal}` : `exit status ${code}`;
}

class ChildCapture implements LiveCapture {
  linkType = -1;
  /** cap's name for the link type. */
  linkName = '';
  readonly name: string;
  readonly filter: string;
  warnings: readonly string[] = [];

  private received = 0;
  private dropped = 0;
  private frame = 0;
  private onPackets: ((batch: CapturedPacket[]) => void) | null = null;
  private onError: ((e: Error) => void) | null = null;
  /** Batches that arrived before start(). */
  private queued: CapturedPacket[][] = [];
  private stderrTail: string[] = [];
  private partialLine = '';
  private exited = false;
  private stopping = false;
  private failure: Error | null = null;
  private readonly exitPromise: Promise<void>;

  constructor(
    private readonly cfg: WorkerConfig,
    private readonly child: ChildProcess,
  ) {
    this.name = cfg.iface;
    this.filter = cfg.filter;
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (s: string) => this.stderr(s));
    child.on('message', (m: WorkerMessage) => this.message(m));
    // A send to a process that just died fails asynchronously: the exit handler reports it.
    child.on('error', () => {});
    this.exitPromise = new Promise((resolve) => {
      child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
        this.exited = true;
        if (!this.stopping)
          this.fail(
            new CaptureError(
              this.cfg.iface,
              'capture stopped: the capture process ended unexpectedly ' +
                `(${describeExit(code, signal)})${this.lastError()}`,
            ),
          );
        resolve();
      });
    });
  }

  ready(linkType: number, linkName: string): void {
    this.linkType = linkType;
    this.linkName = linkName;
  }

  start(onPackets: (batch: CapturedPacket[]) => void, onError: (e: Error) => void): void {
    if (this.onPackets) throw new Error('LiveCapture.start() called twice');
    this.onPackets = onPackets;
    this.onError = onError;
    const queued = this.queued;
    this.queued = [];
    if (queued.length === 0 && !this.failure) return;
    setImmediate(() => {
      for (const b of queued) if (!this.stopping) onPackets(b);
      if (this.failure && !this.stopping) onError(this.failure);
    });
  }

  async stop(): Promise<void> {
    if (!this.stopping) {
      this.stopping = true;
      if (!this.exited) {
        try {
          this.child.send({ t: 'stop' } satisfies ParentMessage);
        } catch {
          // channel already closed: the process is exiting
        }
        const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await this.exitPromise;
        clearTimeout(timer);
      }
    }
    await this.exitPromise;
  }

  stats(): LiveCaptureStats {
    return { received: this.received, dropped: this.dropped };
  }

  lastError(): string {
    const lines = this.stderrTail.filter((l) => l.trim() !== '');
    // The most telling line of a Node crash is the error itself, not the stack below it.
    const line = lines.find((l) => /Error|error:|Assertion|abort/i.test(l)) ?? lines[lines.length - 1];
    return line ? `: ${line.trim()}` : '';
  }

  private message(m: WorkerMessage): void {
    if (m.t === 'batch') {
      this.received = m.received;
      this.dropped = m.dropped;
      const packets = this.unpack(m.buf, m.n);
      if (this.onPackets) {
        if (!this.stopping) this.onPackets(packets);
      } else {
        this.queued.push(packets);
      }
    } else if (m.t === 'stopped') {
      this.received = m.received;
      this.dropped = m.dropped;
    }
  }

  private unpack(buf: Buffer, n: number): CapturedPacket[] {
    const out = new Array<CapturedPacket>(n);
    let pos = 0;
    for (let i = 0; i < n; i++) {
      const caplen = buf.readUInt32LE(pos + 8);
      out[i] = {
        frame: ++this.frame,
        sec: buf.readUInt32LE(pos),
        nsec: buf.readUInt32LE(pos + 4),
        caplen,
        origLen: buf.readUInt32LE(pos + 12),
        linkType: this.linkType,
        ifIndex: 0,
        section: 0,
        data: buf,
        offset: pos + RECORD_HEADER,
        input: 0,
        screen: NOT_SCREENED,
      };
      pos += RECORD_HEADER + caplen;
    }
    return out;
  }

  private stderr(s: string): void {
    const lines = (this.partialLine + s).split('\n');
    this.partialLine = lines.pop() ?? '';
    for (const line of lines) {
      // cap's C-level warning for interfaces without an IPv4 address: meaningless here.
      if (LOOKUPNET_WARNING.test(line)) continue;
      this.stderrTail.push(line);
      if (this.stderrTail.length > STDERR_LINES) this.stderrTail.shift();
    }
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    if (this.onError && !this.stopping) this.onError(err);
  }
}
