/** Small helpers shared by rule modules. */
import type { Finding, FrameRef } from '../../report/types.js';
import type { AdvertEvent, FindingDraft, RuleContext, RuleMessage } from '../rule.js';
import type { GroupState, RouterState } from '../model.js';
import { firstOfPair } from '../addresses.js';
import { MAX_ADDRESSES } from '../findings.js';
import { andMore, firstOf } from '../../util/text.js';
import { addToSet, removeFromSet } from '../../util/multimap.js';

/** RFC 5798 7.3 virtual MAC: 00:00:5e:00:01:{VRID} (IPv4), 00:00:5e:00:02:{VRID} (IPv6). */
export function virtualMac(g: GroupState): string {
  return g.virtualMac;
}

/** Seconds with at most three decimals, as messages show them (the template adds the unit). */
export function seconds(s: number): number {
  // Number(s.toFixed(3)) without the string: toFixed rounds the exact value of s to the nearest
  // thousandth (a tie to the larger magnitude), and n / 1000 is the double nearest that decimal, as
  // parsing it would give. Only where s * 1000 is within its rounding error of a tie, or too large for
  // that error to be small, can the product round differently: those go through toFixed.
  const y = Math.abs(s) * 1000;
  const tie = y - Math.floor(y) - 0.5;
  if (!(y < 1e9) || (tie < 1e-6 && tie > -1e-6)) return Number(s.toFixed(3));
  const n = Math.round(y) / 1000;
  return s < 0 ? -n : n;
}

/** Group names, built once per group (a group's VRID, family, VLANs and tunnels never change). */
const names = new WeakMap<GroupState, string>();

/** "vrid 51 (ipv4, vlan 10)" */
export function groupName(g: GroupState): string {
  let name = names.get(g);
  if (name === undefined) {
    name = buildGroupName(g);
    names.set(g, name);
  }
  return name;
}

function buildGroupName(g: GroupState): string {
  const where = [
    g.family,
    g.vlan.length ? `vlan ${g.vlan.join('.')}` : '',
    g.tunnel ? g.tunnel.map((t) => `${t.type} ${t.id}`).join(' ') : '',
  ]
    .filter(Boolean)
    .join(', ');
  return `VRID ${g.vrid} (${where})`;
}

/** Each group's virtual addresses as messages list them, rebuilt only when the list grew. */
const addressTexts = new WeakMap<GroupState, { n: number; text: string }>();

/**
 * "10.0.0.100, 10.0.0.101": the group's virtual addresses (a list that only grows); past
 * MAX_ADDRESSES (spoofed routers each with an address of its own), the first of them and a count.
 */
export function addressList(g: GroupState): string {
  const list = g.virtualAddresses;
  let t = addressTexts.get(g);
  if (!t || t.n !== list.length) {
    t = { n: list.length, text: firstOf(list, MAX_ADDRESSES) };
    addressTexts.set(g, t);
  }
  return t.text;
}

/**
 * Distinct names (MACs, router addresses) counted, with the first `max` kept to be named: what a
 * finding about a flood says, "a, b, c and 1200 more", without a list that grows with the flood.
 */
export class NamedSet {
  private readonly all = new Set<string>();
  /** The first `max` names, in the order added. */
  readonly first: string[] = [];
  /** `first` joined: written again only when a name joins it. */
  private firstText = '';

  constructor(private readonly max = 16) {}

  /** Whether `name` is new. */
  add(name: string): boolean {
    if (this.all.has(name)) return false;
    this.all.add(name);
    if (this.first.length < this.max) {
      this.first.push(name);
      this.firstText = this.first.join(', ');
    }
    return true;
  }

  has(name: string): boolean {
    return this.all.has(name);
  }

  get size(): number {
    return this.all.size;
  }

  /** "a, b, c", or "a, b, c and 12 more". */
  toString(): string {
    return andMore(this.firstText, this.all.size - this.first.length);
  }
}

/** A finding's key below its scope: a value or an object (no key built by concatenation per packet). */
type Key = string | number | object;

/**
 * Findings raised once per scope and key (a group or router and what within it) and extended by
 * later evidence of the same thing. Two levels of maps instead of one string key: nothing is
 * concatenated or hashed afresh per packet.
 */
export class FindingMap {
  private readonly map = new Map<object, Map<Key, Finding>>();
  constructor(private readonly ctx: RuleContext) {}
  get(scope: object, key: Key = ''): Finding | undefined {
    return this.map.get(scope)?.get(key);
  }
  *values(): IterableIterator<Finding> {
    for (const m of this.map.values()) yield* m.values();
  }
  set(scope: object, key: Key, f: Finding): Finding {
    let m = this.map.get(scope);
    if (!m) {
      m = new Map();
      this.map.set(scope, m);
    }
    m.set(key, f);
    return f;
  }
  /**
   * Extends the finding under `scope` and `key` with the frame at `time`; false when there is none
   * yet (the rule raises it with `raise`). A test, not a callback: nothing is allocated per packet.
   */
  extend(scope: object, key: Key, time: number, frame: FrameRef): boolean {
    const f = this.get(scope, key);
    if (!f) return false;
    this.ctx.extendFrame(f, time, frame);
    return true;
  }
  /** Raises `draft` as the finding under `scope` and `key`. */
  raise(scope: object, key: Key, draft: FindingDraft): Finding {
    return this.set(scope, key, this.ctx.report(draft));
  }
}

/** The `routers` option of the rules that judge each router on its own (see RouterFindings). */
export const ROUTERS_OPTION = {
  default: 100,
  description: 'routers with a finding of their own, per group; the further ones are one finding that counts them',
};

/**
 * The one finding per group of what a rule does not give findings of their own past its limit (a
 * flood of spoofed routers, of masters): it names the first 16 routers and counts them all, and
 * every later piece of evidence extends it.
 */
export class GroupFloods {
  private readonly floods = new Map<GroupState, { f: Finding; routers: NamedSet }>();

  constructor(private readonly ctx: RuleContext) {}

  /**
   * Adds `routers` and the evidence of `draft` (its span and frames) to g's finding, raised from
   * `draft` the first time; `message` gives its message from the routers counted so far (the
   * routers and message of `draft`, if it has any, are not the flood's).
   */
  add(
    g: GroupState,
    routers: readonly RouterState[],
    draft: Omit<FindingDraft, 'routers' | keyof RuleMessage>,
    message: (routers: NamedSet) => RuleMessage,
  ): Finding {
    const had = this.floods.get(g);
    const named = had?.routers ?? new NamedSet();
    let grew = false;
    for (const r of routers) if (named.add(r.address)) grew = true;
    if (!had) {
      const f = this.ctx.report({ ...draft, routers: [...named.first], ...message(named) });
      this.floods.set(g, { f, routers: named });
      return f;
    }
    if (grew) had.f.routers = [...named.first];
    this.ctx.extend(had.f, draft.to, draft.frames, grew ? message(named) : undefined, draft.from);
    return had.f;
  }
}

/**
 * Findings about one router each (its TTL, its checksum, where it sends its adverts), by router and
 * key: at most `max` of them per group. Past them (a flood of spoofed routers, each with the same
 * fault) the further routers are one finding per group (GroupFloods), so a group's findings stay
 * bounded however many routers a tool invents. A router's later adverts extend the finding it is
 * in, its own or the group's.
 */
export class RouterFindings {
  private readonly found: FindingMap;
  private readonly floods: GroupFloods;
  private readonly raised = new Map<GroupState, number>();

  constructor(
    ctx: RuleContext,
    private readonly max: number,
  ) {
    this.found = new FindingMap(ctx);
    this.floods = new GroupFloods(ctx);
  }

  /** Extends r's finding under `key` with the frame at `time`; false when there is none yet (see raiseFor). */
  extend(r: RouterState, key: Key, time: number, frame: FrameRef): boolean {
    return this.found.extend(r, key, time, frame);
  }

  /**
   * Raises the finding of the router of advert `e` under `key`: it starts with this advert, names
   * its router and says `message`. Past `max` in its group, the router joins the group's finding
   * of the rest instead, whose message is the rule's `rest` with {{max}}, {{count}}, {{routers}}
   * and {{group}}.
   */
  raiseFor(e: AdvertEvent, key: Key, message: RuleMessage, rest: string, addresses?: string[]): void {
    const draft: FindingDraft = {
      group: e.group,
      from: e.time,
      to: e.time,
      routers: [e.router.address],
      ...(addresses ? { addresses } : {}),
      frames: [e.frame],
      ...message,
    };
    const g = e.group;
    const r = e.router;
    const n = this.raised.get(g) ?? 0;
    if (n < this.max) {
      this.raised.set(g, n + 1);
      this.found.raise(r, key, draft);
      return;
    }
    const restMessage = (routers: NamedSet): RuleMessage => ({
      messageId: rest,
      data: { max: this.max, count: routers.size, routers: routers.toString(), group: groupName(g) },
    });
    this.found.set(r, key, this.floods.add(g, [r], draft, restMessage));
  }
}

/** The two routers in pair order (see firstOfPair), as a list: for messages, not per packet. */
export function pair(a: RouterState, b: RouterState): [RouterState, RouterState] {
  const first = firstOfPair(a, b);
  return [first, first === a ? b : a];
}

/**
 * A group's routers sorted into classes by a key (their configuration, their address set): a
 * rule that compares a router with every other compares it with one member of each class instead,
 * so an advert costs the number of distinct keys, not of routers. Each router is in the class of
 * its latest key. A group of one router keeps nothing (most groups on a large segment are seen
 * from their master only).
 */
export class RouterClasses {
  private readonly byGroup = new Map<GroupState, Map<string, Set<RouterState>>>();
  private readonly keyOf = new Map<RouterState, string>();
  /**
   * How many times any router changed class, in any group: while it stays the same, every group's
   * classes are as they were (what a caller may remember of them holds).
   */
  changes = 0;

  /** `keyFor`: a router's key as its fields stand (they change only with its own adverts). */
  constructor(private readonly keyFor: (r: RouterState) => string) {}

  /**
   * r advertised: it moves to the class of its key (`key`, when the caller has worked it out
   * already). The group's classes; null while r is its only router.
   */
  place(g: GroupState, r: RouterState, key?: string): Map<string, Set<RouterState>> | null {
    if (g.routers.size < 2) return null;
    let classes = this.byGroup.get(g);
    if (!classes) {
      classes = new Map();
      this.byGroup.set(g, classes);
      for (const x of g.routers.values()) if (x !== r) this.put(classes, x, this.keyFor(x));
    }
    this.put(classes, r, key ?? this.keyFor(r));
    return classes;
  }

  private put(classes: Map<string, Set<RouterState>>, r: RouterState, key: string): void {
    const old = this.keyOf.get(r);
    if (old === key) return;
    if (old !== undefined) removeFromSet(classes, old, r);
    addToSet(classes, key, r);
    this.keyOf.set(r, key);
    this.changes++;
  }
}

/** One member of a class (any: they share the key). */
export function anyOf(members: Set<RouterState>): RouterState {
  return members.values().next().value!;
}

/** An address list as a set: the same text whatever the order (no sort for one address). */
export function addressSetKey(addresses: readonly string[]): string {
  if (addresses.length < 2) return addresses.length ? addresses[0] : '';
  return [...addresses].sort().join(',');
}
