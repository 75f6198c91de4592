/**
 * The capture process: opens one interface with cap (libpcap), stamps every packet the moment it
 * arrives, and sends the packets to vrrpscope in batches. Started by capture.ts (never by hand)
 * as `node worker.js CONFIG-JSON` with an IPC channel.
 *
 * Why a process of its own, not a worker thread:
 *  - cap prints "Warning: IFACE: no IPv4 address assigned - This may not actually work" from C
 *    (fprintf(stderr) after pcap_lookupnet() fails, inside open(), unconditionally) for every
 *    interface without an IPv4 address. A thread shares file descriptor 2 with the terminal UI and
 *    Node cannot redirect it around one call; a process has its own stderr, a pipe that capture.ts
 *    reads and filters.
 *  - The binding aborts the process when close() follows a failed open(), leaves an activated
 *    libpcap handle behind a failed open(), hangs close() when an instance is reopened, and
 *    corrupts the heap when its packet buffer is collected. Here a crash ends this process only,
 *    and capture.ts reports it as an error; one process serves one successful open().
 *  - Timestamps: this process's event loop does nothing but read packets, whatever vrrpscope's
 *    main thread is doing (rendering, a long GC, a blocked loop).
 *
 * Packets are stamped in the 'packet' callback (cap's EmitPacket, called from the uv poll
 * callback right after libpcap read the packet), copied into a batch buffer, and the batch is
 * sent when the packets waiting now have been read (setImmediate runs after the poll phase), at
 * most every FLUSH_MS, or earlier when it is full.
 */
import { existsSync } from 'node:fs';
import { CapUnavailable, loadCap, type CapModule } from './cap-binding.js';
import { EpochClock, type Stamp } from './clock.js';
import { safeName } from './filter.js';
import {
  RECORD_HEADER,
  capLinkType,
  classifyOpenError,
  type OpenFailure,
  type ParentMessage,
  type WorkerConfig,
  type WorkerMessage,
} from './protocol.js';

/** cap always captures with snaplen 65535: the buffer handed to open() holds any packet. */
const CAP_BUFFER = 65535;
const BATCH_BYTES = 1 << 20;
const MAX_BATCH_PACKETS = 8192;
/**
 * Bytes sent but not yet written to the channel (vrrpscope's loop is blocked): beyond this, packets
 * are dropped and counted.
 */
const MAX_PENDING = 256 << 20;
const CLOCK_CHECK_MS = 5000;
/**
 * Batches are sent at most this often (unless full): a lone packet goes out at once, a burst in
 * few large messages, which leaves this process's time to reading packets. Only delivery waits;
 * the stamps are taken on arrival.
 */
const FLUSH_MS = 5;

function send(m: WorkerMessage, done?: () => void): void {
  if (done) process.send!(m, () => done());
  else process.send!(m);
}

function fail(kind: OpenFailure, message: string): never {
  // Never close() a Cap whose open() failed (that aborts): the process exit releases everything.
  send({ t: 'error', kind, message }, () => process.exit(0));
  // Unwind main() and wait for the send callback.
  throw new ExitPending();
}

/** Thrown by fail(): the process exits once the error message is written. */
class ExitPending extends Error {}

function main(): void {
  if (typeof process.send !== 'function') {
    process.stderr.write('worker.js is the capture process of vrrpscope live; it is not run by hand\n');
    process.exit(2);
  }
  // Ctrl-C reaches the whole process group: vrrpscope decides when to stop (it sends 'stop').
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => process.exit(0));

  const cfg = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig;
  let cap: CapModule;
  try {
    cap = loadCap();
  } catch (err) {
    fail('nocap', err instanceof CapUnavailable ? err.reason : `could not be loaded (${String(err)})`);
  }

  // Before the open (it spins for a few milliseconds), so no packet waits for it.
  const clock = new EpochClock();
  clock.calibrate();

  // The Buffer cap copies every packet into: referenced for as long as the capture runs (module
  // scope below), or the binding writes into freed memory.
  const buffer = Buffer.alloc(CAP_BUFFER);
  const c = new cap.Cap();
  // Referenced before open(): a Cap collected after a failed open() aborts in its destructor.
  keep.push(buffer, c);
  let linkName: string;
  try {
    linkName = c.open(cfg.iface, cfg.filter, cfg.bufferSize, buffer);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    let kind = classifyOpenError(message);
    if (kind === 'permission' && !deviceExists(cfg.iface, cap)) kind = 'nodevice';
    if (kind === 'other' && cfg.filter !== '') {
      // Was it the filter? A fresh instance without one tells (the failed one is never touched again).
      const probe = new cap.Cap();
      keep.push(probe);
      try {
        probe.open(cfg.iface, '', 1 << 20, Buffer.alloc(CAP_BUFFER));
        probe.close();
        kind = 'filter';
      } catch {
        // not the filter
      }
    }
    fail(kind, message);
  }

  const stamp: Stamp = { sec: 0, nsec: 0 };
  const snaplen = Math.max(1, Math.min(cfg.snaplen, CAP_BUFFER));
  const batch = Buffer.allocUnsafe(BATCH_BYTES);
  let pos = 0;
  let count = 0;
  let received = 0;
  let dropped = 0;
  let pending = 0;
  let scheduled = false;
  let stopping = false;
  let lastFlush = -Infinity;

  const flush = () => {
    if (count === 0) return;
    lastFlush = performance.now();
    const len = pos;
    pending += len;
    // The message is serialized (copied) inside send(): the batch buffer can be reused at once.
    send({ t: 'batch', buf: batch.subarray(0, len), n: count, received, dropped }, () => {
      pending -= len;
    });
    pos = 0;
    count = 0;
  };
  const flushSoon = () => {
    scheduled = false;
    flush();
  };

  c.on('packet', (nbytes: number) => {
    clock.now(stamp);
    received++;
    if (stopping) return;
    const caplen = nbytes < snaplen ? nbytes : snaplen;
    const need = RECORD_HEADER + caplen;
    if (pending > MAX_PENDING) {
      dropped++;
      return;
    }
    if (pos + need > batch.length || count >= MAX_BATCH_PACKETS) flush();
    batch.writeUInt32LE(stamp.sec, pos);
    batch.writeUInt32LE(stamp.nsec, pos + 4);
    batch.writeUInt32LE(caplen, pos + 8);
    batch.writeUInt32LE(nbytes, pos + 12);
    buffer.copy(batch, pos + RECORD_HEADER, 0, caplen);
    pos += need;
    count++;
    if (!scheduled) {
      scheduled = true;
      // setImmediate runs after this poll callback, i.e. after every packet waiting now was read.
      const wait = lastFlush + FLUSH_MS - performance.now();
      if (wait <= 0) setImmediate(flushSoon);
      else setTimeout(flushSoon, Math.ceil(wait));
    }
  });

  const clockTimer = setInterval(() => clock.check(), CLOCK_CHECK_MS);
  clockTimer.unref();

  const stop = (notify: boolean) => {
    if (stopping) return;
    stopping = true;
    clearInterval(clockTimer);
    c.close(); // open() succeeded: closing is safe, once
    flush();
    if (notify) send({ t: 'stopped', received, dropped }, () => process.exit(0));
    else process.exit(0);
  };
  process.on('message', (m: ParentMessage) => {
    if (m && m.t === 'stop') stop(true);
  });
  // vrrpscope went away (exited, crashed, killed): stop too.
  process.on('disconnect', () => stop(false));

  send({ t: 'ready', linkType: capLinkType(linkName), linkName });
}

/** Objects that must live as long as the process: cap's packet buffer and the Cap itself. */
const keep: unknown[] = [];

function deviceExists(iface: string, cap: CapModule): boolean {
  if (safeName(iface) && existsSync(`/sys/class/net/${iface}`)) return true;
  try {
    return cap.Cap.deviceList().some((d) => d.name === iface);
  } catch {
    return true; // unknown: let libpcap's message stand
  }
}

try {
  main();
} catch (err) {
  if (!(err instanceof ExitPending)) throw err;
}
