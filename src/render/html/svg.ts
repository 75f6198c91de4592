/**
 * Drawing on a group's picture: the page's time origin and scale, and an SVG builder whose every
 * element carries its time (data-f/data-e for spans, data-t for instants) so the page's script can
 * move it when the view is zoomed or panned (client.ts).
 */
import type { Finding, Report } from '../../report/types.js';
import type { PagePlan } from './bounds.js';
import { esc } from './escape.js';
import { px, rel, X0, X1 } from './layout.js';
import { makeScale, utc, xOf, type Scale } from './scale.js';

/** Page-wide: the time origin, the scale of the initial (whole) view, the findings with their index. */
export interface PageContext {
  origin: number;
  scale: Scale;
  report: Report;
  /** What the page draws (bounds.ts). */
  plan: PagePlan;
  /** Each finding shown: its position in the findings table (its anchor is #finding-N). */
  findingIndex: Map<Finding, number>;
}

export function pageContext(report: Report, plan: PagePlan): PageContext {
  const from = report.span?.from ?? 0;
  const to = report.span?.to ?? from;
  const scale = makeScale(from, to, X0, X1);
  return { origin: scale.t0, scale, report, plan, findingIndex: new Map(plan.findings.map((f, i) => [f, i])) };
}

export const when = (t: number) => `${utc(t, 6)} UTC`;
export const frameText = (f: string | number) => `frame ${f}`;

export class Svg {
  readonly parts: string[] = [];
  constructor(private readonly c: PageContext) {}
  x(t: number): number {
    return xOf(this.c.scale, t);
  }
  rel(t: number): string {
    return rel(t, this.c.origin);
  }
  get originValue(): number {
    return this.c.origin;
  }
  /** A span [from, to] as a rect at least 1 px wide. */
  span(cls: string, from: number, to: number, y: number, h: number, title: string, extra = ''): void {
    const x = this.x(from);
    const w = Math.max(1, this.x(to) - x);
    this.parts.push(
      `<rect class="${cls}" data-f="${this.rel(from)}" data-e="${this.rel(to)}" x="${px(x)}" y="${px(y)}" ` +
        `width="${px(w)}" height="${px(h)}"${extra}><title>${esc(title)}</title></rect>`,
    );
  }
  /** Many spans as one path of rectangles (data-spans: from and to of each, in seconds from the origin). */
  spans(
    cls: string,
    list: readonly { from: number; to: number }[],
    y: number,
    h: number,
    title: string,
    extra = '',
  ): void {
    if (list.length === 0) return;
    const d = list.map((p) => rectPath(this.x(p.from), this.x(p.to), y, h)).join('');
    this.parts.push(
      `<path class="${cls}" data-spans="${list.map((p) => `${this.rel(p.from)} ${this.rel(p.to)}`).join(' ')}" ` +
        `data-y="${px(y)} ${px(h)}" d="${d}"${extra}><title>${esc(title)}</title></path>`,
    );
  }
  /** A marker drawn around x = 0, moved to its time. */
  mark(cls: string, t: number, inner: string, title: string): void {
    this.parts.push(
      `<g class="${cls}" data-t="${this.rel(t)}" transform="translate(${px(this.x(t))} 0)">` +
        `<title>${esc(title)}</title>${inner}</g>`,
    );
  }
  label(text: string, y: number, cls = 'lbl'): void {
    this.parts.push(`<text class="${cls}" x="8" y="${px(y)}">${esc(text)}</text>`);
  }
}

/** A rectangle from xa to xb (at least 1 px wide) as a closed subpath. */
function rectPath(xa: number, xb: number, y: number, h: number): string {
  return `M${px(xa)} ${px(y)}h${px(Math.max(1, xb - xa))}v${px(h)}h${px(-Math.max(1, xb - xa))}z`;
}

export function bracket(xa: number, xb: number, y: number): string {
  return `M${px(xa)} ${y + 6}V${y}H${px(xb)}V${y + 6}`;
}

/**
 * Text on a span: centred, or from its start + `dx`; shown (here and when zoomed) only while the
 * span is at least `minWidth` and less than `maxWidth` pixels wide.
 */
export function spanText(
  s: Svg,
  text: string,
  from: number,
  to: number,
  y: number,
  cls: string,
  minWidth = text.length * 7,
  maxWidth = Infinity,
  dx?: number,
): void {
  const w = s.x(to) - s.x(from);
  const hidden = w < minWidth || w >= maxWidth ? ' visibility="hidden"' : '';
  const x = dx === undefined ? (s.x(from) + s.x(to)) / 2 : s.x(from) + dx;
  s.parts.push(
    `<text class="${cls}" data-f="${s.rel(from)}" data-e="${s.rel(to)}" data-minw="${px(minWidth)}"` +
      (maxWidth < Infinity ? ` data-maxw="${px(maxWidth)}"` : '') +
      (dx === undefined ? ` text-anchor="middle"` : ` data-dx="${dx}"`) +
      ` x="${px(x)}" y="${px(y)}"${hidden}>${esc(text)}</text>`,
  );
}
