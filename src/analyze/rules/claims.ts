/**
 * The latest claim of each address on each segment, within a window of packet time (arp-conflict's
 * flip-flop check): a ring of slots in time order. A slot leaves the ring once older than the window,
 * and its address is forgotten if that was its latest claim, so a scan of a million senders costs
 * the window's worth of memory, not the capture's.
 *
 * IPv4 addresses and Ethernet MACs (what ARP carries) are kept as numbers: in typed arrays and an
 * open-addressing table, no object or string kept per claim (a million senders would otherwise be a
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

export class ClaimWindow {
  private readonly segments = new Map<string, number>();
  /** Per segment: the latest claim of each address kept as text. */
  private readonly textual: Map<string, number>[] = [];

  // The ring. Claims are numbered in order (a number stays with its claim: the table and the maps
  // hold numbers, which growing the ring does not change); claim n is in slot n % capacity. In the
  // ring: claims head to head + count - 1, oldest first.
  private capacity = 1024;
  private head = 0;
  private count = 0;
  private time = new Float64Array(this.capacity);
  private segment = new Int32Array(this.capacity);
  /** The IPv4 address as a uint32, or -1 when the address is kept as text. */
  private ip = new Float64Array(this.capacity);
  private text: string[] = new Array<string>(this.capacity).fill('');
  /** The MAC as a number, or -1 when it is kept as text. */
  private macNum = new Float64Array(this.capacity);
  private macStr: string[] = new Array<string>(this.capacity).fill('');
  private frames: FrameRef[] = new Array<FrameRef>(this.capacity).fill(0);

  // The table for IPv4 addresses: (segment, address) -> claim number, linear probing, at most half full.
  private tableSize = 2048;
  private used = 0;
  private tIp = new Float64Array(this.tableSize);
  private tSeg = new Int32Array(this.tableSize);
  /** The claim number (-1: empty). */
  private tSlot = new Float64Array(this.tableSize).fill(EMPTY);

  /** The previous claim found by add(): its slot (valid until the next add), whether its MAC was the same, time and frame. */
  private prev = EMPTY;
  prevSameMac = false;
  prevTime = 0;
  prevFrame: FrameRef = 0;

  /** The previous claim's MAC (as text only when asked: it is rarely needed). */
  get prevMac(): string {
    const m = this.macNum[this.prev];
    return m >= 0 ? macText(m) : this.macStr[this.prev];
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
    if (this.count === this.capacity) this.growRing();
    if (2 * (this.used + 1) > this.tableSize) this.growTable();
    const ip = ipv4Number(address);
    const before = ip >= 0 ? this.lookup(seg, ip) : (this.textual[seg].get(address) ?? EMPTY);
    const prev = before === EMPTY ? EMPTY : before % this.capacity;

    const claim = this.head + this.count;
    const slot = claim % this.capacity;
    this.count++;
    this.time[slot] = time;
    this.segment[slot] = seg;
    this.ip[slot] = ip;
    this.text[slot] = ip >= 0 ? '' : address;
    const m = macNumber(mac);
    this.macNum[slot] = m;
    this.macStr[slot] = m >= 0 ? '' : mac;
    this.frames[slot] = frame;
    if (ip >= 0) this.store(seg, ip, claim);
    else this.textual[seg].set(address, claim);

    let found = false;
    if (prev !== EMPTY && time - this.time[prev] <= this.window) {
      found = true;
      this.prev = prev;
      this.prevSameMac = m >= 0 ? this.macNum[prev] === m : this.macStr[prev] === mac;
      this.prevTime = this.time[prev];
      this.prevFrame = this.frames[prev];
    }
    // Older than the window: gone (the slot just written stays).
    while (this.count > 1 && time - this.time[this.head % this.capacity] > this.window) this.drop();
    return found;
  }

  private drop(): void {
    const claim = this.head;
    const h = claim % this.capacity;
    const seg = this.segment[h];
    const ip = this.ip[h];
    if (ip >= 0) {
      const i = this.find(seg, ip);
      if (this.tSlot[i] === claim) this.remove(i);
    } else {
      const m = this.textual[seg];
      if (m.get(this.text[h]) === claim) m.delete(this.text[h]);
    }
    this.text[h] = '';
    this.macStr[h] = '';
    this.frames[h] = 0;
    this.head++;
    this.count--;
  }

  private hash(seg: number, ip: number): number {
    return (Math.imul(ip | 0, 0x9e3779b1) ^ Math.imul(seg + 1, 0x85ebca6b)) & (this.tableSize - 1);
  }

  /** The table index holding (seg, ip), or the empty one where it would go. */
  private find(seg: number, ip: number): number {
    const mask = this.tableSize - 1;
    let i = this.hash(seg, ip);
    while (this.tSlot[i] !== EMPTY && (this.tIp[i] !== ip || this.tSeg[i] !== seg)) i = (i + 1) & mask;
    return i;
  }

  private lookup(seg: number, ip: number): number {
    return this.tSlot[this.find(seg, ip)];
  }

  private store(seg: number, ip: number, claim: number): void {
    const i = this.find(seg, ip);
    if (this.tSlot[i] === EMPTY) {
      this.used++;
      this.tIp[i] = ip;
      this.tSeg[i] = seg;
    }
    this.tSlot[i] = claim;
  }

  /** Empties index i, moving later entries of its probe run back (no tombstones). */
  private remove(i: number): void {
    const mask = this.tableSize - 1;
    this.used--;
    let j = i;
    for (;;) {
      this.tSlot[i] = EMPTY;
      for (;;) {
        j = (j + 1) & mask;
        if (this.tSlot[j] === EMPTY) return;
        const k = this.hash(this.tSeg[j], this.tIp[j]);
        // j's entry may move to i if its home k is not cyclically within (i, j].
        if (i <= j ? i < k && k <= j : i < k || k <= j) continue;
        break;
      }
      this.tIp[i] = this.tIp[j];
      this.tSeg[i] = this.tSeg[j];
      this.tSlot[i] = this.tSlot[j];
      i = j;
    }
  }

  private growTable(): void {
    const oldIp = this.tIp;
    const oldSeg = this.tSeg;
    const oldSlot = this.tSlot;
    this.tableSize *= 2;
    this.tIp = new Float64Array(this.tableSize);
    this.tSeg = new Int32Array(this.tableSize);
    this.tSlot = new Float64Array(this.tableSize).fill(EMPTY);
    this.used = 0;
    for (let i = 0; i < oldSlot.length; i++) if (oldSlot[i] !== EMPTY) this.store(oldSeg[i], oldIp[i], oldSlot[i]);
  }

  /** Twice the slots: each claim moves to its slot in the larger ring (its number stays). */
  private growRing(): void {
    const n = this.capacity * 2;
    const time = new Float64Array(n);
    const segment = new Int32Array(n);
    const ip = new Float64Array(n);
    const text = new Array<string>(n).fill('');
    const macNum = new Float64Array(n);
    const macStr = new Array<string>(n).fill('');
    const frames = new Array<FrameRef>(n).fill(0);
    for (let claim = this.head; claim < this.head + this.count; claim++) {
      const from = claim % this.capacity;
      const to = claim % n;
      time[to] = this.time[from];
      segment[to] = this.segment[from];
      ip[to] = this.ip[from];
      text[to] = this.text[from];
      macNum[to] = this.macNum[from];
      macStr[to] = this.macStr[from];
      frames[to] = this.frames[from];
    }
    this.capacity = n;
    this.time = time;
    this.segment = segment;
    this.ip = ip;
    this.text = text;
    this.macNum = macNum;
    this.macStr = macStr;
    this.frames = frames;
  }
}
