/** Text that reaches a terminal must not carry control characters from untrusted sources. */

/** Replaces C0/C1 control characters and DEL with \xNN (file names, anything user- or packet-supplied). */
export function safeText(s: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0'));
}

/** "1 frame", "3 frames": a count with its noun. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
