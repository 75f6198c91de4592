/**
 * One letter (and color) per router across every group, kept for the whole run: `A` is the same
 * router in every row, strip and detail view, and a router heard later takes the next free letter
 * without renaming the others.
 *
 * A router is its MAC address: one box serving forty VLANs advertises from forty addresses but one
 * MAC, and is one letter. Where the MAC cannot tell routers apart it is the advert's source address
 * instead: the VRRP virtual MAC (00:00:5e:00:01:xx, 00:00:5e:00:02:xx: FRR and Cisco advertise from
 * it), or one MAC shared by two routers of a group.
 */
import type { RouterReport } from '../report/types.js';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** The letter of routers beyond the 62 letters and digits. */
const NO_LETTER = '*';

/** Colors per router, by letter index; red is kept for split brain and no master. */
const ROUTER_COLORS = ['cyan', 'magenta', 'blue', 'yellow', 'green', 'whiteBright'] as const;

export function routerColor(letter: string): (typeof ROUTER_COLORS)[number] {
  const i = LETTERS.indexOf(letter);
  return ROUTER_COLORS[(i < 0 ? 0 : i) % ROUTER_COLORS.length];
}

const VIRTUAL_MAC = /^00:00:5e:00:0[12]:/i;

export interface LegendEntry {
  letter: string;
  /** The MAC, or the address when the router is known by its address. */
  name: string;
  /** Addresses the router advertised from, in the order first heard. */
  addresses: string[];
}

interface GroupRouters {
  id: string;
  routers: readonly Pick<RouterReport, 'address' | 'mac' | 'firstSeen'>[];
  /** Masters of periods that have no router entry (kept for completeness). */
  masters?: readonly string[];
}

/** Assigns letters in order of first appearance; append-only across calls (live snapshots). */
export class RouterIdentity {
  private readonly letterOf = new Map<string, string>();
  private readonly entries: LegendEntry[] = [];

  /** The identity key of each router of a group: "mac:..." or "ip:...". */
  private static keys(g: GroupRouters): Map<string, string> {
    const macs = new Map<string, number>();
    for (const r of g.routers) macs.set(r.mac, (macs.get(r.mac) ?? 0) + 1);
    const out = new Map<string, string>();
    for (const r of g.routers)
      out.set(
        r.address,
        r.mac && !VIRTUAL_MAC.test(r.mac) && macs.get(r.mac) === 1 ? `mac:${r.mac.toLowerCase()}` : `ip:${r.address}`,
      );
    for (const m of g.masters ?? []) if (!out.has(m)) out.set(m, `ip:${m}`);
    return out;
  }

  /** Letters for every router of `groups` (address -> letter per group id), new routers appended. */
  update(groups: readonly GroupRouters[]): Map<string, Map<string, string>> {
    const fresh: { key: string; firstSeen: number }[] = [];
    const perGroup = new Map<string, Map<string, string>>();
    for (const g of groups) {
      const keys = RouterIdentity.keys(g);
      perGroup.set(g.id, keys);
      const seen = new Map(g.routers.map((r) => [r.address, r.firstSeen]));
      for (const [address, key] of keys)
        if (!this.letterOf.has(key)) fresh.push({ key, firstSeen: seen.get(address) ?? Infinity });
    }
    fresh.sort((a, b) => a.firstSeen - b.firstSeen || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const f of fresh) {
      if (this.letterOf.has(f.key)) continue;
      const letter = LETTERS[this.entries.length] ?? NO_LETTER;
      this.letterOf.set(f.key, letter);
      this.entries.push({ letter, name: f.key.slice(f.key.indexOf(':') + 1), addresses: [] });
    }
    // Each router's addresses, for the legend (a box seen on a new VLAN adds one).
    const out = new Map<string, Map<string, string>>();
    for (const [id, keys] of perGroup) {
      const m = new Map<string, string>();
      for (const [address, key] of keys) {
        const letter = this.letterOf.get(key) ?? NO_LETTER;
        m.set(address, letter);
        const e = this.byKey(key);
        if (e && !e.addresses.includes(address)) e.addresses.push(address);
      }
      out.set(id, m);
    }
    return out;
  }

  private byKey(key: string): LegendEntry | undefined {
    const i = LETTERS.indexOf(this.letterOf.get(key) ?? NO_LETTER);
    return i >= 0 ? this.entries[i] : undefined;
  }

  legend(): readonly LegendEntry[] {
    return this.entries;
  }
}
