/**
 * A floor under what any analysis of a capture costs on this machine: the least work a program
 * that follows VRRP masters could do, timed from a cold start as bench:worst times vrrpscope. It
 * reads a classic pcap file (little-endian, Ethernet, at most one VLAN tag) into memory and keeps,
 * per VLAN and VRID, only the current master's address, priority and when it was last heard (a
 * higher priority or a silence of 3 s makes another address master), in typed arrays:
 * no dissector, no rules, no evidence, no report. It is not an analyzer (it knows no timers,
 * versions or IPv6); it is what the budgets leave room for, beside what vrrpscope does.
 *
 *   node build/bench/floor.js FILE     prints the time to read the file, and to walk its frames
 */
import { readFileSync } from 'node:fs';

/** Seconds a master may go unheard before another address taking over is a new master. */
const SILENT = 3;

function main(): number {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node build/bench/floor.js FILE');
    return 2;
  }
  const t0 = performance.now();
  const buf = readFileSync(file);
  const t1 = performance.now();
  const magic = buf.length >= 24 ? buf.readUInt32LE(0) : 0;
  if ((magic !== 0xa1b2c3d4 && magic !== 0xa1b23c4d) || buf.readUInt32LE(20) !== 1) {
    console.error(`bench/floor: ${file}: not a little-endian pcap of Ethernet frames`);
    return 2;
  }
  /** Fractions of a second in the records' second field: micro- or nanoseconds. */
  const fraction = magic === 0xa1b2c3d4 ? 1e6 : 1e9;
  const master = new Int32Array(4096 * 256);
  const heard = new Float64Array(4096 * 256).fill(-Infinity);
  const priority = new Uint8Array(4096 * 256);
  let frames = 0;
  let adverts = 0;
  let changes = 0;
  for (let off = 24; off + 16 <= buf.length;) {
    const t = buf.readUInt32LE(off) + buf.readUInt32LE(off + 4) / fraction;
    const caplen = buf.readUInt32LE(off + 8);
    const p = off + 16;
    off = p + caplen;
    frames++;
    if (off > buf.length || caplen < 14) break;
    let e = p + 12;
    let type = buf.readUInt16BE(e);
    let vlan = 0;
    if (type === 0x8100 && caplen >= 18) {
      vlan = buf.readUInt16BE(e + 2) & 0x0fff;
      e += 4;
      type = buf.readUInt16BE(e);
    }
    const ip = e + 2;
    if (type !== 0x0800 || ip + 20 > off || buf[ip + 9] !== 112) continue;
    const vrrp = ip + ((buf[ip] & 0x0f) << 2);
    if (vrrp + 8 > off) continue;
    adverts++;
    const src = buf.readInt32BE(ip + 12);
    const prio = buf[vrrp + 2];
    const k = (vlan << 8) | buf[vrrp + 1];
    if (master[k] === src) priority[k] = prio;
    else if (prio > priority[k] || t - heard[k] > SILENT) {
      master[k] = src;
      priority[k] = prio;
      changes++;
    }
    if (master[k] === src) heard[k] = t;
  }
  const t2 = performance.now();
  console.log(
    `read ${(t1 - t0).toFixed(1)} ms; ${frames} frames (${adverts} adverts, ${changes} masters) in ` +
      `${(t2 - t1).toFixed(1)} ms, ${(((t2 - t1) / frames) * 1e3).toFixed(2)} us a frame`,
  );
  return 0;
}

process.exitCode = main();
