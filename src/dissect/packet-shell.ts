/** The fields of a decoded packet that every frame has, in one order: one shape for every packet. */
import type { CapturedPacket } from '../capture/packet.js';
import type { DecodedPacket, DecodeIssue, VlanTag } from './types.js';

/**
 * A packet of frame `p` with its VLAN tags and issues and no layer yet (kind 'arp' until a layer
 * says otherwise): the decoder and the cache of whole adverts both start from it, so the engine
 * sees one shape whichever made the packet.
 */
export function packetShell(p: CapturedPacket, vlan: VlanTag[], issues: DecodeIssue[]): DecodedPacket {
  return {
    kind: 'arp',
    input: p.input,
    frame: p.frame,
    sec: p.sec,
    nsec: p.nsec,
    linkType: p.linkType,
    section: p.section,
    ifIndex: p.ifIndex,
    vlan,
    issues,
  };
}
