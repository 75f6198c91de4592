/** Text that reaches a terminal must not carry control characters from untrusted sources. */

/**
 * Replaces C0/C1 control characters and DEL with \xNN, and the Unicode bidirectional overrides and
 * isolates (U+202A-U+202E, U+2066-U+2069: text that prints in another order than it reads) with
 * \u{NNNN}: file names, option values, anything user- or packet-supplied.
 */
export function safeText(s: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const n = c.charCodeAt(0);
    return n > 0xff ? `\\u{${n.toString(16)}}` : '\\x' + n.toString(16).padStart(2, '0');
  });
}

/**
 * JSON text with DEL, C1 controls and bidi overrides written as \uNNNN escapes (JSON.stringify
 * escapes only C0): still the same JSON, and nothing in it can steer a terminal. These characters
 * can only stand inside strings, so replacing them anywhere is safe.
 */
export function safeJson(json: string): string {
  return terminalSafe(json, 'json');
}

/** "a, b, c and 12 more": the first `max` of `items`, and how many more there are (a list of any length in one line). */
export function firstOf(items: readonly string[], max: number, separator = ', ', total = items.length): string {
  return andMore(items.slice(0, max).join(separator), total - Math.min(max, items.length));
}

/** `shown`, then " and 12 more" when `more` is above 0: what a list cut short says of the rest. */
export function andMore(shown: string, more: number): string {
  return more > 0 ? `${shown} and ${more} more` : shown;
}

/** "1 frame", "3 frames": a count with its noun. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Anything a terminal would act on: C0 but tab and newline, ESC, DEL, C1, bidi overrides and isolates. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_ALL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_BUT_COLOUR = /\u001b\[[0-9;]*m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * How a line is made safe: `text` (control characters as the `\xNN` of safeText), `colour` (the
 * same, but colours, SGR `ESC [ digits m`, are kept: the text report on a terminal), `json`
 * (`\uNNNN`: still the same JSON, as these can only stand inside strings).
 */
export type SafeMode = 'text' | 'colour' | 'json';

/**
 * The last pass over every line vrrpscope prints (util/output.ts, util/say.ts): whatever a renderer
 * forgot to escape, no control sequence reaches a terminal. Tab and newline are kept.
 */
export function terminalSafe(s: string, mode: SafeMode = 'text'): string {
  if (!UNSAFE.test(s)) return s;
  return s.replace(mode === 'colour' ? UNSAFE_BUT_COLOUR : UNSAFE_ALL, (c) => {
    if (c.length > 1) return c; // a colour
    const n = c.charCodeAt(0);
    if (mode === 'json') return `\\u${n.toString(16).padStart(4, '0')}`;
    return n > 0xff ? `\\u{${n.toString(16)}}` : '\\x' + n.toString(16).padStart(2, '0');
  });
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const SCREEN_UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const SCREEN_ALL =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /\u001b\[[0-9;?<=>]*[ -/]*[@-~]|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The last pass over what the terminal UI writes (ink draws with CSI sequences: cursor moves, line
 * erases, colours, mouse reporting). Those are kept, and carriage returns; anything else a terminal
 * acts on is escaped: OSC (window titles, OSC 52 clipboard writes), DCS, a lone ESC, BEL, BS, C1
 * (0x9B is an 8-bit CSI), DEL, bidi controls. The view model escapes every field already
 * (safeText); this is the guard for what it might forget.
 */
export function screenSafe(s: string): string {
  if (!SCREEN_UNSAFE.test(s)) return s;
  return s.replace(SCREEN_ALL, (c) => {
    if (c.length > 1) return c; // a CSI sequence
    const n = c.charCodeAt(0);
    return n > 0xff ? `\\u{${n.toString(16)}}` : '\\x' + n.toString(16).padStart(2, '0');
  });
}
