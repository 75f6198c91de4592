/**
 * ink keeps what it learns about a line of text (its styled characters, its width) in caches that
 * live for one frame: every frame starts a new `Output` with new caches. A live screen redraws the
 * same rows frame after frame, so most of a frame's work is tokenizing lines it tokenized a second
 * before (at 200x60 about half of the UI's CPU time, see bench/live-ui.ts). This hands every frame
 * one set of ink's own caches instead, emptied when it grows past a bound.
 *
 * The caches memoize pure functions of the line (tokenize, string-width) and ink never changes what
 * they return, so a frame drawn with them is the frame ink would draw without them (the tests
 * compare the two). It reaches into ink's internals (`build/output.js`, by file URL: ink exports
 * only its index), so it checks the shape it relies on and leaves ink as it is if that differs.
 */

/** What this relies on in ink's `Output` (ink 6.8). */
interface InkCaches {
  widths: Map<string, number>;
  blockWidths: Map<string, number>;
  styledChars: Map<string, unknown>;
  getStyledChars(line: string): unknown;
  getStringWidth(text: string): number;
  getWidestLine(text: string): number;
}

type OwnGet = (this: InkOutput) => { output: string; height: number };

interface InkOutput {
  caches: InkCaches;
  get: OwnGet;
}

type OutputClass = (new (o: { width: number; height: number }) => InkOutput) & { prototype: InkOutput };

/** Lines whose styled characters are kept (a 200x60 screen writes about 60 a frame). */
export const SHARED_LINES = 4096;

/** ink's Output class, its own get() and the caches every frame now shares (for the tests). */
export interface Shared {
  Output: OutputClass;
  ownGet: OwnGet;
  caches: InkCaches;
}

let state: Promise<Shared | null> | null = null;

/**
 * Makes every later ink frame use one set of caches; resolves to what it changed, or to null when
 * this ink is not shaped as expected (it draws as it always did). Safe to call more than once.
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
  const probe = typeof Output === 'function' ? new Output({ width: 0, height: 0 }) : null;
  const c = probe?.caches;
  const get = Output?.prototype?.get;
  if (!c || typeof get !== 'function' || !shaped(c)) return null;
  const Caches = c.constructor as new () => InkCaches;
  const shared = new Caches();
  Output.prototype.get = function (this: InkOutput) {
    const { styledChars, blockWidths, widths } = shared;
    if (styledChars.size > SHARED_LINES || blockWidths.size > SHARED_LINES || widths.size > 4 * SHARED_LINES) {
      styledChars.clear();
      blockWidths.clear();
      widths.clear();
    }
    this.caches = shared;
    return get.call(this);
  };
  return { Output, ownGet: get, caches: shared };
}

function shaped(c: Partial<InkCaches>): c is InkCaches {
  return (
    c.widths instanceof Map &&
    c.blockWidths instanceof Map &&
    c.styledChars instanceof Map &&
    typeof c.getStyledChars === 'function' &&
    typeof c.getStringWidth === 'function' &&
    typeof c.getWidestLine === 'function'
  );
}
