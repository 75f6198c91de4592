/**
 * JSON.stringify(value, null, 2) in pieces of whole lines, for writing a large report without ever
 * holding it as one string: each top-level field, and each element of a top-level list, is
 * stringified on its own. A report of 16,000 groups is 40 MB of text; written this way no piece is
 * larger than one group, and no terminal-safe copy of the whole is made either.
 *
 * The pieces joined with "\n" are exactly JSON.stringify(value, null, 2) for plain data (no toJSON
 * on the top-level object itself): the same fields left out (undefined, functions, symbols), the
 * same `[]` and `{}` for empty ones, `null` for what a list cannot hold. Each piece is stringified
 * inside a list nested as deep as it stands in the whole, so JSON.stringify indents it, and the
 * wrapping is cut off again (a slice, not a copy).
 */
export function* jsonLines(value: object): Generator<string, void, undefined> {
  const fields: [string, unknown][] = [];
  for (const [k, v] of Object.entries(value))
    if (v !== undefined && typeof v !== 'function' && typeof v !== 'symbol') fields.push([k, v]);
  if (fields.length === 0) {
    yield '{}';
    return;
  }
  yield '{';
  for (let i = 0; i < fields.length; i++) {
    const [k, v] = fields[i];
    const comma = i < fields.length - 1 ? ',' : '';
    const key = `  ${JSON.stringify(k)}: `;
    if (Array.isArray(v) && v.length > 0) {
      yield `${key}[`;
      // "[\n  [\n" + the element, indented by 4 + "\n  ]\n]"
      for (let j = 0; j < v.length; j++)
        yield `${JSON.stringify([[v[j]]], null, 2).slice(6, -6)}${j < v.length - 1 ? ',' : ''}`;
      yield `  ]${comma}`;
    } else {
      // "[\n  " + the value, indented by 2 + "\n]"
      yield `${key}${JSON.stringify([v], null, 2).slice(4, -2)}${comma}`;
    }
  }
  yield '}';
}
