/**
 * The time axis of a group's picture: grid lines and UTC labels at round times, with the date in
 * the label column (and on a label where the day changes). Self-contained: the page's script
 * embeds axisMarkup with ticks, niceStep, utc and stepDigits (client.ts) and redraws the axis with
 * it when the view changes.
 */
import { stepDigits, ticks, utc } from './scale.js';

/**
 * Markup for the axis of [t0, t1] (epoch seconds) drawn on [x0, x1]; labels above `y`, grid lines
 * from `y` to `bottom`. Only digits, dashes, colons and dots are written: nothing to escape.
 */
export function axisMarkup(t0: number, t1: number, x0: number, x1: number, y: number, bottom: number): string {
  const { step, times } = ticks(t0, t1, Math.max(2, Math.floor((x1 - x0) / 110)));
  const digits = stepDigits(step);
  let out = `<text class="lbl date" x="8" y="${y - 8}">UTC ${utc(t0, 0).slice(0, 10)}</text>`;
  let day = utc(t0, 0).slice(0, 10);
  for (const t of times) {
    const x = Math.round((x0 + ((t - t0) / (t1 - t0)) * (x1 - x0)) * 10) / 10;
    const full = utc(t, digits);
    const label = full.slice(0, 10) !== day ? full.slice(5) : full.slice(11);
    day = full.slice(0, 10);
    out += `<line class="grid" x1="${x}" x2="${x}" y1="${y}" y2="${bottom}"/>`;
    // A label that would be cut by the picture's right edge is left out (its grid line stays).
    if (x + label.length * 3.5 <= x1 + 12)
      out += `<text class="tick" x="${x}" y="${y - 8}" text-anchor="middle">${label}</text>`;
  }
  return out;
}
