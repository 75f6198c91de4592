/**
 * A group's routers by each virtual address they list, and those that list none: the routers one
 * router competes with (see competes()) found from its own addresses, not by a look at every router
 * of the group (a spoofing tool's thousands of routers, each with an address of its own).
 */
import type { RouterState } from './model.js';
import { addToSet, removeFromSet } from '../util/multimap.js';

const NO_ROUTERS: ReadonlySet<RouterState> = new Set();

export class AddressIndex {
  /** Sets: a group of thousands of spoofed routers sharing an address adds and removes each in O(1). */
  private readonly byAddress = new Map<string, Set<RouterState>>();
  /** Routers listing no address: they compete with every router. */
  private readonly unlisted: RouterState[] = [];

  /** `routers`: the group's routers so far. */
  constructor(private readonly routers: ReadonlyMap<string, RouterState>) {
    for (const r of routers.values()) this.add(r);
  }

  /** r joins, under the addresses it lists now (a new router: under none). */
  add(r: RouterState): void {
    if (r.addresses.length === 0) this.unlisted.push(r);
    // (An address listed twice puts r under it once.)
    for (const a of r.addresses) addToSet(this.byAddress, a, r);
  }

  /** r leaves the addresses it lists now (before they change). */
  remove(r: RouterState): void {
    if (r.addresses.length === 0) {
      const i = this.unlisted.indexOf(r);
      if (i >= 0) this.unlisted.splice(i, 1);
    }
    for (const a of r.addresses) removeFromSet(this.byAddress, a, r);
  }

  /**
   * At most how many routers competes(r, x) may hold for (r among them): those sharing one of r's
   * addresses or listing none; every router if r lists none. What a search that only needs the
   * routers r competes with weighs against walking all of them.
   */
  bound(r: RouterState): number {
    if (r.addresses.length === 0) return this.routers.size;
    let n = this.unlisted.length;
    for (const a of r.addresses) n += this.byAddress.get(a)?.size ?? 0;
    return n;
  }

  /** How many routers list `address`. */
  listing(address: string): number {
    return this.byAddress.get(address)?.size ?? 0;
  }

  /** Calls `fn` once for each router x with competes(r, x) (r included), in no particular order. */
  forEach(r: RouterState, fn: (x: RouterState) => void): void {
    if (r.addresses.length === 0) {
      for (const x of this.routers.values()) fn(x);
      return;
    }
    for (const x of this.unlisted) fn(x);
    if (r.addresses.length === 1) {
      for (const x of this.byAddress.get(r.addresses[0]) ?? NO_ROUTERS) fn(x);
      return;
    }
    const seen = new Set<RouterState>();
    for (const a of r.addresses) {
      for (const x of this.byAddress.get(a) ?? NO_ROUTERS) {
        if (seen.has(x)) continue;
        seen.add(x);
        fn(x);
      }
    }
  }
}
