/**
 * The geometry and the colours of the swimlanes, and what each group's picture is drawn from:
 * its episodes (split brain, no master, capture gaps) and its routers' advert ticks.
 */
import type { Finding, GroupReport, RouterReport, Span } from '../../report/types.js';
import { noMasterSpans, splitBrainSpans } from '../../report/episodes.js';

/** The SVG's own width (it scales to the page); the label column; the plot's right margin. */
export const WIDTH = 1200;
const LABEL = 200;
const RIGHT = 14;
export const X0 = LABEL;
export const X1 = WIDTH - RIGHT;

/** Row heights, pixels. */
export const ROW = { axis: 24, status: 24, failovers: 30, findings: 22, lane: 52 };

/**
 * Okabe-Ito: distinguishable with every common colour-vision deficiency. Routers take blue,
 * orange, bluish green, reddish purple, sky blue, yellow in turn; vermillion is kept for split
 * brain and errors, grey and black for no master, silences and gaps. Every status is also written.
 */
const ROUTER_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#F0E442'];

export function routerColour(i: number): string {
  return ROUTER_COLOURS[i % ROUTER_COLOURS.length];
}

/** Seconds from the page's origin, to the microsecond, as short as it can be written. */
export function rel(t: number, origin: number): string {
  return String(Math.round((t - origin) * 1e6) / 1e6);
}

/** A pixel coordinate to one decimal. */
export function px(x: number): string {
  return String(Math.round(x * 10) / 10);
}

export interface Episodes {
  split: Span[];
  noMaster: Span[];
}

/** Where the group had a split brain, and where no master (report/episodes.ts: the terminal UI draws the same). */
export function episodes(g: GroupReport, findings: readonly Finding[]): Episodes {
  const mine = findings.filter((f) => f.group === g.id);
  return { split: splitBrainSpans(g, mine), noMaster: noMasterSpans(mine) };
}

/**
 * Where to draw a router's advert ticks: every advert when the report kept their times, otherwise
 * one tick per non-empty activity bucket (at its middle, with the bucket's count), so a router
 * advertising for an hour is a few hundred ticks, not 3600.
 */
export function advertTicks(r: RouterReport): { time: number; count: number }[] {
  if (r.advertTimes) return r.advertTimes.map((time) => ({ time, count: 1 }));
  const { from, width, counts } = r.activity;
  const out: { time: number; count: number }[] = [];
  counts.forEach((count, i) => {
    if (count > 0) out.push({ time: from + (i + 0.5) * width, count });
  });
  return out;
}

/**
 * The router an announcement belongs to: the one with its MAC; when several share it (FRR and
 * Cisco send from the virtual MAC), the one whose master period lies nearest in time (an
 * announcement comes with a takeover). Null for a MAC no router of the group uses.
 */
export function announcer(g: GroupReport, a: { time: number; mac: string }): string | null {
  const mine = g.routers.filter((r) => r.mac === a.mac);
  if (mine.length <= 1) return mine[0]?.address ?? null;
  let best: string | null = null;
  let distance = Infinity;
  for (const p of g.timeline) {
    if (!mine.some((r) => r.address === p.master)) continue;
    const d = a.time < p.from ? p.from - a.time : a.time > p.to ? a.time - p.to : 0;
    if (d < distance) [best, distance] = [p.master, d];
  }
  return best ?? mine[0].address;
}

/** Severity as a letter for markers (colour is never the only sign). */
export const SEVERITY_LETTER: Record<Finding['severity'], string> = { error: 'E', warning: 'W', info: 'i' };
