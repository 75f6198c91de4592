/** The page's stylesheet (inline; its hash is in the page's Content-Security-Policy). */
export const STYLE = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #5f5f5f; --line: #d0d0d0; --bad: #D55E00; --warn: #E69F00; --info: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
header.top { padding: 12px 20px 8px; border-bottom: 1px solid var(--line); }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 18px 0 6px; }
h3 { font-size: 14px; margin: 14px 0 4px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
main { padding: 0 20px 40px; }
code, .hash, td, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 12px; }
.hash { word-break: break-all; }
table { border-collapse: collapse; margin: 4px 0 10px; }
th, td { border: 1px solid var(--line); padding: 3px 7px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; font: 600 12px system-ui, sans-serif; }
td.diff, tr.diff td { background: #fde6d8; font-weight: 600; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; }
dt { color: var(--muted); } dd { margin: 0; }
.verdict.fail { color: var(--bad); font-weight: 700; } .verdict.pass { color: #009E73; font-weight: 700; }
.controls { position: sticky; top: 0; z-index: 2; background: #fafafa; border-bottom: 1px solid var(--line); padding: 6px 20px; display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
.controls button { font: inherit; padding: 2px 9px; border: 1px solid #999; background: #fff; border-radius: 3px; cursor: pointer; }
.controls .range, .controls .cursor, .controls .now { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; color: var(--muted); }
.controls .hint { font-size: 12px; color: var(--muted); }
body:not(.js) .controls .needs-js { display: none; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12px; color: var(--muted); margin: 8px 0; }
.legend svg { vertical-align: middle; }
section.group { margin-top: 22px; border-top: 2px solid var(--ink); }
.group-status { font-weight: 700; }
.group-status.bad { color: var(--bad); }
svg.lanes { width: 100%; height: auto; display: block; user-select: none; touch-action: none; cursor: grab; }
svg.lanes.dragging { cursor: grabbing; }
svg .plot { fill: #fff; stroke: var(--line); }
svg .grid { stroke: #ececec; }
svg .tick { font: 11px ui-monospace, "DejaVu Sans Mono", monospace; fill: var(--muted); }
svg .lbl { font: 12px system-ui, "DejaVu Sans", sans-serif; fill: var(--ink); }
svg .lbl.head { fill: var(--muted); font-style: italic; }
svg .lbl.router { font: 600 12px ui-monospace, "DejaVu Sans Mono", monospace; }
svg .lbl.sub { font: 10px ui-monospace, "DejaVu Sans Mono", monospace; fill: var(--muted); }
svg .lbl.date { font: 11px ui-monospace, "DejaVu Sans Mono", monospace; fill: var(--muted); }
svg .sep { stroke: #e4e4e4; }
svg .band { opacity: .9; }
svg .lane-band { opacity: .22; }
svg .gap { fill: #eeeeee; }
svg .split-bg { fill: #D55E00; opacity: .10; }
svg .nomaster-bg { fill: #000; opacity: .07; }
svg .split { fill: #D55E00; }
svg .nomaster { fill: #555; }
svg .st { font: 700 11px system-ui, sans-serif; fill: #fff; letter-spacing: .05em; }
svg .silence { fill: #777; opacity: .28; }
svg .sl { font: 11px system-ui, sans-serif; fill: #333; }
svg .prio { fill: none; stroke-width: 2; }
svg .pv { font: 10px ui-monospace, "DejaVu Sans Mono", monospace; fill: var(--ink); }
svg .ticks { stroke: #333; stroke-width: 1; }
svg .br { fill: none; stroke: #333; stroke-width: 1.5; }
svg .br.slow { stroke: #D55E00; stroke-width: 2.5; }
svg .bl { font: 11px system-ui, sans-serif; fill: #333; }
svg .bl.slow { fill: #D55E00; font-weight: 700; }
svg .tr path { stroke: #333; stroke-width: 1.5; }
svg .tr.bad path { stroke: #D55E00; stroke-width: 2.5; }
svg .tr.bad .glyph { fill: #D55E00; }
svg .glyph { font: 700 10px system-ui, sans-serif; fill: #333; }
svg .fm rect { stroke: #000; stroke-width: .8; }
svg .fm .glyph { fill: #000; }
svg .fm.sev-error rect, svg .fbar.sev-error { fill: #D55E00; }
svg .fm.sev-error .glyph { fill: #fff; }
svg .fm.sev-warning rect, svg .fbar.sev-warning { fill: #E69F00; }
svg .fm.sev-info rect, svg .fbar.sev-info { fill: #56B4E9; }
svg .fm.hl rect { stroke-width: 3; }
svg .p0 path { fill: #000; }
svg .garp path { fill: #fff; stroke: #000; stroke-width: 1.2; }
.sev { display: inline-block; width: 16px; text-align: center; border: 1px solid #000; border-radius: 2px; font-weight: 700; }
.sev-error .sev { background: #D55E00; color: #fff; } .sev-warning .sev { background: #E69F00; } .sev-info .sev { background: #56B4E9; }
tr.finding.hl td { outline: 2px solid var(--ink); background: #fff7d6; }
.filter { margin-top: 3px; white-space: nowrap; }
.filter button { font-size: 11px; padding: 0 5px; }
body:not(.js) button.copy { display: none; }
p.none { color: var(--muted); }
@media print {
  .controls { display: none; }
  section.group { break-before: page; border-top: none; }
  svg.lanes { cursor: default; }
  body { font-size: 11px; }
  a { color: inherit; text-decoration: none; }
}
`;
