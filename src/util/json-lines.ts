/**
 * JSON.stringify(value, null, 2) in pieces of whole lines, for writing a large report without ever
 * holding it as one string: each top-level field, and each element of a top-level list, is
 * stringified on its own; a longer list at any depth (more than LONG_LIST elements: a group of
 * 20,000 routers) LONG_LIST elements at a time, and the object holding it field by field. A report
 * of 16,000 groups is 40 MB of text; written this way no piece is larger than one group, or a
 * thousand routers of a group with more, and no terminal-safe copy of the whole is made either.
 *
 * The pieces joined with "\n" are exactly JSON.stringify(value, null, 2) for plain data (no toJSON
 * on the top-level object itself): the same fields left out (undefined, functions, symbols), the
 * same `[]` and `{}` for empty ones, `null` for what a list cannot hold. Each piece is stringified
 * inside lists nested as deep as it stands in the whole, so JSON.stringify indents it, and the
 * wrapping is cut off again (a slice, not a copy).
 */

/** Lists longer than this are written in pieces of this many elements wherever they stand. */
const LONG_LIST = 1000;

export function* jsonLines(value: object): Generator<string, void, undefined> {
  yield* piece(value, 0, '', '', false);
}

/**
 * `v` at indentation `level`, after `head` (its key, or nothing) and followed by `comma`. A list is
 * split into its elements when `split` or when it is long; an object into its fields at the top, or
 * when a list of its is long; anything else is one piece.
 */
function* piece(v: unknown, level: number, head: string, comma: string, split: boolean): Generator<string> {
  const pad = '  '.repeat(level);
  if (Array.isArray(v) && v.length > 0 && split) {
    yield `${pad}${head}[`;
    for (let j = 0; j < v.length; j++) yield* piece(v[j], level + 1, '', j < v.length - 1 ? ',' : '', false);
    yield `${pad}]${comma}`;
    return;
  }
  if (Array.isArray(v) && v.length > LONG_LIST) {
    // LONG_LIST elements a piece: the chunk stringified as a list inside `level` lists, the wrapping
    // and the chunk's own brackets cut off ("[\n" + "  [\n" + ... before its first element).
    yield `${pad}${head}[`;
    const around = (level + 1) * (level + 2);
    for (let j = 0; j < v.length; j += LONG_LIST) {
      const text = JSON.stringify(nest(v.slice(j, j + LONG_LIST), level), null, 2);
      yield `${text.slice(around, -around)}${j + LONG_LIST < v.length ? ',' : ''}`;
    }
    yield `${pad}]${comma}`;
    return;
  }
  if (isPlainObject(v) && (level === 0 || holdsLongList(v))) {
    const fields: [string, unknown][] = [];
    for (const [k, x] of Object.entries(v))
      if (x !== undefined && typeof x !== 'function' && typeof x !== 'symbol') fields.push([k, x]);
    if (fields.length === 0) {
      yield `${pad}${head}{}${comma}`;
      return;
    }
    yield `${pad}${head}{`;
    for (let i = 0; i < fields.length; i++) {
      const [k, x] = fields[i];
      // The top level's lists are always split (the groups, the findings).
      yield* piece(x, level + 1, `${JSON.stringify(k)}: `, i < fields.length - 1 ? ',' : '', level === 0);
    }
    yield `${pad}}${comma}`;
    return;
  }
  // Inside `level` lists JSON.stringify indents the value by 2 * level: the first line's indentation
  // and the lists around it are cut off ("[\n" + "  [\n" + ... before it, as much after it).
  const around = level * (level + 1);
  const text = JSON.stringify(nest(v, level), null, 2);
  yield `${pad}${head}${level === 0 ? text : text.slice(around + 2 * level, -around)}${comma}`;
}

function nest(v: unknown, level: number): unknown {
  let x = v;
  for (let i = 0; i < level; i++) x = [x];
  return x;
}

/** An object JSON.stringify writes field by field (no toJSON; Object's own prototype or none). */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}

function holdsLongList(v: Record<string, unknown>): boolean {
  for (const k in v) {
    const x = v[k];
    if (Array.isArray(x) && x.length > LONG_LIST) return true;
  }
  return false;
}
