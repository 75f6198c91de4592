/**
 * The L2 segments a capture shows and the virtual router groups on each: which group an advert
 * belongs to (segment, family, VRID), and which groups an ARP/ND claim's address is a virtual
 * address of. Looked up by numbers, not by a key built per packet, for the common frames.
 */
import type { DecodedPacket } from '../dissect/types.js';
import type { Family } from '../report/types.js';
import { segmentKey, segmentKeyOf } from './addresses.js';
import { GroupState } from './model.js';
import { withItem } from '../util/lists.js';

/** An L2 segment: its key (see segmentKey()) and the groups on it, by family and VRID (IPv6: 256 + VRID). */
export interface Segment {
  key: string;
  groups: GroupState[];
  byVrid: Map<number, GroupState>;
  /**
   * The groups each virtual address belongs to, in the order of `groups` (made with the first
   * address). The text of an address says its family, so the groups of one address share it.
   */
  byAddress: Map<string, GroupState[]> | null;
}

/**
 * No groups: one shared empty list, read-only by its type. Not frozen: a `for...of` over a frozen
 * array takes V8's generic path (an iterator and a result object per loop), and a loop that has
 * seen one does so for the lists it is given besides (measured: 2 ns a loop, then 15-20).
 */
export const NO_GROUPS: readonly GroupState[] = [];

export class Segments {
  /** Every group, by key. */
  readonly groups = new Map<string, GroupState>();
  /** Segments by key (see segmentKey()). */
  private readonly byKey = new Map<string, Segment>();
  /** The same segments by capture interface and VLAN tags as numbers (no tunnel): no key built per packet. */
  private readonly byNumber = new Map<number, Map<number, Segment>>();

  /** The packet's L2 segment: looked up by numbers when it has no tunnel and at most two VLAN tags. */
  of(p: DecodedPacket): Segment {
    const v = p.vlan;
    if (p.tunnel || v.length > 2) return this.named(segmentKeyOf(p));
    const where = p.link?.ifindex ?? p.ifIndex;
    const tags = v.length === 0 ? 0 : v.length === 1 ? v[0].id + 1 : 4097 + v[0].id * 4096 + v[1].id;
    let byTags = this.byNumber.get(where);
    if (!byTags) {
      byTags = new Map();
      this.byNumber.set(where, byTags);
    }
    let s = byTags.get(tags);
    if (!s) {
      s = this.named(segmentKeyOf(p));
      byTags.set(tags, s);
    }
    return s;
  }

  private named(key: string): Segment {
    let s = this.byKey.get(key);
    if (!s) {
      s = { key, groups: [], byVrid: new Map(), byAddress: null };
      this.byKey.set(key, s);
    }
    return s;
  }

  /** The group of an advert (a VRRP packet over IP) on segment s, made when first met. */
  group(p: DecodedPacket, s: Segment): GroupState {
    const family = p.ip!.version === 6 ? 'ipv6' : 'ipv4';
    const vrid = p.vrrp!.vrid;
    const index = family === 'ipv6' ? 256 + vrid : vrid;
    let g = s.byVrid.get(index);
    if (!g) {
      const key = `${s.key}|${family}|${vrid}`;
      const seg = segmentKey(p);
      const id = [seg.label, family, `vrid${vrid}`].filter(Boolean).join('/');
      g = new GroupState(
        key,
        id,
        seg.segment,
        p.tunnel,
        p.vlan.map((v) => v.id),
        family,
        vrid,
      );
      this.groups.set(key, g);
      s.groups = withItem(s.groups, g);
      s.byVrid.set(index, g);
    }
    return g;
  }

  /** `a` became a virtual address of g: g joins the address's groups on its segment, in the order of s.groups. */
  addAddress(s: Segment, g: GroupState, a: string): void {
    const byAddress = (s.byAddress ??= new Map<string, GroupState[]>());
    const list = byAddress.get(a);
    if (!list) {
      byAddress.set(a, [g]);
      return;
    }
    const at = s.groups.indexOf(g);
    let i = list.length;
    while (i > 0 && s.groups.indexOf(list[i - 1]) > at) i--;
    list.splice(i, 0, g);
  }

  /** The groups on s with `address` among their virtual addresses: none for most claims (hosts' own addresses). */
  withAddress(s: Segment, address: string, family: Family): readonly GroupState[] {
    const found = s.byAddress?.get(address);
    return found && found[0].family === family ? found : NO_GROUPS;
  }
}
