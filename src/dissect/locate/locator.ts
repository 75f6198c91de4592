/** The caller-owned result of the first pass (see ../locate.ts): what a frame is and where its layers start. */

export const enum Kind {
  None = 0,
  Arp = 1,
  /** IP protocol 112: VRRP or CARP (told apart by the decoder). */
  Ip112 = 2,
  Nd = 3,
  IcmpQuote = 4,
}

/** Most VLAN tags recorded per frame; deeper stacks are still walked, and flagged. */
export const MAX_TAGS = 8;
/** Most nested tunnels opened per frame. */
const MAX_TUNNELS = 4;

export const enum Tunnel {
  Vxlan = 1,
  Geneve = 2,
  Gre = 3,
  Erspan = 4,
  Pbb = 5,
  Mpls = 6,
}

export class Locator {
  kind: Kind = Kind.None;
  linkType = 0;
  /** Offsets in the buffer (-1 when absent). */
  linkSrc = -1;
  linkSrcLen = 0;
  linkDst = -1;
  pktType = -1;
  ifindex = -1;
  llcSnap = false;
  vlanCount = 0;
  readonly vlanTpid = new Uint16Array(MAX_TAGS);
  readonly vlanTci = new Uint16Array(MAX_TAGS);
  /** Network layer: EtherType and offset. */
  ethertype = 0;
  l3 = 0;
  /** IP: header start, version, end of all headers (start of the transport), declared end. */
  ipVersion = 0;
  l4 = 0;
  /** End of the IP packet as declared by its length field (may exceed `end` when cut by the snaplen). */
  ipEnd = 0;
  fragment = false;
  /**
   * The IP header cannot be trusted to find the VRRP message: cut short by the capture (with the
   * protocol field still readable), or an IPv4 header length below 20. The frame is reported as a
   * malformed VRRP packet and its payload is not decoded.
   */
  ipBroken = false;
  /** Tunnels opened to reach the decoded frame, outermost first: kind and id (VNI, key, session, I-SID, label). */
  tunnelCount = 0;
  readonly tunnelKind = new Uint8Array(MAX_TUNNELS);
  readonly tunnelId = new Float64Array(MAX_TUNNELS);
  /** Frame end: offset + caplen. */
  end = 0;

  reset(linkType: number, end: number): void {
    this.kind = Kind.None;
    this.linkType = linkType;
    this.linkSrc = -1;
    this.linkSrcLen = 0;
    this.linkDst = -1;
    this.pktType = -1;
    this.ifindex = -1;
    this.llcSnap = false;
    this.vlanCount = 0;
    this.ethertype = 0;
    this.l3 = 0;
    this.ipVersion = 0;
    this.l4 = 0;
    this.ipEnd = 0;
    this.fragment = false;
    this.ipBroken = false;
    this.tunnelCount = 0;
    this.end = end;
  }

  /** Records a tunnel; false when too many are nested. */
  enter(kind: Tunnel, id: number): boolean {
    if (this.tunnelCount >= MAX_TUNNELS) return false;
    this.tunnelKind[this.tunnelCount] = kind;
    this.tunnelId[this.tunnelCount] = id;
    this.tunnelCount++;
    return true;
  }
}
