/**
 * Bounds-unaware primitive reads and address formatting. Callers check bounds first: every
 * dissector compares offsets against the frame's captured end before it reads.
 */

export function u16(b: Uint8Array, o: number): number {
  return (b[o] << 8) | b[o + 1];
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Colon-separated lowercase hex, the form used for MAC addresses ("02:99:00:00:00:01"). */
export function hexColon(b: Uint8Array, o: number, n: number): string {
  if (n <= 0) return '';
  let s = HEX[b[o]];
  for (let i = 1; i < n; i++) s += ':' + HEX[b[o + i]];
  return s;
}

/** Lower-case hex digits' character codes. */
const HEX_CODE = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/**
 * Address text is interned in small direct-mapped caches: a segment's addresses repeat in every
 * frame, and one string per address (not one per frame) costs no allocation, and every Map lookup
 * and comparison downstream finds its hash computed and its characters flat.
 */
const CACHE_BITS = 12;
/**
 * Six bytes as "02:99:00:00:00:01": one flat string in one allocation (concatenation would build a
 * rope of pieces that every Map lookup and comparison has to flatten first).
 */
const MAC_HI = new Int32Array(1 << CACHE_BITS).fill(-1);
const MAC_LO = new Int32Array(1 << CACHE_BITS);
const MAC_TEXT: string[] = new Array<string>(1 << CACHE_BITS).fill('');

export function mac(b: Uint8Array, o: number): string {
  const hi = (b[o] << 8) | b[o + 1];
  const lo = (b[o + 2] << 24) | (b[o + 3] << 16) | (b[o + 4] << 8) | b[o + 5];
  const i = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> (32 - CACHE_BITS);
  if (MAC_HI[i] === hi && MAC_LO[i] === lo) return MAC_TEXT[i];
  const s = macText(b, o);
  MAC_HI[i] = hi;
  MAC_LO[i] = lo;
  MAC_TEXT[i] = s;
  return s;
}

function macText(b: Uint8Array, o: number): string {
  const a0 = b[o];
  const a1 = b[o + 1];
  const a2 = b[o + 2];
  const a3 = b[o + 3];
  const a4 = b[o + 4];
  const a5 = b[o + 5];
  const h = HEX_CODE;
  return String.fromCharCode(
    h[a0 >> 4],
    h[a0 & 15],
    58,
    h[a1 >> 4],
    h[a1 & 15],
    58,
    h[a2 >> 4],
    h[a2 & 15],
    58,
    h[a3 >> 4],
    h[a3 & 15],
    58,
    h[a4 >> 4],
    h[a4 & 15],
    58,
    h[a5 >> 4],
    h[a5 & 15],
  );
}

/** "0." to "255.", and "0" to "255": an address is four lookups and three joins. */
const DEC_DOT: string[] = Array.from({ length: 256 }, (_, i) => `${i}.`);
const DEC: string[] = Array.from({ length: 256 }, (_, i) => String(i));

const IP_KEYS = new Float64Array(1 << CACHE_BITS).fill(-1);
const IP_TEXT: string[] = new Array<string>(1 << CACHE_BITS).fill('');

export function ipv4(b: Uint8Array, o: number): string {
  const n = ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
  const i = Math.imul(n, 0x9e3779b1) >>> (32 - CACHE_BITS);
  if (IP_KEYS[i] === n) return IP_TEXT[i];
  const s = DEC_DOT[b[o]] + DEC_DOT[b[o + 1]] + DEC_DOT[b[o + 2]] + DEC[b[o + 3]];
  IP_KEYS[i] = n;
  IP_TEXT[i] = s;
  return s;
}

/** RFC 5952 text form: lowercase, longest run of two or more zero groups compressed to "::" (interned). */
const IP6_KEYS = new Int32Array(4 << CACHE_BITS);
const IP6_TEXT: (string | undefined)[] = new Array<string | undefined>(1 << CACHE_BITS).fill(undefined);

export function ipv6(b: Uint8Array, o: number): string {
  const w0 = (b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3];
  const w1 = (b[o + 4] << 24) | (b[o + 5] << 16) | (b[o + 6] << 8) | b[o + 7];
  const w2 = (b[o + 8] << 24) | (b[o + 9] << 16) | (b[o + 10] << 8) | b[o + 11];
  const w3 = (b[o + 12] << 24) | (b[o + 13] << 16) | (b[o + 14] << 8) | b[o + 15];
  const i =
    Math.imul(w0 ^ Math.imul(w1 ^ Math.imul(w2 ^ Math.imul(w3, 0x85ebca6b), 0xc2b2ae35), 0x27d4eb2f), 0x9e3779b1) >>>
    (32 - CACHE_BITS);
  const k = i * 4;
  const cached = IP6_TEXT[i];
  if (
    cached !== undefined &&
    IP6_KEYS[k] === w0 &&
    IP6_KEYS[k + 1] === w1 &&
    IP6_KEYS[k + 2] === w2 &&
    IP6_KEYS[k + 3] === w3
  )
    return cached;
  const s = ipv6Text(b, o);
  IP6_KEYS[k] = w0;
  IP6_KEYS[k + 1] = w1;
  IP6_KEYS[k + 2] = w2;
  IP6_KEYS[k + 3] = w3;
  IP6_TEXT[i] = s;
  return s;
}

function ipv6Text(b: Uint8Array, o: number): string {
  const g = [0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < 8; i++) g[i] = (b[o + 2 * i] << 8) | b[o + 2 * i + 1];
  // IPv4-mapped (::ffff:a.b.c.d) keeps its dotted tail, as inet_ntop prints it.
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return `::ffff:${ipv4(b, o + 12)}`;
  }
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return g.map((x) => x.toString(16)).join(':');
  const head = g
    .slice(0, bestStart)
    .map((x) => x.toString(16))
    .join(':');
  const tail = g
    .slice(bestStart + bestLen)
    .map((x) => x.toString(16))
    .join(':');
  return `${head}::${tail}`;
}

export function allZero(b: Uint8Array, o: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (b[o + i] !== 0) return false;
  return true;
}

export function bytesEqual(b: Uint8Array, x: number, y: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (b[x + i] !== b[y + i]) return false;
  return true;
}

/**
 * Text from untrusted packet bytes, safe for a terminal: printable ASCII stays, everything else
 * (control characters, escape sequences, high bytes) becomes \xNN. Trailing NULs are dropped.
 */
export function safeAscii(b: Uint8Array, o: number, n: number): string {
  let end = o + n;
  while (end > o && b[end - 1] === 0) end--;
  let s = '';
  for (let i = o; i < end; i++) {
    const c = b[i];
    if (c >= 0x20 && c < 0x7f && c !== 0x5c) s += String.fromCharCode(c);
    else if (c === 0x5c) s += '\\\\';
    else s += '\\x' + HEX[c];
  }
  return s;
}
