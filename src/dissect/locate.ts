/**
 * First pass over a frame: find out, without allocating, whether it is one vrrpscope decodes
 * (VRRP/CARP, ARP/RARP, ICMPv6 ND, an ICMP error quoting VRRP) and where its layers start.
 *
 * Results go into a caller-owned Locator that is reset on every call, so the ~70-90% of frames on a
 * typical segment that are something else cost a few byte reads and no garbage. Dispatch is by
 * tables: link type -> link decoder, EtherType -> network kind, IP protocol -> transport kind.
 *
 * Tunnels are opened (VXLAN, Geneve, GRE with ERSPAN I/II/III or transparent Ethernet, 802.1ah PBB,
 * MPLS pseudowires and MPLS/IP), up to MAX_TUNNELS deep: the frame inside is what gets decoded, and
 * the chain of tunnels is recorded, because a VRRP group seen through a tunnel lives on the
 * tunnel's segment (an overlay VNI, a mirrored port), not on the capture link.
 *
 * This module is the dispatch loop; the layers are in locate/: locator.ts (the Locator and what it
 * can say), link.ts (EtherType table, link types, VLAN tags), tunnel.ts and ip.ts.
 */
import { ipv4, ipv6 } from './locate/ip.js';
import { ethernet, LINK_DECODERS, Net, netType, vlanStack } from './locate/link.js';
import { Kind, type Locator } from './locate/locator.js';
import { mpls, pbb, TUNNEL } from './locate/tunnel.js';

export { isSupportedLinkType } from './locate/link.js';
export { Kind, Locator, MAX_TAGS } from './locate/locator.js';

/** Locates the layers of one frame; returns (and stores in loc.kind) what it is. */
export function locate(b: Uint8Array, offset: number, caplen: number, linkType: number, loc: Locator): Kind {
  loc.reset(linkType, offset + caplen);
  const link = LINK_DECODERS[linkType];
  if (link === undefined) return Kind.None;
  let type = link(b, offset, loc);
  // Each pass handles one network layer; a tunnel sets up the next pass. Bounded by MAX_TUNNELS.
  for (;;) {
    if (type < 0) return Kind.None;
    let net = netType(type);
    if (net === Net.VlanTag) {
      type = vlanStack(b, type, loc);
      if (type < 0) return Kind.None;
      net = netType(type);
    }
    loc.ethertype = type;
    let k: Kind | typeof TUNNEL;
    switch (net) {
      case Net.Arp:
        return (loc.kind = Kind.Arp);
      case Net.Ipv4:
        k = ipv4(b, loc);
        break;
      case Net.Ipv6:
        k = ipv6(b, loc);
        break;
      case Net.Ethernet:
        type = ethernet(b, loc.l3, loc);
        continue;
      case Net.Pbb:
        type = pbb(b, loc);
        continue;
      case Net.Mpls:
        type = mpls(b, loc);
        continue;
      default:
        return Kind.None;
    }
    if (k !== TUNNEL) return (loc.kind = k);
    type = loc.ethertype;
  }
}
