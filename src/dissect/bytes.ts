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
 * Six bytes as "02:99:00:00:00:01": one flat string in one allocation (concatenation would build a
 * rope of pieces that every Map lookup and comparison has to flatten first).
 */
export function mac(b: Uint8Array, o: number): string {
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

export function ipv4(b: Uint8Array, o: number): string {
  return DEC_DOT[b[o]] + DEC_DOT[b[o + 1]] + DEC_DOT[b[o + 2]] + DEC[b[o + 3]];
}

/** RFC 5952 text form: lowercase, longest run of two or more zero groups compressed to "::". */
export function ipv6(b: Uint8Array, o: number): string {
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
