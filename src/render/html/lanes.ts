/**
 * One virtual router's picture, as static SVG (readable without script, printable): the time axis,
 * the group's status row (master bands, split brain, no master, capture gaps), a bracket per
 * failover, the findings as markers, and a swimlane per router (master bands, advertised priority
 * as a step line, advert ticks, silences, priority-0 and GARP/NA markers).
 *
 * Every drawn thing carries its time in data attributes (seconds from the page's origin): data-f
 * and data-e (a span), data-t (an instant), data-ticks, data-step, data-br (paths). The page's
 * script moves them when the view is zoomed or panned (client.ts); without script they stay put.
 */
import {
  HISTORY_KEPT,
  historyGapSpans,
  type GroupReport,
  type MasterPeriod,
  type RouterReport,
} from '../../report/types.js';
import { esc, slug } from './escape.js';
import { axisMarkup } from './axis.js';
import { advertTicks, announcer, episodes, px, routerColour, ROW, SEVERITY_LETTER, WIDTH, X0, X1 } from './layout.js';
import { bracketLabels, duration, utc } from './scale.js';
import { maxOf } from '../../util/lists.js';
import { addTo } from '../../util/multimap.js';
import { bracket, frameText, spanText, Svg, when, type PageContext } from './svg.js';

const CAUSE_TEXT: Record<string, string> = {
  startup: 'startup',
  'split-brain': 'SPLIT BRAIN',
  'split-brain-end': 'split brain ends',
};

/** The colour of masters without a lane of their own (bounds.ts). */
const NO_LANE = '#999';

/** Above this many periods or transitions a group is drawn dense (see groupSvg). */
const DENSE = 300;

/**
 * The SVG of one group: a lane for each of `routers` (the group's, or those bounds.ts chose), in the
 * report's order; the status row shows every master, with or without a lane.
 */
export function groupSvg(g: GroupReport, routers: readonly RouterReport[], gi: number, c: PageContext): string {
  const s = new Svg(c);
  const end = c.report.span?.to ?? c.scale.t1;
  const mine = c.plan.findingsOf.get(g.id) ?? [];
  const ep = episodes(g, mine);
  // Each router's master periods, and the highest priority of the group: found once, not per router
  // (a group of 20,000 routers is a lane each).
  const periods = new Map<string, MasterPeriod[]>();
  for (const p of g.timeline) addTo(periods, p.master, p);
  const periodsOf = (address: string) => periods.get(address) ?? [];
  const highest = maxOf(g.routers, (x) => maxOf(x.priorities, (p) => p), 1);
  const colour = new Map(routers.map((r, i) => [r.address, routerColour(i)]));
  // Each announcement on one lane: its router's, or "other MACs" (none for a router without a lane).
  const byRouter = new Map<string | null, GroupReport['announcements']>();
  for (const a of g.announcements) addTo(byRouter, announcer(g, a), a);
  const foreign = byRouter.get(null) ?? [];
  const yStatus = ROW.axis;
  const yFail = yStatus + ROW.status;
  const yFind = yFail + ROW.failovers;
  const yLanes = yFind + ROW.findings;
  const lanes = routers.length + (foreign.length ? 1 : 0);
  const height = yLanes + lanes * ROW.lane + 4;
  const clip = `clip-${gi}`;
  // Hundreds of periods: one path per kind and router instead of an element (and a tooltip) each;
  // the cursor readout (client.ts) tells each one's times from the embedded report.
  const dense = g.timeline.length > DENSE || g.transitions.length > DENSE;

  // Backgrounds across every row: capture gaps; where a long history, kept as its first and latest
  // periods and transitions, leaves some out (not to be read as time without a master); the
  // group's split-brain and no-master spans.
  const across = (cls: string, x: { from: number; to: number }, title: string) =>
    s.span(cls, x.from, x.to, yStatus, height - yStatus, title);
  for (const gap of c.report.gaps)
    across('gap', gap, `capture gap: nothing captured from ${when(gap.from)} to ${when(gap.to)}`);
  for (const gap of historyGapSpans(g))
    across(
      'gap',
      gap,
      `${gap.left} ${gap.what === 'periods' ? 'master periods' : 'transitions'} not in the report from ` +
        `${when(gap.from)} to ${when(gap.to)} (it keeps ${HISTORY_KEPT})`,
    );
  for (const sp of ep.split) across('split-bg', sp, `split brain ${when(sp.from)} to ${when(sp.to)}`);
  for (const sp of ep.noMaster) across('nomaster-bg', sp, `no master ${when(sp.from)} to ${when(sp.to)}`);

  // Status row: who was master; split brain and no master written over it.
  s.label('master', yStatus + 16, 'lbl head');
  if (dense) {
    for (const r of routers) {
      const mine = periodsOf(r.address);
      const title = `${r.address} MASTER ${mine.length} times (hover for each, or see the transitions)`;
      s.spans('band', mine, yStatus + 3, ROW.status - 6, title, ` fill="${colour.get(r.address)}"`);
    }
    // The masters without a lane: one path.
    const others = g.timeline.filter((p) => !colour.has(p.master));
    if (others.length) {
      const title = `${new Set(others.map((p) => p.master)).size} routers without a lane MASTER ${others.length} times`;
      s.spans('band', others, yStatus + 3, ROW.status - 6, title, ` fill="${NO_LANE}"`);
    }
  } else
    for (const p of g.timeline) {
      const title = `MASTER ${p.master} (priority ${p.priority}) from ${when(p.from)} to ${when(p.to)}${p.open ? ' (end of capture)' : ''}`;
      s.span('band', p.from, p.to, yStatus + 3, ROW.status - 6, title, ` fill="${colour.get(p.master) ?? NO_LANE}"`);
    }
  for (const sp of ep.split) {
    s.span('split', sp.from, sp.to, yStatus + 3, ROW.status - 6, `SPLIT BRAIN from ${when(sp.from)} to ${when(sp.to)}`);
    spanText(s, 'SPLIT BRAIN', sp.from, sp.to, yStatus + 16, 'st');
  }
  for (const sp of ep.noMaster) {
    s.span(
      'nomaster',
      sp.from,
      sp.to,
      yStatus + 3,
      ROW.status - 6,
      `NO MASTER from ${when(sp.from)} to ${when(sp.to)}`,
    );
    spanText(s, 'NO MASTER', sp.from, sp.to, yStatus + 16, 'st');
  }

  // Failovers: a bracket from the old master's last advert (or release) to the new master's first evidence.
  s.label('failovers', yFail + 18, 'lbl head');
  const brackets: { from: number; to: number }[] = [];
  const slowBrackets: { from: number; to: number }[] = [];
  for (const [ti, t] of g.transitions.entries()) {
    const title =
      `${when(t.time)} ${t.from ?? '(none)'} -> ${t.to}: ${t.cause}` +
      (t.delay !== null ? `, takeover ${duration(t.delay)}` : '') +
      (t.expectedDelay !== null ? ` (RFC timer ${duration(t.expectedDelay)})` : '') +
      `, ${frameText(t.frame)}`;
    if (t.delay !== null && t.delay > 0) {
      const from = t.time - t.delay;
      const slow = t.expectedDelay !== null && t.delay > t.expectedDelay * 1.25 + 0.3;
      const y = yFail + 8;
      if (dense) {
        (slow ? slowBrackets : brackets).push({ from, to: t.time });
        continue;
      }
      s.parts.push(
        `<path class="br${slow ? ' slow' : ''}" data-br="${s.rel(from)} ${s.rel(t.time)} ${y}" ` +
          `d="${bracket(s.x(from), s.x(t.time), y)}"><title>${esc(title)}</title></path>`,
      );
      // The longest label that fits.
      for (const l of bracketLabels(t.cause, t.delay, t.expectedDelay))
        spanText(s, l.text, from, t.time, yFail + 24, `bl${slow ? ' slow' : ''}`, l.minw, l.maxw);
    } else {
      const glyph = t.cause === 'split-brain' ? 'X' : t.cause === 'startup' ? 'S' : '>';
      s.mark(
        `tr${t.cause === 'split-brain' ? ' bad' : ''}`,
        t.time,
        `<path d="M0 ${yFail + 3}V${yFail + 14}"/><text class="glyph" x="3" y="${yFail + 13}">${glyph}</text>`,
        title,
      );
      // The cause written beside it while there is room for words (hover always tells).
      if (dense) continue;
      const next = g.transitions[ti + 1];
      const until = next ? next.time - (next.delay ?? 0) : end;
      const text = CAUSE_TEXT[t.cause] ?? t.cause;
      spanText(s, text, t.time, Math.max(t.time, until), yFail + 13, 'bl', text.length * 6 + 16, Infinity, 12);
    }
  }

  for (const [list, cls] of [
    [brackets, 'br'],
    [slowBrackets, 'br slow'],
  ] as const) {
    if (list.length === 0) continue;
    const y = yFail + 8;
    s.parts.push(
      `<path class="${cls}" data-brs="${list.map((b) => `${s.rel(b.from)} ${s.rel(b.to)}`).join(' ')}" data-y="${y}" ` +
        `d="${list.map((b) => bracket(s.x(b.from), s.x(b.to), y)).join('')}"><title>${esc(
          `${list.length} ${cls === 'br' ? '' : 'slow '}takeovers (hover for each, or see the transitions)`,
        )}</title></path>`,
    );
  }

  // Findings: a marker at the start, a bar over the span, linked to the findings table.
  s.label('findings', yFind + 15, 'lbl head');
  for (const f of mine) {
    const i = c.findingIndex.get(f);
    if (i === undefined) continue; // not shown (bounds.ts)
    const title = `${f.severity.toUpperCase()} ${f.rule}: ${f.message} (${when(f.from)} to ${when(f.to)})`;
    s.parts.push(`<a href="#finding-${i}" class="fl">`);
    s.span(`fbar sev-${f.severity}`, f.from, f.to, yFind + 15, 3, title);
    s.mark(
      `fm sev-${f.severity}`,
      f.from,
      `<rect x="-6" y="${yFind + 2}" width="12" height="12" rx="2"/>` +
        `<text class="glyph" x="0" y="${yFind + 12}" text-anchor="middle">${SEVERITY_LETTER[f.severity]}</text>`,
      title,
    );
    s.parts.push('</a>');
  }

  // A lane per router.
  routers.forEach((r, i) => {
    const top = yLanes + i * ROW.lane;
    const col = colour.get(r.address)!;
    s.parts.push(`<line class="sep" x1="0" x2="${WIDTH}" y1="${top}" y2="${top}"/>`);
    s.label(r.address, top + 16, 'lbl router');
    s.label(`${r.mac}${r.version ? `  v${r.version}` : ''}`, top + 30, 'lbl sub');
    const periods = periodsOf(r.address);
    if (dense) {
      s.spans(
        'lane-band',
        periods,
        top + 2,
        ROW.lane - 4,
        `${r.address} MASTER ${periods.length} times`,
        ` fill="${col}"`,
      );
      s.spans('silence', r.silences, top + 2, ROW.lane - 4, `${r.address} SILENT ${r.silenceCount} times`);
    } else
      for (const p of periods)
        s.span(
          'lane-band',
          p.from,
          p.to,
          top + 2,
          ROW.lane - 4,
          `${r.address} MASTER from ${when(p.from)} to ${when(p.to)}`,
          ` fill="${col}"`,
        );
    for (const sl of dense ? [] : r.silences) {
      s.span(
        'silence',
        sl.from,
        sl.to,
        top + 2,
        ROW.lane - 4,
        `${r.address} SILENT ${duration(sl.to - sl.from)}: from ${when(sl.from)} to ${when(sl.to)}${sl.open ? ' (end of capture)' : ''}`,
      );
      spanText(s, `silent ${duration(sl.to - sl.from)}`, sl.from, sl.to, top + ROW.lane / 2 + 4, 'sl', 70);
    }
    priorityLine(s, r, periods, top, col, highest);
    const ticks = advertTicks(r);
    const y0 = top + ROW.lane - 9;
    const y1 = top + ROW.lane - 3;
    s.parts.push(
      `<path class="ticks" data-ticks="${ticks.map((t) => s.rel(t.time)).join(' ')}" data-y="${y0} ${y1}" ` +
        `d="${ticks.map((t) => `M${px(s.x(t.time))} ${y0}V${y1}`).join('')}"><title>${esc(
          `${r.address}: ${r.adverts} adverts from ${when(r.firstSeen)} to ${when(r.lastSeen)}` +
            (r.advertTimes ? '' : ` (one tick per ${duration(r.activity.width)} with adverts)`),
        )}</title></path>`,
    );
    for (const c0 of r.priorityChanges.filter((c) => c.priority === 0))
      s.mark(
        'p0',
        c0.time,
        `<path d="M-5 ${top + 3}h10l-5 8z"/><text class="glyph" x="6" y="${top + 11}">0</text>`,
        `${r.address} priority 0 (release) at ${when(c0.time)}, ${frameText(c0.frame)}`,
      );
    for (const a of byRouter.get(r.address) ?? []) announcementMark(s, g, a, top + ROW.lane - 16);
  });
  if (foreign.length) {
    const top = yLanes + routers.length * ROW.lane;
    s.parts.push(`<line class="sep" x1="0" x2="${WIDTH}" y1="${top}" y2="${top}"/>`);
    s.label('other MACs', top + 16, 'lbl router');
    s.label('announcing the addresses', top + 30, 'lbl sub');
    for (const a of foreign) announcementMark(s, g, a, top + ROW.lane - 16);
  }

  return (
    `<svg class="lanes" id="svg-${slug(g.id)}" data-group="${gi}"${dense ? ` data-dense="${yFail + 24}"` : ''} viewBox="0 0 ${WIDTH} ${height}" data-x0="${X0}" data-x1="${X1}" ` +
    `role="img" aria-label="${esc(`timeline of ${g.id}`)}" xmlns="http://www.w3.org/2000/svg">` +
    `<defs><clipPath id="${clip}"><rect x="${X0}" y="0" width="${X1 - X0}" height="${height}"/></clipPath></defs>` +
    `<rect class="plot" x="${X0}" y="${yStatus}" width="${X1 - X0}" height="${height - yStatus}"/>` +
    `<g class="axis" data-axis="${ROW.axis}">${axisMarkup(c.scale.t0, c.scale.t1, X0, X1, ROW.axis, height)}</g>` +
    `<g clip-path="url(#${clip})">${s.parts.filter((p) => !p.startsWith('<text class="lbl')).join('')}` +
    // Dense: the takeovers' labels are written by the script once few enough are in view.
    `${dense ? '<g class="dyn"></g>' : ''}</g>` +
    s.parts.filter((p) => p.startsWith('<text class="lbl')).join('') +
    `</svg>`
  );
}

function announcementMark(s: Svg, g: GroupReport, a: GroupReport['announcements'][number], y: number): void {
  const what = g.family === 'ipv6' ? 'unsolicited NA' : 'gratuitous ARP';
  s.mark(
    'garp',
    a.time,
    `<path d="M0 ${y - 5}l4 5l-4 5l-4-5z"/>`,
    `${what} for ${a.address} from ${a.mac} at ${when(a.time)}, ${frameText(a.frame)}`,
  );
}

/**
 * The router's advertised priority as a step line over its master periods (`periods`, in time
 * order: only a master advertises, outside them it has no advertised priority), the group's highest
 * priority at the lane's top. The path is kept in time as a small command list for the script:
 * "M<t>:<y>" moves, "H<t>" draws to a time, "V<y>" to a height.
 */
function priorityLine(
  s: Svg,
  r: RouterReport,
  periods: readonly MasterPeriod[],
  top: number,
  col: string,
  max: number,
): void {
  const changes = r.priorityChanges;
  if (changes.length === 0) return;
  const yOf = (p: number) => px(top + 11 + (1 - p / max) * (ROW.lane - 32));
  const cmds: string[] = [];
  let k = 0; // changes[k] is the first change after the time drawn so far
  for (const p of periods) {
    while (k < changes.length && changes[k].time <= p.from) k++;
    const at = k > 0 ? changes[k - 1].priority : changes[0].priority;
    cmds.push(`M${s.rel(p.from)}:${yOf(at)}`);
    while (k < changes.length && changes[k].time <= p.to) {
      cmds.push(`H${s.rel(changes[k].time)}`, `V${yOf(changes[k].priority)}`);
      k++;
    }
    cmds.push(`H${s.rel(p.to)}`);
  }
  if (cmds.length === 0) return;
  const list = changes.map((c) => `${c.priority} at ${utc(c.time, 3)}`).join(', ');
  const more =
    r.priorityChangeCount > changes.length ? ` (first ${changes.length} of ${r.priorityChangeCount} changes)` : '';
  s.parts.push(
    `<path class="prio" stroke="${col}" data-step="${cmds.join(' ')}" d="${stepPath(s, cmds)}">` +
      `<title>${esc(`${r.address} advertised priority: ${list}${more}`)}</title></path>`,
  );
  if (changes.length <= 40)
    for (const c of changes)
      if (c.priority > 0)
        s.parts.push(
          `<text class="pv" data-t="${s.rel(c.time)}" data-dx="3" x="${px(s.x(c.time) + 3)}" y="${px(Number(yOf(c.priority)) - 3)}">${c.priority}</text>`,
        );
}

/** The SVG path of step commands in time (see priorityLine). */
function stepPath(s: Svg, cmds: string[]): string {
  const x = (t: string) => px(s.x(Number(t) + s.originValue));
  return cmds
    .map((c) => {
      if (c[0] === 'M') {
        const [t, y] = c.slice(1).split(':');
        return `M${x(t)} ${y}`;
      }
      return c[0] === 'H' ? `H${x(c.slice(1))}` : c;
    })
    .join('');
}
