/**
 * The latest claim of each address on each segment, within a window of packet time (arp-conflict's
 * flip-flop check). One entry per address, overwritten by each claim: a host repeating its ARP every
 * second costs one entry, not one per claim. Entries older than the window are swept out whenever
 * the table fills up, so a scan of a million senders costs the window's worth of memory, not the
 * capture's, and the sweep is paid for by the claims that filled the table (O(1) amortized).
 *
 * IPv4 addresses and Ethernet MACs (what ARP carries) are kept as numbers: in typed arrays with
 * open addressing, no object or string kept per address (a million senders would otherwise be a
 * million strings for the collector to copy and a Map to miss in). Anything else (IPv6, other
 * hardware addresses) is kept as text in a Map per segment.
 */
import type { FrameRef } from '../../report/types.js';

const EMPTY = -1;

/** Dotted-quad text as a uint32, or -1 unless it is exactly the form the dissector prints. */
export function ipv4Number(s: string): number {
  let n = 0;
  let part = 0;
  let digits = 0;
  let parts = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || parts === 3) return -1;
      n = n * 256 + part;
      parts++;
      part = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && part === 0) return -1; // a leading zero: not the printed form
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return -1;
    } else return -1;
  }
  if (digits === 0 || parts !== 3) return -1;
  return n * 256 + part;
}

const hexDigit = (c: number): number => (c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1);

/** "02:99:00:00:00:01" (lower case, as printed) as a 48-bit number, or -1. */
export function macNumber(s: string): number {
  if (s.length !== 17) return -1;
  let n = 0;
  for (let i = 0; i < 17; i += 3) {
    const hi = hexDigit(s.charCodeAt(i));
    const lo = hexDigit(s.charCodeAt(i + 1));
    if (hi < 0 || lo < 0 || (i < 15 && s.charCodeAt(i + 2) !== 58)) return -1;
    n = n * 256 + hi * 16 + lo;
  }
  return n;
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** The text of macNumber()'s number. */
export function macText(n: number): string {
  let s = '';
  for (let i = 5; i >= 0; i--) {
    const byte = Math.floor(n / 2 ** (8 * i)) % 256;
    s += i === 5 ? HEX[byte] : `:${HEX[byte]}`;
  }
  return s;
}

/** The latest claim of an address kept as text. */
interface TextClaim {
  mac: string;
  time: number;
  frame: FrameRef;
}

/** Entries to start with (a power of two); see sweep() for when there are more. */
const INITIAL_ENTRIES = 1024;

export class ClaimWindow {
  private readonly segments = new Map<string, number>();
  /** Per segment: the latest claim of each address kept as text. */
  private readonly textual: Map<string, TextClaim>[] = [];
  /** Addresses kept as text, and how many may be before the stale ones are swept out. */
  private textCount = 0;
  private textLimit = INITIAL_ENTRIES;
  /** The latest claim time so far (what a sweep measures the window from). */
  private latest = -Infinity;

  // The IPv4 addresses: entries (segment, address, latest claim) in arrays, at most `capacity` of
  // them, found through an index of twice as many slots (linear probing, at most half full).
  private capacity = INITIAL_ENTRIES;
  private entries = 0;
  private seg = new Int32Array(this.capacity);
  /** The address as a uint32, stored as int32. */
  private ip = new Int32Array(this.capacity);
  private time = new Float64Array(this.capacity);
  /** The MAC as a number, or -1 when it is kept as text (in macStr, made when first needed). */
  private mac = new Float64Array(this.capacity);
  private macStr: string[] | null = null;
  private frames: FrameRef[] = new Array<FrameRef>(this.capacity).fill(0);
  /** Index slot -> entry number (-1: empty). */
  private index = new Int32Array(2 * this.capacity).fill(EMPTY);

  /** The previous claim found by add(): whether its MAC was the same, its MAC, time and frame. */
  prevSameMac = false;
  prevTime = 0;
  prevFrame: FrameRef = 0;
  private prevMacNum = EMPTY;
  private prevMacStr = '';

  /** The previous claim's MAC (as text only when asked: it is rarely needed). */
  get prevMac(): string {
    return this.prevMacNum >= 0 ? macText(this.prevMacNum) : this.prevMacStr;
  }

  /** Room for IPv4 addresses (tests: it stays bounded by the claims within the window). */
  get tableSlots(): number {
    return this.capacity;
  }

  constructor(private readonly window: number) {}

  /**
   * Records that `mac` claimed `address` on `segment` at `time`. True if the address had a claim
   * there before, within the window (see prevSameMac, prevMac, prevTime, prevFrame).
   */
  add(segmentKey: string, address: string, mac: string, time: number, frame: FrameRef): boolean {
    let seg = this.segments.get(segmentKey);
    if (seg === undefined) {
      seg = this.segments.size;
      this.segments.set(segmentKey, seg);
      this.textual.push(new Map());
    }
    const ip = ipv4Number(address);
    const found = ip >= 0 ? this.addNumber(seg, ip, mac, time, frame) : this.addText(seg, address, mac, time, frame);
    if (time > this.latest) this.latest = time;
    return found;
  }

  /**
   * Whether the claim made at `then` is still within the window of a claim made at `time`: at most
   * `window` seconds before it, and before every claim so far (a frame a little out of order does
   * not bring back a claim that later frames had already put out of the window).
   */
  private within(then: number, time: number): boolean {
    return time - then <= this.window && !this.stale(then);
  }

  private addNumber(seg: number, ip: number, mac: string, time: number, frame: FrameRef): boolean {
    const m = macNumber(mac);
    const v = ip | 0;
    let i = this.find(seg, v);
    let e = this.index[i];
    let found = false;
    if (e === EMPTY) {
      if (this.entries === this.capacity) {
        this.sweep();
        i = this.find(seg, v);
      }
      e = this.entries++;
      this.index[i] = e;
      this.seg[e] = seg;
      this.ip[e] = v;
    } else if (this.within(this.time[e], time)) {
      found = true;
      const was = this.mac[e];
      this.prevMacNum = was;
      this.prevMacStr = was >= 0 ? '' : this.macStr![e];
      this.prevSameMac = m >= 0 ? was === m : this.prevMacStr === mac;
      this.prevTime = this.time[e];
      this.prevFrame = this.frames[e];
    }
    this.time[e] = time;
    this.mac[e] = m;
    if (m < 0) (this.macStr ??= new Array<string>(this.capacity).fill(''))[e] = mac;
    else if (this.macStr) this.macStr[e] = '';
    this.frames[e] = frame;
    return found;
  }

  private addText(seg: number, address: string, mac: string, time: number, frame: FrameRef): boolean {
    const byAddress = this.textual[seg];
    const c = byAddress.get(address);
    if (!c) {
      if (++this.textCount > this.textLimit) this.sweepText();
      byAddress.set(address, { mac, time, frame });
      return false;
    }
    let found = false;
    if (this.within(c.time, time)) {
      found = true;
      this.prevMacNum = EMPTY;
      this.prevMacStr = c.mac;
      this.prevSameMac = c.mac === mac;
      this.prevTime = c.time;
      this.prevFrame = c.frame;
    }
    c.mac = mac;
    c.time = time;
    c.frame = frame;
    return found;
  }

  /** Whether a claim made at `time` is out of the window of the latest claim (forgotten at the next sweep). */
  private stale(time: number): boolean {
    return this.latest - time > this.window;
  }

  /** The addresses kept as text, without their stale claims (the limit: twice what stays). */
  private sweepText(): void {
    let live = 0;
    for (const byAddress of this.textual) {
      for (const [address, c] of byAddress) {
        if (this.stale(c.time)) byAddress.delete(address);
        else live++;
      }
    }
    this.textCount = live + 1;
    this.textLimit = Math.max(INITIAL_ENTRIES, 2 * this.textCount);
  }

  private hash(seg: number, ip: number): number {
    return (Math.imul(ip, 0x9e3779b1) ^ Math.imul(seg + 1, 0x85ebca6b)) & (this.index.length - 1);
  }

  /** The index slot of (seg, ip), or the empty one where it would go. */
  private find(seg: number, ip: number): number {
    const { index } = this;
    const mask = index.length - 1;
    let i = this.hash(seg, ip);
    for (let e = index[i]; e !== EMPTY && (this.ip[e] !== ip || this.seg[e] !== seg); e = index[i]) i = (i + 1) & mask;
    return i;
  }

  /**
   * The entries are full: those whose claim is out of the window go, the rest move to the front
   * (in the same arrays, in order), and the index is rebuilt. Room doubles if more than three
   * quarters stay, so at least a quarter of the room fills before the next sweep: O(1) amortized.
   */
  private sweep(): void {
    const { seg, ip, time, mac, macStr, frames } = this;
    let live = 0;
    for (let e = 0; e < this.entries; e++) {
      if (this.stale(time[e])) continue;
      seg[live] = seg[e];
      ip[live] = ip[e];
      time[live] = time[e];
      mac[live] = mac[e];
      if (macStr) macStr[live] = macStr[e];
      frames[live] = frames[e];
      live++;
    }
    for (let e = live; e < this.entries; e++) {
      frames[e] = 0;
      if (macStr) macStr[e] = '';
    }
    this.entries = live;
    if (4 * live > 3 * this.capacity) {
      const n = 2 * this.capacity;
      this.seg = grown(Int32Array, seg, n);
      this.ip = grown(Int32Array, ip, n);
      this.time = grown(Float64Array, time, n);
      this.mac = grown(Float64Array, mac, n);
      if (macStr) this.macStr = macStr.concat(new Array<string>(this.capacity).fill(''));
      this.frames = frames.concat(new Array<FrameRef>(this.capacity).fill(0));
      this.capacity = n;
      this.index = new Int32Array(2 * n);
    }
    this.index.fill(EMPTY);
    for (let e = 0; e < live; e++) this.index[this.find(this.seg[e], this.ip[e])] = e;
  }
}

/** A typed array of `n` elements starting with `a`'s. */
function grown<T extends Int32Array | Float64Array>(kind: { new (n: number): T }, a: T, n: number): T {
  const b = new kind(n);
  b.set(a);
  return b;
}
