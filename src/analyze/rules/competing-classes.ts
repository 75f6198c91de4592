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

  /**
   * The keys of g's classes that may compete with r (each once): all of them if r lists no address.
   * Yielded one by one, so that a caller that needs only the first few stops there.
   */
  *of(g: GroupState, r: RouterState, classes: Map<string, Set<RouterState>>): Generator<string> {
    let index = this.byGroup.get(g);
    if (!index) {
      index = { byAddress: new Map(), unlisted: new Set(), indexed: new Map() };
      this.byGroup.set(g, index);
      for (const x of g.routers.values()) this.add(index, x);
    } else this.add(index, r);
    if (r.addresses.length === 0) {
      yield* classes.keys();
      return;
    }
    const seen = new Set<string>();
    for (const a of r.addresses) yield* this.collect(index.byAddress.get(a), classes, seen);
    yield* this.collect(index.unlisted, classes, seen);
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

  /** The keys of `keys` that are still classes, each once (`seen`); the others are dropped. */
  private *collect(
    keys: Set<string> | undefined,
    classes: Map<string, Set<RouterState>>,
    seen: Set<string>,
  ): Generator<string> {
    if (!keys) return;
    for (const k of keys) {
      if (!classes.has(k)) keys.delete(k);
      else if (!seen.has(k)) {
        seen.add(k);
        yield k;
      }
    }
  }
}
