/**
 * What the machine is like right now, in the three figures the analysis is most sensitive to:
 * printed beside every benchmark so that figures taken on different days (or hosts) can be
 * compared. On the shared 2-core VM these benchmarks run on, the same build once ran 2.5 to 4
 * times slower than a few hours before (2026-11-30), tcpdump only 1.5 times, while a plain loop ran
 * at 2 cycles a step: a random read from DRAM took about 200 ns (100 is usual for a server), and
 * memory a process touched for the first time came in at about 1 GB/s. The analysis walks many
 * small objects (a group's state, its routers, each rule's entry), so it slows with memory
 * latency; tcpdump streams the file through one buffer and hardly does.
 *
 * About a second in all; nothing it measures is judged.
 */

export interface MachineProbe {
  /** One step of a plain arithmetic loop, in nanoseconds (the CPU alone). */
  loopNs: number;
  /** One dependent random read from a 64 MiB table, in nanoseconds (the latency of DRAM). */
  dramNs: number;
  /** Memory touched for the first time by this process, in MB/s (page faults included). */
  firstTouchMBs: number;
}

const now = () => Number(process.hrtime.bigint()) / 1e9;

function best(times: number, f: () => number): number {
  let b = Infinity;
  for (let i = 0; i < times; i++) b = Math.min(b, f());
  return b;
}

function spin(steps: number): number {
  let s = 0;
  for (let i = 0; i < steps; i++) s = (s + (i & 7)) | 0;
  return s;
}

export function probeMachine(): MachineProbe {
  // A plain loop: V8 keeps it in registers, it touches no memory.
  const loopSteps = 5e7;
  let sink = 0;
  const loopNs = best(5, () => {
    const t = now();
    sink ^= spin(loopSteps);
    return ((now() - t) / loopSteps) * 1e9;
  });

  // A random cycle through 16 Mi entries (64 MiB, far past any cache): each read depends on the last.
  const n = 1 << 24;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let x = 0x9e3779b9;
  for (let i = n - 1; i > 0; i--) {
    x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0;
    const j = (x >>> 0) % (i + 1);
    const k = order[i];
    order[i] = order[j];
    order[j] = k;
  }
  const next = new Int32Array(n);
  for (let i = 0; i < n; i++) next[order[i]] = order[(i + 1) % n];
  const reads = 2e6;
  const dramNs = best(3, () => {
    const t = now();
    let j = 0;
    for (let i = 0; i < reads; i++) j = next[j];
    sink ^= j;
    return ((now() - t) / reads) * 1e9;
  });

  // Fresh memory: 64 MiB allocated and written once, page by page (the first write faults each page in).
  const bytes = 64 << 20;
  const firstTouchMBs = best(3, () => {
    const t = now();
    const b = new Uint8Array(new ArrayBuffer(bytes));
    for (let i = 0; i < bytes; i += 4096) b[i] = 1;
    sink ^= b[4096];
    return bytes / 1e6 / (now() - t);
  });
  if (sink === 0x7fffffff) console.log(''); // keeps the loops' results alive
  return { loopNs, dramNs, firstTouchMBs };
}

/** The probe as one line of a benchmark's header. */
export function machineLine(p: MachineProbe): string {
  return (
    `a loop step ${p.loopNs.toFixed(2)} ns, a random DRAM read ${p.dramNs.toFixed(0)} ns, ` +
    `fresh memory ${p.firstTouchMBs.toFixed(0)} MB/s (see bench/machine.ts: compare figures only with these alike)`
  );
}
