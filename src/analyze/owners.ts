/**
 * Who answered ARP / neighbor discovery for a group's virtual addresses (ARP replies, gratuitous
 * ARPs, NAs), from when to when: the report's `owners`. At most MAX_OWNERS are kept; past that, a
 * MAC that is no router's of the group and not its virtual MAC (a flood, a spoofing tool with
 * random MACs) is only counted, once per address, in `count`.
 */
import type { AddressOwner } from '../report/types.js';
import { addToSet } from '../util/multimap.js';

const MAX_OWNERS = 1000;

/** What deciding whether a MAC is always kept needs of the group. */
interface OwnersGroup {
  virtualMac: string;
  withMac(mac: string): readonly unknown[];
}

export class AddressOwners {
  /** By address and MAC (no key built per claim); made with the first answer (most groups of a large segment get none). */
  private byAddress: Map<string, Map<string, AddressOwner>> | null = null;
  /** The same entries in the order made (the report's order for equal times). */
  private readonly kept: AddressOwner[] = [];
  /** The pairs past MAX_OWNERS, by address: their MACs. */
  private notKept: Map<string, Set<string>> | null = null;
  private notKeptCount = 0;

  /** `group`: the group whose owners these are (read when an owner is not kept: its routers' MACs). */
  constructor(private readonly group: OwnersGroup) {}

  /** `mac` answered for `address` at t, with a gratuitous ARP / unsolicited NA or another reply. */
  answer(address: string, mac: string, t: number, announcement: boolean): void {
    const byAddress = (this.byAddress ??= new Map<string, Map<string, AddressOwner>>());
    let byMac = byAddress.get(address);
    if (!byMac) byAddress.set(address, (byMac = new Map<string, AddressOwner>()));
    let o = byMac.get(mac);
    if (!o) {
      const g = this.group;
      if (this.kept.length >= MAX_OWNERS && mac !== g.virtualMac && g.withMac(mac).length === 0) {
        this.countNotKept(address, mac);
        return;
      }
      o = { address, mac, from: t, to: t, gratuitous: 0, replies: 0 };
      byMac.set(mac, o);
      this.kept.push(o);
    }
    o.to = t;
    if (announcement) o.gratuitous++;
    else o.replies++;
  }

  /** The owners kept, in the order made. */
  list(): readonly AddressOwner[] {
    return this.kept;
  }

  /** Every address-MAC pair that answered, kept or not. */
  get count(): number {
    return this.kept.length + this.notKeptCount;
  }

  private countNotKept(address: string, mac: string): void {
    if (addToSet((this.notKept ??= new Map<string, Set<string>>()), address, mac)) this.notKeptCount++;
  }
}
