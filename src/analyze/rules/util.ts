/** Small helpers shared by rule modules. */
import type { Finding } from '../../report/types.js';
import type { GroupState, RouterState } from '../model.js';

/** RFC 5798 7.3 virtual MAC: 00:00:5e:00:01:{VRID} (IPv4), 00:00:5e:00:02:{VRID} (IPv6). */
export function virtualMac(g: GroupState): string {
  return `00:00:5e:00:0${g.family === 'ipv6' ? 2 : 1}:${g.vrid.toString(16).padStart(2, '0')}`;
}

/** Seconds with at most three decimals, for messages. */
export function secs(s: number): string {
  return `${Number(s.toFixed(3))} s`;
}

/** "vrid 51 (ipv4, vlan 10)" */
export function groupName(g: GroupState): string {
  const where = [g.family, g.vlan.length ? `vlan ${g.vlan.join('.')}` : '', g.tunnel ? g.tunnel.map((t) => `${t.type} ${t.id}`).join(' ') : '']
    .filter(Boolean)
    .join(', ');
  return `VRID ${g.vrid} (${where})`;
}

/** Keyed findings: raise once, extend afterwards. */
export class FindingMap {
  private readonly map = new Map<string, Finding>();
  get(key: string): Finding | undefined {
    return this.map.get(key);
  }
  set(key: string, f: Finding): Finding {
    this.map.set(key, f);
    return f;
  }
}

export function pair(a: RouterState, b: RouterState): [RouterState, RouterState] {
  return a.address < b.address ? [a, b] : [b, a];
}
