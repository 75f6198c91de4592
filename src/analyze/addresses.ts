/**
 * Addresses and segments as the analysis compares them: the key of a packet's L2 segment, whether a
 * destination is multicast, the numeric order of addresses (the election's tie-break), and who wins.
 */
import type { DecodedPacket } from '../dissect/types.js';
import type { Family } from '../report/types.js';

/** Group key and display id for an advert; the same key for ARP/ND on the same L2 segment minus family/VRID. */
export function segmentKey(p: DecodedPacket): { segment: number; key: string; label: string } {
  const segment = p.link?.ifindex ?? p.ifIndex;
  const tunnel = p.tunnel ? p.tunnel.map((t) => `${t.type}${t.id}`).join('/') : '';
  const vlan = p.vlan.length ? `vlan${p.vlan.map((t) => t.id).join('.')}` : '';
  const parts = [segment ? `if${segment}` : '', tunnel, vlan].filter(Boolean);
  return { segment, key: segmentKeyOf(p), label: parts.join('/') };
}

/** segmentKey(p).key alone, built without intermediate arrays (on every advert and claim). */
export function segmentKeyOf(p: DecodedPacket): string {
  const segment = p.link?.ifindex ?? p.ifIndex;
  let tunnel = '';
  if (p.tunnel)
    for (let i = 0; i < p.tunnel.length; i++) tunnel += `${i ? '/' : ''}${p.tunnel[i].type}${p.tunnel[i].id}`;
  let vlan = '';
  for (let i = 0; i < p.vlan.length; i++) vlan += `${i ? '.' : 'vlan'}${p.vlan[i].id}`;
  return `${segment}|${tunnel}|${vlan}`;
}

/** The last address isMulticast() looked at, and its answer (every advert goes to the same group address). */
let lastAddress = '';
let lastFamily: Family = 'ipv4';
let lastAnswer = false;

export function isMulticast(address: string, family: Family): boolean {
  if (address === lastAddress && family === lastFamily) return lastAnswer;
  lastAnswer = multicast(address, family);
  lastAddress = address;
  lastFamily = family;
  return lastAnswer;
}

function multicast(address: string, family: Family): boolean {
  if (family === 'ipv6') return (address.charCodeAt(0) | 0x20) === 0x66 && (address.charCodeAt(1) | 0x20) === 0x66;
  // The first octet, read in place: 224-239 is multicast.
  let first = 0;
  for (let i = 0; i < 3 && i < address.length; i++) {
    const c = address.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    first = first * 10 + c;
  }
  return first >= 224 && first <= 239;
}

/** Numeric comparison of two addresses of one family (for the "higher primary IP wins" tie-break). */
export function compareAddresses(a: string, b: string): number {
  const ka = addressKey(a);
  const kb = addressKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Sort keys of addresses already seen (a sort of n routers asks for 2 n log n of them). */
const addressKeys = new Map<string, string>();

function addressKey(a: string): string {
  let k = addressKeys.get(a);
  if (k === undefined) {
    if (addressKeys.size >= 1 << 16) addressKeys.clear();
    k = buildAddressKey(a);
    addressKeys.set(a, k);
  }
  return k;
}

function buildAddressKey(a: string): string {
  if (a.includes(':')) {
    const [head, tail = ''] = a.split('::');
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    const groups = a.includes('::') ? [...h, ...new Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
    return groups.map((g) => g.padStart(4, '0')).join('');
  }
  return a
    .split('.')
    .map((o) => o.padStart(3, '0'))
    .join('');
}

/** True when `a` would win an election against `b` (RFC 5798 6.4.3: higher priority, then higher address). */
export function wins(aPriority: number, aAddress: string, bPriority: number, bAddress: string): boolean {
  return aPriority > bPriority || (aPriority === bPriority && compareAddresses(aAddress, bAddress) > 0);
}

/**
 * Of two routers, the one whose address text comes first: a pair's first side (the order findings
 * and split brains name a pair in). The other is `a === first ? b : a`: no array per pair.
 */
export function firstOfPair<T extends { address: string }>(a: T, b: T): T {
  return a.address < b.address ? a : b;
}
