/** Small helpers shared by rule modules. */
import type { Finding, FrameRef } from '../../report/types.js';
import type { FindingDraft, RuleContext } from '../rule.js';
import type { GroupState, RouterState } from '../model.js';

/** RFC 5798 7.3 virtual MAC: 00:00:5e:00:01:{VRID} (IPv4), 00:00:5e:00:02:{VRID} (IPv6). */
export function virtualMac(g: GroupState): string {
  return g.virtualMac;
}

/** Seconds with at most three decimals, as messages show them (the template adds the unit). */
export function seconds(s: number): number {
  return Number(s.toFixed(3));
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
  /** Extends the finding under `scope` and `key` with the frame at `time`, or raises `draft()`. */
  note(scope: object, key: Key, time: number, frame: FrameRef, draft: () => FindingDraft): Finding {
    const f = this.get(scope, key);
    if (f) {
      this.ctx.extend(f, time, [frame]);
      return f;
    }
    return this.set(scope, key, this.ctx.report(draft()));
  }
}

export function pair(a: RouterState, b: RouterState): [RouterState, RouterState] {
  return a.address < b.address ? [a, b] : [b, a];
}
