/**
 * Which of a group's router classes (see RouterClasses) can compete with a router: those that share
 * one of its virtual addresses, or list none (see competes()). config-mismatch compares an advert
 * with these only.
 */
import type { GroupState, RouterState } from '../model.js';
import { addToSet } from '../../util/multimap.js';

/**
 * Per group, the configuration classes by virtual address (a class's key includes its address
 * set, so all its members have the same one): the classes an advert competes with are found from
 * its own addresses, not by looking at every class (a spoofing tool's thousands of routers, each
 * with addresses of its own, are thousands of classes). Entries of classes that have emptied are
 * dropped when met.
 */
export class CompetingClasses {
  private readonly byGroup = new Map<
    GroupState,
    { byAddress: Map<string, Set<string>>; unlisted: Set<string>; indexed: Map<RouterState, string> }
  >();

  /** `keyOf`: a router's class key as its fields stand (see RouterClasses). */
  constructor(private readonly keyOf: (r: RouterState) => string) {}

  /** What of() returns: refilled on every call (nothing allocated per advert). */
  private readonly found: string[] = [];

  /**
   * The keys of the first `max` of g's classes, other than r's own (`own`), that may compete with
   * r, each once: all of them if r lists no address. The list is refilled by the next call.
   * Walking stops at the `max`-th: entries of emptied classes are dropped as far as it went.
   */
  of(
    g: GroupState,
    r: RouterState,
    own: string,
    max: number,
    classes: Map<string, Set<RouterState>>,
  ): readonly string[] {
    let index = this.byGroup.get(g);
    if (!index) {
      index = { byAddress: new Map(), unlisted: new Set(), indexed: new Map() };
      this.byGroup.set(g, index);
      for (const x of g.routers.values()) this.add(index, x);
    } else this.add(index, r);
    const out = this.found;
    out.length = 0;
    if (r.addresses.length === 0) {
      for (const k of classes.keys()) if (k !== own && out.push(k) >= max) break;
      return out;
    }
    for (const a of r.addresses) if (this.collect(index.byAddress.get(a), classes, own, max)) return out;
    this.collect(index.unlisted, classes, own, max);
    return out;
  }

  private add(
    index: { byAddress: Map<string, Set<string>>; unlisted: Set<string>; indexed: Map<RouterState, string> },
    r: RouterState,
  ): void {
    const key = this.keyOf(r);
    if (index.indexed.get(r) === key) return;
    index.indexed.set(r, key);
    if (r.addresses.length === 0) index.unlisted.add(key);
    for (const a of r.addresses) addToSet(index.byAddress, a, key);
  }

  /**
   * Adds the keys of `keys` that are still classes, other than `own` and each once, to `found`
   * until it holds `max`; the others met are dropped. Whether it is full.
   */
  private collect(
    keys: Set<string> | undefined,
    classes: Map<string, Set<RouterState>>,
    own: string,
    max: number,
  ): boolean {
    const out = this.found;
    if (!keys) return false;
    for (const k of keys) {
      if (!classes.has(k)) keys.delete(k);
      else if (k !== own && !out.includes(k) && out.push(k) >= max) return true;
    }
    return false;
  }
}
