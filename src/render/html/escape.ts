/**
 * Escaping for the HTML report: every string that reaches the page (file names, addresses, packet
 * bytes such as VRRPv2 passwords with --show-secrets, finding messages) goes through one of these.
 */

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text for an element's content or a quoted attribute value: markup characters as entities, and
 * control characters (which HTML would drop or mangle) as visible \xNN escapes.
 */
export function esc(s: string | number): string {
  return (
    String(s)
      .replace(/[&<>"']/g, (c) => HTML[c])
      // eslint-disable-next-line no-control-regex -- showing control characters as text is the point
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => {
        const n = c.charCodeAt(0);
        return n > 0xff ? `\\u{${n.toString(16)}}` : '\\x' + n.toString(16).padStart(2, '0');
      })
  );
}

/**
 * JSON for the inside of a <script type="application/json"> element: `<`, `>` and `&` as \u
 * escapes (no `</script>` or `<!--` can end or bend the element), U+2028/U+2029 too (line
 * terminators in older JavaScript), DEL, C1 controls and bidi overrides as well. Still the same
 * JSON: JSON.parse gives back the same value.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** An identifier safe in an id attribute and a URL fragment, from any string (a group id). */
export function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`);
}
