/**
 * Which groups the overview shows and in what order: the filter (`/`) and the sort (`s`). Pure, and
 * cached per (groups, filter, sort): the reducer asks for every key of a burst.
 */
import type { GroupRow, GroupStatus } from './view-model.js';

export type SortOrder = 'problems' | 'vrid' | 'vlan';

export const SORT_TEXT: Record<SortOrder, string> = {
  problems: 'problems first',
  vrid: 'by VRID',
  vlan: 'by VLAN',
};

const STATUS_RANK: Record<GroupStatus, number> = {
  'split-brain': 0,
  'no-master': 1,
  contested: 2,
  unknown: 3,
  master: 4,
};

/** Words a status answers to in the filter. */
const STATUS_WORDS: Record<GroupStatus, string> = {
  'split-brain': 'split-brain split brain problem',
  'no-master': 'no-master no master problem',
  contested: 'contested problem',
  unknown: 'unknown',
  master: 'master ok',
};

function problemRank(g: GroupRow): number {
  let worst = 3;
  for (const f of g.findings) worst = Math.min(worst, f.severity === 'error' ? 0 : f.severity === 'warning' ? 1 : 2);
  return STATUS_RANK[g.status] * 4 + worst;
}

const byVrid = (a: GroupRow, b: GroupRow) =>
  a.vrid - b.vrid || (a.family < b.family ? -1 : a.family > b.family ? 1 : 0);
const vlanKey = (g: GroupRow) => (g.vlan.length ? g.vlan[0] : -1);
const byVlan = (a: GroupRow, b: GroupRow) =>
  vlanKey(a) - vlanKey(b) || a.vlan.join('.').localeCompare(b.vlan.join('.')) || byVrid(a, b);

/** The text a group is searched in: addresses, routers, MACs, status words, family. */
function haystack(g: GroupRow): string {
  return [
    ...g.virtualAddresses,
    ...g.routers.flatMap((r) => [r.address, r.mac]),
    g.tunnel ?? '',
    STATUS_WORDS[g.status],
    g.family === 'ipv6' ? 'ipv6 v6' : 'ipv4 v4',
  ]
    .join(' ')
    .toLowerCase();
}

/**
 * Whether a group matches the filter: every word must match. A number is a VRID or a VLAN;
 * `vrid:N` / `vlan:N` only that; any other word is looked for in the addresses (virtual and
 * routers'), MACs, tunnel and status (`split`, `no-master`, `problem`...).
 */
export function matches(g: GroupRow, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  let hay: string | null = null;
  return words.every((w) => {
    const m = /^(vrid|vlan)[:=]?(\d+)$/.exec(w);
    if (m) return m[1] === 'vrid' ? g.vrid === Number(m[2]) : g.vlan.includes(Number(m[2]));
    if (/^\d+$/.test(w)) return g.vrid === Number(w) || g.vlan.includes(Number(w));
    hay ??= haystack(g);
    return hay.includes(w);
  });
}

const cache = new WeakMap<readonly GroupRow[], Map<string, GroupRow[]>>();

/** The groups shown, in order. */
export function arrange(groups: readonly GroupRow[], filter: string, sort: SortOrder): GroupRow[] {
  let perGroups = cache.get(groups);
  if (!perGroups) {
    perGroups = new Map<string, GroupRow[]>();
    cache.set(groups, perGroups);
  }
  const key = `${sort}|${filter}`;
  let out = perGroups.get(key);
  if (!out) {
    out = groups.filter((g) => matches(g, filter));
    if (sort === 'problems') {
      const rank = new Map(out.map((g) => [g, problemRank(g)]));
      out.sort((a, b) => rank.get(a)! - rank.get(b)! || byVlan(a, b));
    } else out.sort(sort === 'vrid' ? (a, b) => byVrid(a, b) || byVlan(a, b) : byVlan);
    if (perGroups.size > 8) perGroups.clear();
    perGroups.set(key, out);
  }
  return out;
}

export function visibleIds(groups: readonly GroupRow[], filter: string, sort: SortOrder): string[] {
  return arrange(groups, filter, sort).map((g) => g.id);
}
