/**
 * Whole repeated adverts. A router sends the same advert every interval: the same link header,
 * VLAN tags, IP header (but for the IPv4 identification, and with it the header checksum, which
 * the kernel fills in per packet) and VRRP message. A frame whose captured bytes are those of the
 * last one cached in its slot, but for those four bytes, and whose IPv4 header checksum verifies,
 * decodes to the same link, VLAN, IP and VRRP parts: they are handed out again in a new packet of
 * its own frame number and time (decoded packets are read, never changed). The IPv4 identification
 * is not decoded, so nothing that a decode gives differs. Only complete, untunnelled adverts that
 * raised no issue and whose checksum verified are cached.
 */
import { addWords, verifies } from './checksum.js';
import type { Locator } from './locate.js';
import type { DecodedPacket, IpInfo, LinkInfo, VlanTag, VrrpInfo } from './types.js';
import type { CapturedPacket } from '../capture/packet.js';
import { packetShell } from './packet-shell.js';

/** Cache slots, and the longest frame cached (a VRRPv2 advert with 12 addresses behind two VLAN tags is 106 bytes). */
const SLOT_BITS = 12;
const SLOTS = 1 << SLOT_BITS;
const FRAME_MAX = 128;
/** Misses in a row after which a slot takes the next advert that lands in it. */
const REPLACE_AFTER = 32;

export class AdvertCache {
  private readonly bytes = new Uint8Array(SLOTS * FRAME_MAX);
  private readonly cached = new DataView(this.bytes.buffer);
  /** The buffer frames were last read from, and a view of it (read four bytes at a time). */
  private viewed: Uint8Array | null = null;
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  /** Captured length per slot (-1: empty), and the link type it came over. */
  private readonly lengths = new Int16Array(SLOTS).fill(-1);
  private readonly linkTypes = new Int32Array(SLOTS);
  /** Per slot, the frames that missed it since it last hit (see put). */
  private readonly misses = new Uint8Array(SLOTS);
  /** Per slot, whose advert it holds: the last four bytes of the IP source, and the VRID and VLAN ID. */
  private readonly senders = new Uint32Array(SLOTS);
  private readonly groups = new Int32Array(SLOTS);
  /** What the advert of each slot decoded to, handed out again (arrays by part: nothing allocated per advert kept). */
  private readonly vlans: VlanTag[][] = new Array<VlanTag[]>(SLOTS).fill([]);
  private readonly links: (LinkInfo | undefined)[] = new Array<LinkInfo | undefined>(SLOTS).fill(undefined);
  private readonly ips: (IpInfo | null)[] = new Array<IpInfo | null>(SLOTS).fill(null);
  private readonly vrrps: (VrrpInfo | null)[] = new Array<VrrpInfo | null>(SLOTS).fill(null);

  /** The last frame's sender (the last four bytes of its IP source) and group (VRID and VLAN ID), and its slot. */
  private sender = 0;
  private group = 0;
  private slot = 0;

  /** Sets sender, group and slot for the advert located in `loc`. */
  private identify(b: Uint8Array, loc: Locator): void {
    const src = loc.ipVersion === 6 ? loc.l3 + 20 : loc.l3 + 12;
    const vlan = loc.vlanCount > 0 ? loc.vlanTci[0] & 0x0fff : 0;
    this.sender = ((b[src] << 24) | (b[src + 1] << 16) | (b[src + 2] << 8) | b[src + 3]) >>> 0;
    this.group = (b[loc.l4 + 1] << 16) | vlan;
    const key = (b[src + 2] << 16) | (b[src + 3] << 8) | b[loc.l4 + 1];
    this.slot = Math.imul(key ^ Math.imul(vlan, 0x85ebca6b), 0x9e3779b1) >>> (32 - SLOT_BITS);
  }

  /** Whether frame `p` is the advert cached in slot i (see the top of this file). */
  private matches(i: number, p: CapturedPacket, loc: Locator): boolean {
    const start = p.offset;
    if (this.lengths[i] !== loc.end - start || this.linkTypes[i] !== p.linkType) return false;
    const b = p.data;
    if (b !== this.viewed) {
      this.viewed = b;
      this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    }
    const v = this.view;
    const base = i * FRAME_MAX - start;
    if (loc.ipVersion !== 4) return this.same(v, start, loc.end, base);
    // All but the identification (bytes 4-5 of the IP header) and the header checksum (10-11).
    return (
      this.same(v, start, loc.l3 + 4, base) &&
      this.same(v, loc.l3 + 6, loc.l3 + 10, base) &&
      this.same(v, loc.l3 + 12, loc.end, base) &&
      verifies(addWords(b, loc.l3, loc.l4))
    );
  }

  /** Whether the frame's bytes [from, to) are the cache's at [base + from, base + to): four at a time. */
  private same(v: DataView<ArrayBufferLike>, from: number, to: number, base: number): boolean {
    const c = this.cached;
    let k = from;
    for (; k + 4 <= to; k += 4) if (v.getInt32(k) !== c.getInt32(base + k)) return false;
    const bytes = this.bytes;
    for (; k < to; k++) if (v.getUint8(k) !== bytes[base + k]) return false;
    return true;
  }

  /** The packet of frame `p` (located as an IP protocol 112 frame in `loc`) from the cache, or null. */
  get(p: CapturedPacket, loc: Locator): DecodedPacket | null {
    const i = this.find(p, loc);
    return i < 0 ? null : this.packet(p, i);
  }

  /** The slot whose advert frame `p` (located in `loc`) repeats, or -1 (see get). */
  find(p: CapturedPacket, loc: Locator): number {
    if (!fits(p, loc)) return -1;
    this.identify(p.data, loc);
    const i = this.slot;
    if (this.lengths[i] < 0) return -1;
    // Another router's advert in the slot is told by its sender and group alone.
    if (this.senders[i] !== this.sender || this.groups[i] !== this.group || !this.matches(i, p, loc)) {
      if (this.misses[i] < REPLACE_AFTER) this.misses[i]++;
      return -1;
    }
    this.misses[i] = 0;
    return i;
  }

  /** Frame `p` as the advert kept in slot i: its parts in a packet of p's own number and time. */
  packet(p: CapturedPacket, i: number): DecodedPacket {
    // The layers added in the order a fresh decode adds them (one shape for the engine).
    const out = packetShell(p, this.vlans[i], []);
    const link = this.links[i];
    if (link) out.link = link;
    out.ip = this.ips[i]!;
    out.vrrp = this.vrrps[i]!;
    out.kind = 'vrrp';
    return out;
  }

  /**
   * Keeps `out`, the fresh decode of frame `p` located in `loc`, if it is an advert that can be
   * cached (called after find() missed it): the slot it was kept in, or -1.
   */
  put(p: CapturedPacket, loc: Locator, out: DecodedPacket): number {
    if (!fits(p, loc)) return -1;
    if (out.kind !== 'vrrp' || !out.vrrp || !out.ip || out.issues.length > 0 || out.tunnel) return -1;
    if (loc.ipVersion === 4 ? out.ip.headerChecksum !== 'valid' : loc.ipVersion !== 6) return -1;
    const start = p.offset;
    const b = p.data;
    const { slot: i, sender, group } = this;
    // A router's new advert (its priority changed) takes its slot at once. Another router's waits
    // until the slot has missed REPLACE_AFTER times in a row: more routers than slots (thousands of
    // VLANs) do not evict each other on every advert, each eviction keeping objects that soon die.
    if (this.lengths[i] >= 0 && this.misses[i] < REPLACE_AFTER) {
      if (this.senders[i] !== sender || this.groups[i] !== group) return -1;
    }
    this.misses[i] = 0;
    this.senders[i] = sender;
    this.groups[i] = group;
    const c = this.bytes;
    const base = i * FRAME_MAX - start;
    for (let k = start; k < loc.end; k++) c[base + k] = b[k];
    this.lengths[i] = loc.end - start;
    this.linkTypes[i] = p.linkType;
    this.keep(i, out);
    return i;
  }

  /**
   * Keeps `out`'s parts in slot i (an advert the capture thread's own cache kept there: see
   * Dissector.screen). Its bytes are not kept: this side never compares, it hands out.
   */
  keep(i: number, out: DecodedPacket): void {
    this.vlans[i] = out.vlan;
    this.links[i] = out.link;
    this.ips[i] = out.ip!;
    this.vrrps[i] = out.vrrp!;
  }
}

/** Whether frame `p`, located in `loc`, is one the cache may hold: short, untunnelled, whole, its VRID captured. */
function fits(p: CapturedPacket, loc: Locator): boolean {
  return (
    loc.end - p.offset <= FRAME_MAX && loc.tunnelCount === 0 && !loc.fragment && !loc.ipBroken && loc.l4 + 2 <= loc.end
  );
}
