/**
 * ink draws every frame from scratch: a new `Output` per frame, with new caches, builds a cell
 * object for every character of the screen, tokenizes every line written and turns every row back
 * into a string. A live screen redraws about once a second and changes a few of its rows each time
 * (the clock, a strip, a counter): at 200x60 most of the UI's CPU time went to redoing the same rows
 * (bench/live-ui.ts). Three changes, all inside ink's `Output.get`:
 *
 * - one set of ink's own line caches for every frame (tokenized lines, widths), emptied when it
 *   grows past a bound, instead of one per frame;
 * - a frame made only of lines written once each on their rows (what our screens are: one <Text>
 *   per row) is put together row by row, a row the same as the frame before (the same line at the
 *   same column, the same width) taken from a cache. A row not in the cache is drawn by ink's own
 *   `get` on an `Output` one row high. Any other frame (clipping, two writes on one row, a
 *   position that is not a whole number) is drawn by ink's own `get`, whole;
 * - a new row of printable ASCII and SGR sequences (all our screens write) is turned into ink's
 *   styled characters and back into text here, with the library ink uses for the codes, but
 *   without its grapheme segmenter and with one style array per run of characters (ink copies one
 *   per character and compares each with the one before); any other row is ink's.
 *
 * A row's text on the screen depends only on what was written on that row, and the caches memoize
 * pure functions of a line, so a frame drawn this way is the frame ink draws (the tests compare the
 * two, byte for byte). It reaches into ink's internals (`build/output.js`, by file URL: ink exports
 * only its index), so it checks the shape it relies on and leaves ink as it is if that differs.
 */

import {
  ansiCodesToString,
  diffAnsiCodes,
  reduceAnsiCodesIncremental,
  tokenize,
  type AnsiCode,
  type StyledChar,
} from '@alcalzone/ansi-tokenize';

/** What this relies on in ink's `Output` (ink 6.8). */
interface InkCaches {
  widths: Map<string, number>;
  blockWidths: Map<string, number>;
  styledChars: Map<string, unknown>;
  getStyledChars(line: string): unknown;
  getStringWidth(text: string): number;
  getWidestLine(text: string): number;
}

type Transformer = (line: string, index: number) => string;

type Operation =
  { type: 'write'; x: number; y: number; text: string; transformers: Transformer[] } | { type: 'clip' | 'unclip' };

type OwnGet = (this: InkOutput) => { output: string; height: number };

interface InkOutput {
  width: number;
  height: number;
  operations: Operation[];
  caches: InkCaches;
  get: OwnGet;
  write(x: number, y: number, text: string, options: { transformers: Transformer[] }): void;
}

type OutputClass = (new (o: { width: number; height: number }) => InkOutput) & { prototype: InkOutput };

/**
 * Bounds. A row drawn is a string (a 200x60 screen has 60, and about 20 change a second); a line's
 * styled characters are an object per character (about 20 KB for a 200-character line), and with
 * the rows cached they are needed again only by a row drawn at another column or width, or by a
 * frame ink draws whole: a few hundred of them are plenty.
 */
export const ROWS_KEPT = 1024;
export const STYLED_LINES_KEPT = 256;

/** ink's Output class, its own get() and the caches every frame now shares (for the tests). */
export interface Shared {
  Output: OutputClass;
  ownGet: OwnGet;
  caches: InkCaches;
  /** Each row drawn, by its line: the column it was written at, the width of the screen, the text. */
  rows: Map<string, { x: number; width: number; text: string }>;
}

let state: Promise<Shared | null> | null = null;

/**
 * Makes every later ink frame use the caches; resolves to what it changed, or to null when this
 * ink is not shaped as expected (it draws as it always did). Safe to call more than once.
 */
export function shareInkCaches(): Promise<Shared | null> {
  return (state ??= install());
}

async function install(): Promise<Shared | null> {
  let Output: OutputClass;
  try {
    const url = new URL('./output.js', import.meta.resolve('ink'));
    Output = ((await import(url.href)) as { default: OutputClass }).default;
  } catch {
    return null;
  }
  const probe = typeof Output === 'function' ? new Output({ width: 3, height: 2 }) : null;
  const c = probe?.caches;
  const ownGet = Output?.prototype?.get;
  if (!probe || !c || typeof ownGet !== 'function' || !shaped(probe, c)) return null;
  const Caches = c.constructor as new () => InkCaches;
  const shared: Shared = { Output, ownGet, caches: new Caches(), rows: new Map() };
  Output.prototype.get = function (this: InkOutput) {
    const { styledChars, blockWidths, widths } = shared.caches;
    if (styledChars.size > STYLED_LINES_KEPT || blockWidths.size > ROWS_KEPT || widths.size > 4 * ROWS_KEPT) {
      styledChars.clear();
      blockWidths.clear();
      widths.clear();
    }
    if (shared.rows.size > ROWS_KEPT) shared.rows.clear();
    this.caches = shared.caches;
    return byRows(shared, this) ?? ownGet.call(this);
  };
  return shared;
}

/** The frame put together row by row, or null when it is not one line written once on each row. */
function byRows(shared: Shared, o: InkOutput): { output: string; height: number } | null {
  const { width, height } = o;
  const lines: (string | undefined)[] = new Array<string | undefined>(height);
  const xs = new Array<number>(height);
  for (const op of o.operations) {
    if (op.type !== 'write' || !Number.isInteger(op.x) || !Number.isInteger(op.y)) return null;
    // ink drops a write that starts above or below the screen (every line of it), and writes the
    // lines of one that starts on it down to the last row.
    if (op.y < 0 || op.y >= height) continue;
    const parts = op.text.split('\n');
    for (let i = 0; i < parts.length && op.y + i < height; i++) {
      const y = op.y + i;
      if (lines[y] !== undefined) return null;
      let line = parts[i];
      for (const t of op.transformers) line = t(line, i);
      lines[y] = line;
      xs[y] = op.x;
    }
  }
  const out: string[] = new Array<string>(height);
  for (let y = 0; y < height; y++) {
    const line = lines[y];
    out[y] = line === undefined ? '' : row(shared, line, xs[y], width);
  }
  return { output: out.join('\n'), height };
}

/** One row, `line` written at column x on a screen `width` wide, as ink draws it. */
function row(shared: Shared, line: string, x: number, width: number): string {
  const known = shared.rows.get(line);
  if (known && known.x === x && known.width === width) return known.text;
  const chars = plainStyledChars(line);
  const text = chars ? rowText(chars, Math.min(x, width)) : inkRow(shared, line, x, width);
  shared.rows.set(line, { x, width, text });
  return text;
}

/**
 * The row as ink's own get() draws it, on an Output one row high. It is blank up to the line's
 * column only (no wider than the screen): ink sets the line's characters past the end of a row as
 * readily, and the blank cells after them only add spaces that it trims from every row. (A column
 * past the screen's edge leaves the same gap before the line as it does in ink's own frame.)
 */
function inkRow(shared: Shared, line: string, x: number, width: number): string {
  const one = new shared.Output({ width: Math.min(width, x + 1), height: 1 });
  one.caches = shared.caches;
  one.write(x, 0, line, { transformers: [] });
  return shared.ownGet.call(one).output;
}

const NO_STYLES: AnsiCode[] = [];
const BLANK: StyledChar = { type: 'char', value: ' ', fullWidth: false, styles: NO_STYLES };

/**
 * What ink's tokenizer makes of a line of printable ASCII and SGR sequences (colors, bold, dim,
 * inverse: all our screens write), without it: ink segments every line into graphemes
 * (Intl.Segmenter) and copies the styles for every character, at about 2 µs a character; here each
 * character is itself and those after one SGR sequence share its styles (ink never changes them),
 * the sequence's codes and their reduction being the library's own. Null for any other line (ink
 * draws it).
 */
export function plainStyledChars(line: string): StyledChar[] | null {
  const out: StyledChar[] = [];
  let styles = NO_STYLES;
  for (let i = 0; i < line.length;) {
    const c = line.charCodeAt(i);
    if (c === 0x1b) {
      if (line.charCodeAt(i + 1) !== 0x5b) return null;
      let j = i + 2;
      for (let d = line.charCodeAt(j); d === 0x3b || (d >= 0x30 && d <= 0x39); d = line.charCodeAt(++j));
      if (line.charCodeAt(j) !== 0x6d) return null;
      const codes = sgrCodes(line.slice(i, j + 1));
      if (!codes) return null;
      styles = reduceAnsiCodesIncremental(styles, codes);
      i = j + 1;
      continue;
    }
    if (c < 0x20 || c > 0x7e) return null;
    out.push({ type: 'char', value: line[i], fullWidth: false, styles });
    i++;
  }
  return out;
}

/** The codes of each SGR sequence met, as ink's tokenizer splits it (a screen uses a handful). */
const sgr = new Map<string, AnsiCode[] | null>();

function sgrCodes(seq: string): AnsiCode[] | null {
  let codes = sgr.get(seq);
  if (codes === undefined) {
    const tokens = tokenize(seq);
    codes = tokens.length > 0 && tokens.every((t) => t.type === 'ansi') ? tokens : null;
    if (sgr.size >= 256) sgr.clear();
    sgr.set(seq, codes);
  }
  return codes;
}

/**
 * The row's text as ink's styledCharsToString writes it, trimmed: `blanks` blank cells, then the
 * characters (the cells after them only add spaces that ink trims). Between two characters of one
 * style array nothing is written: the library's diff of a style with itself is empty.
 */
function rowText(chars: StyledChar[], blanks: number): string {
  const n = blanks + chars.length;
  let out = '';
  let prev: AnsiCode[] | null = null;
  for (let i = 0; i < n; i++) {
    const c = i < blanks ? BLANK : chars[i - blanks];
    if (prev === null) out += ansiCodesToString(c.styles);
    else if (c.styles !== prev) out += ansiCodesToString(diffAnsiCodes(prev, c.styles));
    out += c.value;
    prev = c.styles;
  }
  if (prev !== null) out += ansiCodesToString(diffAnsiCodes(prev, NO_STYLES));
  return out.trimEnd();
}

function shaped(o: Partial<InkOutput>, c: Partial<InkCaches>): c is InkCaches {
  return (
    o.width === 3 &&
    o.height === 2 &&
    Array.isArray(o.operations) &&
    typeof o.write === 'function' &&
    c.widths instanceof Map &&
    c.blockWidths instanceof Map &&
    c.styledChars instanceof Map &&
    typeof c.getStyledChars === 'function' &&
    typeof c.getStringWidth === 'function' &&
    typeof c.getWidestLine === 'function'
  );
}
