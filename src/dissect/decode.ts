/**
 * Frame -> DecodedPacket for the frames vrrpscope cares about; null (and no allocation) for the rest.
 * Never throws on packet content: problems become DecodeIssues on the result.
 */
import {
  isRepeat,
  keepIn,
  NOT_DECODED,
  NOT_SCREENED,
  repeatOf,
  SCREENED,
  slotOf,
  type CapturedPacket,
} from '../capture/packet.js';
import { decodeArp } from './arp.js';
import { hexColon, mac } from './bytes.js';
import { decodeIcmpQuote } from './icmp.js';
import { decodeIp } from './ip.js';
import { Kind, locate, Locator, MAX_TAGS } from './locate.js';
import { decodeNd } from './nd.js';
import type { DecodedPacket, DecodeIssue, LinkInfo, PacketKind, TunnelInfo, TunnelType, VlanTag } from './types.js';
import { decodeIp112, isCarp, VrrpCache } from './vrrp.js';
import { AdvertCache } from './advert-cache.js';
import { packetShell } from './packet-shell.js';

export { Kind } from './locate.js';

/** Reusable decoder: owns the Locator that makes skipping frames allocation-free. */
export class Dissector {
  private readonly loc = new Locator();
  /** Repeated adverts decode once: whole (AdvertCache), or their VRRP message (VrrpCache). */
  private readonly vrrpCache = new VrrpCache();
  private readonly adverts = new AdvertCache();

  /** Classifies a frame without building anything. */
  classify(p: CapturedPacket): Kind {
    return locate(p.data, p.offset, p.caplen, p.linkType, this.loc);
  }

  /** What decode() would call the frame, without building it (no allocation); null if not decoded. */
  kindOf(p: CapturedPacket): PacketKind | null {
    const loc = this.loc;
    switch (locate(p.data, p.offset, p.caplen, p.linkType, loc)) {
      case Kind.Arp:
        return 'arp';
      case Kind.Ip112:
        if (loc.fragment || loc.ipBroken) return 'vrrp';
        return isCarp(p.data, loc.l4, loc.end, loc) ? 'carp' : 'vrrp';
      case Kind.Nd:
        return 'nd';
      case Kind.IcmpQuote:
        return 'icmp';
      default:
        return null;
    }
  }

  decode(p: CapturedPacket): DecodedPacket | null {
    const screen = p.screen;
    // A repeat the capture thread found: no bytes came with it, its advert is kept here.
    if (isRepeat(screen)) return this.adverts.packet(p, slotOf(screen));
    const kind = locate(p.data, p.offset, p.caplen, p.linkType, this.loc);
    if (kind === Kind.None) return null;
    if (kind !== Kind.Ip112) return build(p, kind, this.loc, this.vrrpCache);
    if (screen === NOT_SCREENED) {
      const hit = this.adverts.get(p, this.loc);
      if (hit) return hit;
    }
    const out = build(p, kind, this.loc, this.vrrpCache);
    if (!out) return out;
    if (screen === NOT_SCREENED) this.adverts.put(p, this.loc, out);
    else if (screen > SCREENED) this.adverts.keep(slotOf(screen), out);
    return out;
  }

  /**
   * For the capture thread: the screen code of frame `p` (see CapturedPacket.screen), from this
   * dissector's cache of whole adverts, which the analysis thread's dissector then mirrors without
   * comparing a byte: a repeat is passed on without its bytes, and the decode of an advert this
   * cache kept is kept in the same slot there. NOT_DECODED for a frame the dissector does not
   * decode; SCREENED for any other, and for one longer than `maxBytes` (the ring passes it cut, and
   * it is decoded as cut: adverts never are).
   */
  screen(p: CapturedPacket, maxBytes: number): number {
    const kind = locate(p.data, p.offset, p.caplen, p.linkType, this.loc);
    if (kind === Kind.None) return NOT_DECODED;
    if (kind !== Kind.Ip112 || p.caplen > maxBytes) return SCREENED;
    const i = this.adverts.find(p, this.loc);
    if (i >= 0) return repeatOf(i);
    const out = build(p, kind, this.loc, this.vrrpCache);
    const kept = out ? this.adverts.put(p, this.loc, out) : -1;
    return kept >= 0 ? keepIn(kept) : SCREENED;
  }
}

function build(p: CapturedPacket, kind: Kind, loc: Locator, cache: VrrpCache): DecodedPacket | null {
  const b = p.data;
  const issues: DecodeIssue[] = [];
  const out = packetShell(p, vlanTags(loc, issues), issues);
  if (loc.tunnelCount > 0) out.tunnel = tunnels(loc);
  const link = linkInfo(b, loc);
  if (link) out.link = link;

  // Each decoder gets the view of its layer, b[start, end): an IP payload ends where its IP packet
  // does, if that comes before the end of the capture.
  const ipPayloadEnd = Math.min(loc.end, loc.ipEnd);
  switch (kind) {
    case Kind.Arp: {
      const arp = decodeArp(b, loc.l3, loc.end, issues);
      if (arp) out.arp = arp;
      out.kind = 'arp';
      break;
    }
    case Kind.Ip112: {
      addIp(out, b, loc, issues);
      if (loc.fragment || loc.ipBroken) {
        out.kind = 'vrrp';
        break;
      }
      const r = decodeIp112(b, loc.l4, ipPayloadEnd, issues, loc, cache);
      if (r.carp) {
        out.carp = r.carp;
        out.kind = 'carp';
      } else {
        if (r.vrrp) out.vrrp = r.vrrp;
        out.kind = 'vrrp';
      }
      break;
    }
    case Kind.Nd: {
      addIp(out, b, loc, issues);
      const nd = decodeNd(b, loc.l4, ipPayloadEnd, issues);
      if (nd) out.nd = nd;
      out.kind = 'nd';
      break;
    }
    case Kind.IcmpQuote: {
      addIp(out, b, loc, issues);
      // The quote is looked for up to the end of the capture, as the first pass did.
      const icmp = decodeIcmpQuote(b, loc.l4, loc.end, issues, loc);
      if (icmp) out.icmp = icmp;
      out.kind = 'icmp';
      break;
    }
    default:
      return null;
  }
  return out;
}

function addIp(out: DecodedPacket, b: Uint8Array, loc: Locator, issues: DecodeIssue[]): void {
  const info = decodeIp(b, loc.l3, loc.end, issues, loc);
  if (info) out.ip = info;
}

const TUNNEL_TYPES: TunnelType[] = ['vxlan', 'vxlan', 'geneve', 'gre', 'erspan', 'pbb', 'mpls'];

function tunnels(loc: Locator): TunnelInfo[] {
  const out: TunnelInfo[] = [];
  for (let i = 0; i < loc.tunnelCount; i++) out.push({ type: TUNNEL_TYPES[loc.tunnelKind[i]], id: loc.tunnelId[i] });
  return out;
}

function vlanTags(loc: Locator, issues: DecodeIssue[]): VlanTag[] {
  const n = Math.min(loc.vlanCount, MAX_TAGS);
  if (n === 0) return [];
  const tags: VlanTag[] = [];
  for (let i = 0; i < n; i++) {
    const tci = loc.vlanTci[i];
    tags.push({ tpid: loc.vlanTpid[i], id: tci & 0x0fff, pcp: tci >> 13, dei: (tci & 0x1000) !== 0 });
  }
  if (loc.vlanCount > MAX_TAGS) {
    issues.push({
      code: 'vlan.too-deep',
      detail: `${loc.vlanCount} VLAN tags; only the outer ${MAX_TAGS} are reported`,
    });
  }
  return tags;
}

function linkInfo(b: Uint8Array, loc: Locator): LinkInfo | undefined {
  if (loc.linkSrc < 0 && loc.linkDst < 0) return undefined;
  if (
    loc.linkSrc >= 0 &&
    loc.linkSrcLen === 6 &&
    loc.linkDst >= 0 &&
    loc.pktType < 0 &&
    loc.ifindex < 0 &&
    !loc.llcSnap
  ) {
    // Ethernet II, nearly every frame: the object in one literal (the fields in the order below).
    return { src: mac(b, loc.linkSrc), dst: mac(b, loc.linkDst) };
  }
  const info: LinkInfo = {};
  if (loc.linkSrc >= 0 && loc.linkSrcLen > 0) {
    info.src = loc.linkSrcLen === 6 ? mac(b, loc.linkSrc) : hexColon(b, loc.linkSrc, loc.linkSrcLen);
  }
  if (loc.linkDst >= 0) info.dst = mac(b, loc.linkDst);
  if (loc.pktType >= 0) info.pktType = loc.pktType;
  if (loc.ifindex >= 0) info.ifindex = loc.ifindex;
  if (loc.llcSnap) info.llcSnap = true;
  return info;
}

export type { DecodedPacket, PacketKind };
