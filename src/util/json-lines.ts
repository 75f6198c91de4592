/**
 * JSON.stringify(value, null, 2) in pieces of whole lines, for writing a large report without ever
 * holding it as one string: each top-level field, and each element of a top-level list, is
 * stringified on its own. A report of 16,000 groups is 40 MB of text; written this way no piece is
 * larger than one group, and no terminal-safe copy of the whole is made either.
 *
 * The pieces joined with "\n" are exactly JSON.stringify(value, null, 2) for plain data (no toJSON
 * on the top-level object itself): the same fields left out (undefined, functions, symbols), the
 * same `[]` and `{}` for empty ones, `null` for what a list cannot hold.
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
      for (let j = 0; j < v.length; j++)
        yield `    ${indent(JSON.stringify(v[j], null, 2) ?? 'null', '    ')}${j < v.length - 1 ? ',' : ''}`;
      yield `  ]${comma}`;
    } else yield `${key}${indent(JSON.stringify(v, null, 2), '  ')}${comma}`;
  }
  yield '}';
}

/** Every line after the first indented by `pad` (JSON text has no newline inside a string). */
function indent(json: string, pad: string): string {
  return json.includes('\n') ? json.replaceAll('\n', `\n${pad}`) : json;
}
