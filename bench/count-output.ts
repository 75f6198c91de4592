/**
 * What `vrrpscope packets --count` printed, read loosely (its format is not fixed yet): the VRRP and
 * ARP frame counts the benchmark checks against tcpdump's and the generator's.
 */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function countOf(v: Json | undefined): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    for (const k of ['frames', 'packets', 'count', 'total']) {
      const n = v[k];
      if (typeof n === 'number' && Number.isFinite(n)) return n;
    }
  }
  return null;
}

/** Finds an object with `vrrp` and `arp` counts anywhere (depth <= 5) in a JSON value. */
function findVrrpArp(v: Json, depth = 0): { vrrp: number; arp: number } | null {
  if (depth > 5 || v === null || typeof v !== 'object') return null;
  if (!Array.isArray(v)) {
    const keys = Object.keys(v);
    const vk = keys.find((k) => k.toLowerCase() === 'vrrp');
    const ak = keys.find((k) => k.toLowerCase() === 'arp');
    if (vk !== undefined && ak !== undefined) {
      const vrrp = countOf(v[vk]);
      const arp = countOf(v[ak]);
      if (vrrp !== null && arp !== null) return { vrrp, arp };
    }
  }
  for (const child of Array.isArray(v) ? v : Object.values(v)) {
    const hit = findVrrpArp(child, depth + 1);
    if (hit !== null) return hit;
  }
  return null;
}

/** Loosely parses the `--count` output: whole text as JSON, else each line, else the outermost {...}. */
export function parseCountOutput(text: string): { vrrp: number; arp: number } | null {
  const candidates: string[] = [text.trim()];
  for (const line of text.split('\n')) if (line.trim().startsWith('{')) candidates.push(line.trim());
  const a = text.indexOf('{');
  const b = text.lastIndexOf('}');
  if (a !== -1 && b > a) candidates.push(text.slice(a, b + 1));
  for (const c of candidates) {
    try {
      const hit = findVrrpArp(JSON.parse(c) as Json);
      if (hit !== null) return hit;
    } catch {
      // not JSON
    }
  }
  return null;
}
