/**
 * Every screen is a list of one-line rows made of styled segments. Builders (pure functions in the
 * component modules) return Row[]; <Rows> draws them, one <Text> per row, truncated at the width.
 * Color is applied only here, and only when enabled (NO_COLOR): no meaning is carried by color
 * alone, every colored segment also says what it means in text.
 */
import { createContext, memo, useContext } from 'react';
import { Box, Text } from 'ink';
import { clean } from './format.js';

export type Color =
  'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'white' | 'gray' | 'whiteBright' | 'redBright';

export interface Seg {
  text: string;
  color?: Color;
  bold?: boolean;
  dim?: boolean;
  inverse?: boolean;
}

export interface Row {
  key: string;
  segs: Seg[];
}

/** Whether colors are drawn: off when NO_COLOR is set (non-empty), as https://no-color.org asks. */
export function colorFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return !(env.NO_COLOR !== undefined && env.NO_COLOR !== '');
}

/** Defaults to the environment, so components used on their own (the progress bar) honor NO_COLOR too. */
export const ColorContext = createContext<boolean>(colorFromEnv());

export function useColor(): boolean {
  return useContext(ColorContext);
}

export function rowText(r: Row): string {
  return r.segs.map((s) => s.text).join('');
}

const sameStyle = (a: Seg, b: Seg) =>
  a.color === b.color && !a.bold === !b.bold && !a.dim === !b.dim && !a.inverse === !b.inverse;

/** Drops empty segments and merges neighbors of the same style: fewer nodes for ink to draw. */
function mergeSegs(segs: readonly Seg[], color = true): Seg[] {
  const out: Seg[] = [];
  for (const s0 of segs) {
    if (!s0.text) continue;
    const s = color || !s0.color ? s0 : { ...s0, color: undefined };
    const last = out[out.length - 1];
    if (last && sameStyle(last, s)) out[out.length - 1] = { ...last, text: last.text + s.text };
    else out.push(s);
  }
  return out;
}

/** Rows that draw the same: nothing on the terminal would change from one to the other. */
export function sameRows(a: readonly Row[], b: readonly Row[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameRow(a[i], b[i])) return false;
  return true;
}

/** Same text in the same styles: what a row draws (its key aside). */
function sameRow(a: Row, b: Row): boolean {
  if (a === b) return true;
  if (a.segs.length !== b.segs.length) return false;
  for (let i = 0; i < a.segs.length; i++) {
    const x = a.segs[i];
    const y = b.segs[i];
    if (x.text !== y.text || !sameStyle(x, y)) return false;
  }
  return true;
}

/** A row redrawn by React only when what it draws changed (a live screen changes a few rows a second). */
const RowLine = memo(
  function RowLine({ row }: { row: Row }) {
    const color = useColor();
    const segs = mergeSegs(row.segs, color);
    const plainStyle = (s: Seg) => !s.color && !s.bold && !s.dim && !s.inverse;
    return (
      <Text wrap="truncate-end">
        {segs.length === 0
          ? ' '
          : segs.map((s, i) =>
              plainStyle(s) ? (
                clean(s.text)
              ) : (
                <Text
                  key={i}
                  {...(s.color ? { color: s.color } : {})}
                  {...(s.bold ? { bold: true } : {})}
                  {...(s.dim ? { dimColor: true } : {})}
                  {...(s.inverse ? { inverse: true } : {})}
                >
                  {clean(s.text)}
                </Text>
              ),
            )}
      </Text>
    );
  },
  (a, b) => sameRow(a.row, b.row),
);

export function Rows({ rows, width }: { rows: readonly Row[]; width: number }) {
  return (
    <Box flexDirection="column" width={Math.max(1, width)}>
      {rows.map((r) => (
        <RowLine key={r.key} row={r} />
      ))}
    </Box>
  );
}

/** Cuts a row to `width` columns as a whole, the last kept segment ending with an ellipsis. */
export function fitRow(r: Row, width: number): Row {
  let left = Math.max(0, width);
  const segs: Seg[] = [];
  for (const s of r.segs) {
    const cps = [...s.text];
    if (cps.length <= left) {
      segs.push(s);
      left -= cps.length;
      continue;
    }
    if (left > 0) segs.push({ ...s, text: left === 1 ? '…' : cps.slice(0, left - 1).join('') + '…' });
    break;
  }
  return segs.length === r.segs.length && segs.every((s, i) => s === r.segs[i]) ? r : { key: r.key, segs };
}

/** Shorthands for builders. */
export const seg = (text: string, style: Omit<Seg, 'text'> = {}): Seg => ({ text, ...style });
export const row = (key: string, ...segs: Seg[]): Row => ({ key, segs });
