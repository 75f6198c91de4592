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

/** "vrid 51 (ipv4, vlan 10)" */
export function groupName(g: GroupState): string {
  const where = [
    g.family,
    g.vlan.length ? `vlan ${g.vlan.join('.')}` : '',
    g.tunnel ? g.tunnel.map((t) => `${t.type} ${t.id}`).join(' ') : '',
  ]
    .filter(Boolean)
    .join(', ');
  return `VRID ${g.vrid} (${where})`;
}

/** Findings raised once per key and extended by later evidence of the same thing. */
export class FindingMap {
  private readonly map = new Map<string, Finding>();
  constructor(private readonly ctx: RuleContext) {}
  get(key: string): Finding | undefined {
    return this.map.get(key);
  }
  entries(): IterableIterator<[string, Finding]> {
    return this.map.entries();
  }
  set(key: string, f: Finding): Finding {
    this.map.set(key, f);
    return f;
  }
  /** Extends the finding under `key` with the frame at `time`, or raises `draft()`. */
  note(key: string, time: number, frame: FrameRef, draft: () => FindingDraft): Finding {
    const f = this.map.get(key);
    if (f) {
      this.ctx.extend(f, time, [frame]);
      return f;
    }
    return this.set(key, this.ctx.report(draft()));
  }
}

export function pair(a: RouterState, b: RouterState): [RouterState, RouterState] {
  return a.address < b.address ? [a, b] : [b, a];
}
