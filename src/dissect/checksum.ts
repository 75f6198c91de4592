/** RFC 1071 Internet checksum arithmetic. */

/** Adds the 16-bit big-endian words of b[start, end) to sum (an odd tail byte is padded with zero). */
export function addWords(b: Uint8Array, start: number, end: number, sum = 0): number {
  let i = start;
  for (; i + 1 < end; i += 2) sum += (b[i] << 8) | b[i + 1];
  if (i < end) sum += b[i] << 8;
  return sum;
}

/** Folds carries into 16 bits. */
function fold(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return sum;
}

/** True when data including its checksum field sums to 0xffff (ones' complement zero). */
export function verifies(sum: number): boolean {
  return fold(sum) === 0xffff;
}

/** Pseudo-header sum (src, dst, upper-layer length, next header) for both families. */
export function pseudoHeaderSum(
  b: Uint8Array,
  src: number,
  dst: number,
  addrLen: number,
  length: number,
  proto: number,
): number {
  let sum = addWords(b, src, src + addrLen);
  sum = addWords(b, dst, dst + addrLen, sum);
  return sum + Math.floor(length / 0x10000) + (length & 0xffff) + proto;
}
