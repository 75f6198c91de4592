/**
 * `analyze --format html`: the report as one self-contained page. The report's data embedded as
 * JSON, a static SVG picture per virtual router, the tables, inline CSS and a small script (zoom,
 * pan, next finding); a Content-Security-Policy allows that script and style (by hash) and nothing
 * else: no request of any kind leaves the page.
 */
import { createHash } from 'node:crypto';
import type { GroupReport, Report } from '../../report/types.js';
import { axisMarkup } from './axis.js';
import { clientMain } from './client.js';
import { esc, jsonForScript, slug } from './escape.js';
import { addressesText, embedded, PAGE_LIMITS, planPage, type DrawnGroup, type PagePlan } from './bounds.js';
import { firstOf } from '../../util/text.js';
import { groupSvg } from './lanes.js';
import { pageContext, type PageContext } from './svg.js';
import { bracketLabels, duration, niceStep, stepDigits, ticks, utc } from './scale.js';
import { STYLE } from './style.js';
import {
  configTable,
  findingsTable,
  headerHtml,
  otherGroupsTable,
  ownersTable,
  statusText,
  transitionsTable,
  type HtmlExtras,
} from './tables.js';

export type { HtmlExtras } from './tables.js';

/**
 * The page's script: the functions it needs, as their own source, then a call. clientMain reaches
 * the others by the names it declares (client.ts). A bundler (scripts/bundle.mjs) may have renamed a
 * function whose name another module uses too (axisMarkup became axisMarkup2), and the calls among
 * these functions with it: a renamed one is also given the name clientMain knows.
 */
const PAGE_FUNCTIONS = { niceStep, ticks, utc, stepDigits, duration, bracketLabels, axisMarkup, slug, clientMain };
export const PAGE_FUNCTION_NAMES = Object.keys(PAGE_FUNCTIONS);
const SCRIPT =
  Object.entries(PAGE_FUNCTIONS)
    .map(([name, f]) => (f.name === name ? f.toString() : `${f.toString()}\nconst ${name} = ${f.name};`))
    .join('\n') + '\nclientMain();\n';

const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

/** Forbids every fetch, frame, form, base change and plugin; runs only this script and style. */
export const CSP =
  `default-src 'none'; script-src ${sha256(SCRIPT)}; style-src ${sha256(STYLE)}; img-src 'none'; ` +
  `connect-src 'none'; font-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; ` +
  `worker-src 'none'; manifest-src 'none'; base-uri 'none'; form-action 'none'`;

function groupTitle(g: GroupReport): string {
  const parts = [
    `VRID ${g.vrid}`,
    g.family === 'ipv6' ? 'IPv6' : 'IPv4',
    g.version ? `VRRPv${g.version}` : '',
    g.vlan.length ? `VLAN ${g.vlan.join('.')}` : '',
    g.tunnel ? g.tunnel.map((t) => `${t.type} ${t.id}`).join(' / ') : '',
    g.segment ? `interface ${g.segment}` : '',
  ].filter(Boolean);
  return `${parts.join(' · ')}${g.virtualAddresses.length ? ` · virtual ${addressesText(g)}` : ''}`;
}

function groupSection({ group: g, routers }: DrawnGroup, gi: number, ctx: PageContext): string {
  const st = g.state;
  const bad = st.status !== 'master';
  const who = st.masters.length
    ? `: ${firstOf(st.masters, PAGE_LIMITS.addresses, ', ', st.masterCount ?? st.masters.length)}`
    : '';
  const lanes =
    routers.length < g.routerCount
      ? ` A lane for ${routers.length} of them: the masters at the end, then those master longest, then the busiest` +
        ` (the other masters are grey in the top row).`
      : '';
  return (
    `<section class="group" id="group-${slug(g.id)}"><h2>${esc(groupTitle(g))}</h2>` +
    `<p>Group <code>${esc(g.id)}</code>. At the end of the capture: ` +
    `<span class="group-status${bad ? ' bad' : ''}">${statusText(g)}${esc(who)}</span>; ` +
    `${g.transitionCount} transitions, ${g.routerCount} routers heard.${lanes}</p>` +
    groupSvg(g, routers, gi, ctx) +
    `<h3>What the routers advertise</h3>${configTable(g, routers)}` +
    `<h3>Who answered for the virtual addresses</h3>${ownersTable(g)}` +
    `<h3>Transitions</h3>${transitionsTable(g)}</section>`
  );
}

/** The groups the page does not draw (bounds.ts), if any. */
function otherGroups(report: Report, plan: PagePlan): string {
  const notDrawn = report.groups.length - plan.drawn.length;
  if (notDrawn === 0) return '';
  return (
    `<section class="other-groups"><h2 id="other-groups">${notDrawn} more virtual routers, not drawn</h2>` +
    `<p>The page draws ${plan.drawn.length} of the ${report.groups.length} groups: those with errors first, ` +
    `then warnings, then those without one master at the end, then the most transitions.</p>` +
    otherGroupsTable(plan.listed, notDrawn, plan.findingsOf) +
    `</section>`
  );
}

const LEGEND =
  `<div class="legend" aria-label="legend">` +
  `<span><svg width="26" height="12"><rect width="26" height="12" fill="#0072B2"/></svg> master (one colour per router)</span>` +
  `<span><svg width="26" height="12"><rect width="26" height="12" fill="#D55E00"/></svg> SPLIT BRAIN</span>` +
  `<span><svg width="26" height="12"><rect width="26" height="12" fill="#555"/></svg> NO MASTER</span>` +
  `<span><svg width="26" height="12"><path d="M1 10H9V3H25" fill="none" stroke="#0072B2" stroke-width="2"/></svg> advertised priority</span>` +
  `<span><svg width="26" height="12"><path d="M3 3V11M9 3V11M15 3V11M21 3V11" stroke="#333"/></svg> adverts</span>` +
  `<span><svg width="26" height="12"><rect width="26" height="12" fill="#777" opacity=".28"/></svg> silent longer than Master_Down_Interval</span>` +
  `<span><svg width="14" height="12"><path d="M7 1l4 5l-4 5l-4-5z" fill="#fff" stroke="#000"/></svg> gratuitous ARP / unsolicited NA</span>` +
  `<span><svg width="14" height="12"><path d="M2 2h10l-5 8z"/></svg> priority 0 (release)</span>` +
  `<span><svg width="30" height="12"><path d="M2 11V4H28V11" fill="none" stroke="#333" stroke-width="1.5"/></svg> takeover: old master's last advert to new master's first evidence</span>` +
  `<span><svg width="14" height="14"><rect x="1" y="1" width="12" height="12" rx="2" fill="#D55E00" stroke="#000"/></svg> E error, W warning, i info (links to the table)</span>` +
  `<span><svg width="26" height="12"><rect width="26" height="12" fill="#eee"/></svg> capture gap</span>` +
  `</div>`;

export function renderHtml(report: Report, extras: HtmlExtras): string {
  const plan = planPage(report);
  const ctx = pageContext(report, plan);
  const anchored = new Set([...plan.drawn.map((d) => d.group.id), ...plan.listed.map((g) => g.id)]);
  const names = report.inputs.map((i) => i.name).join(', ');
  const title = `vrrpscope: ${names} (${extras.exitCode === 0 ? 'PASS' : 'FAIL'})`;
  const controls =
    `<nav class="controls" aria-label="time axis">` +
    `<span class="needs-js"><button type="button" id="zoom-in" title="zoom in (or the mouse wheel over a timeline)">zoom in</button> ` +
    `<button type="button" id="zoom-out">zoom out</button> <button type="button" id="zoom-reset">whole capture</button> ` +
    `<button type="button" id="pan-left" title="earlier">&larr;</button> <button type="button" id="pan-right" title="later">&rarr;</button> ` +
    `<button type="button" id="prev-finding">previous finding</button> <button type="button" id="next-finding">next finding</button></span> ` +
    `<span class="range" id="range">${report.span ? `${esc(utc(ctx.scale.t0, 3))} to ${esc(utc(ctx.scale.t1, 3))} UTC` : 'empty capture'}</span>` +
    `<span class="now" id="finding-now"></span><span class="cursor" id="cursor"></span>` +
    `<span class="hint needs-js">wheel: zoom, drag: pan, hover: exact times and frames</span></nav>`;
  return (
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="generator" content="vrrpscope ${esc(report.generator.version)}">` +
    `<title>${esc(title)}</title><style>${STYLE}</style></head>\n` +
    `<body data-origin="${ctx.origin}" data-span="${ctx.scale.t1 - ctx.scale.t0}">` +
    `<header class="top"><h1>VRRP incident report</h1><div>${esc(names)}</div></header>${controls}<main>` +
    headerHtml(report, extras) +
    `<h2>Virtual routers</h2>${report.groups.length ? LEGEND : '<p class="none">No VRRP advert in the capture.</p>'}` +
    plan.drawn.map((d, i) => groupSection(d, i, ctx)).join('\n') +
    otherGroups(report, plan) +
    `<section class="findings-section"><h2 id="findings">Findings</h2>` +
    `${findingsTable(plan.findings, report.findings.length, anchored)}</section></main>\n` +
    `<script type="application/json" id="report-data">${jsonForScript(embedded(report, plan))}</script>\n` +
    `<script>${SCRIPT}</script></body></html>\n`
  );
}
