/**
 * The whole screen as rows: a pure function of (model, UI state, terminal size). Overview (group
 * table, one timeline strip per group, the router legend, the log panel), the detail view of the
 * selected group, the full-screen log (`l`) and the help overlay (`?`).
 */
import { SORT_TEXT, arrange } from './arrange.js';
import { detailRows } from './detail.js';
import { clock, day, fit, len, span as spanText } from './format.js';
import { groupTableRows, windowStart } from './group-table.js';
import { routerColor } from './identity.js';
import { fitRow, row, seg, type Row, type Seg } from './lines.js';
import { logRows } from './log-view.js';
import { KEY_HELP, selectedIndex, type UiState } from './state.js';
import { stripSpan, timelineRows } from './timeline-view.js';
import type { LogLine, ViewModel } from './view-model.js';
import { findingTotal } from '../report/types.js';

export interface ScreenOptions {
  columns: number;
  rows: number;
  live: boolean;
  /** Keys work (stdin is a terminal): show the key help. */
  interactive: boolean;
}

export interface Screen {
  rows: Row[];
  /** How far the detail view can scroll down. */
  maxScroll: number;
  /** How far the log (panel or full screen) can scroll back. */
  logMax: number;
  /** Lines per page for PgUp/PgDn. */
  page: number;
}

function headerRow(model: ViewModel, state: UiState, shown: number, live: boolean, width: number): Row {
  const segs = [seg('vrrpscope', { bold: true })];
  // Alerts first: they must survive a narrow terminal and a long title.
  const split = model.groups.filter((g) => g.status === 'split-brain').length;
  const none = model.groups.filter((g) => g.status === 'no-master').length;
  const errors = findingTotal(model.findings.filter((f) => f.severity === 'error'));
  const alerts = [split ? `${split} SPLIT BRAIN` : '', none ? `${none} NO MASTER` : ''].filter(Boolean);
  if (alerts.length)
    segs.push(seg('  '), seg(` !! ${alerts.join(', ')} `, { color: 'red', bold: true, inverse: true }));
  if (errors) segs.push(seg(`  ${errors} error${errors === 1 ? '' : 's'}`, { color: 'red', bold: true }));
  if (state.filter)
    segs.push(seg(`  filter "${state.filter}": ${shown} of ${model.groups.length}`, { color: 'yellow', bold: true }));
  if (state.sort !== 'problems') segs.push(seg(`  sorted ${SORT_TEXT[state.sort]}`, { dim: true }));
  if (live) {
    segs.push(seg('  '), seg(' LIVE ', { color: 'green', bold: true, inverse: true }));
    // Seconds only: the screen changes at most once a second when nothing else does.
    if (model.now !== null) segs.push(seg(` ${clock(model.now).slice(0, 8)} UTC`));
  }
  segs.push(seg('  '), seg(model.title, { bold: true }));
  const sp = model.span;
  if (!live && sp)
    segs.push(
      seg(`  ${day(sp.from)} ${clock(sp.from)}-${clock(sp.to)} UTC (${spanText(sp.to - sp.from)})`, { dim: true }),
    );
  return fitRow(row('header', ...segs), width);
}

type View = 'overview' | 'detail' | 'log' | 'help';

const FOOTER_KEYS: Record<View, [string, string]> = {
  overview: ['j/k select  Enter details  / filter  s sort  l log  ? help  q quit', 'j/k Enter / s l ? q'],
  detail: ['j/k group  PgUp/PgDn scroll  Esc back  ? help  q quit', 'j/k PgUp/PgDn Esc ? q'],
  log: ['k/j PgUp/PgDn scroll  g/G oldest/newest  Esc back  q quit', 'k/j PgUp/PgDn g/G Esc q'],
  help: ['Esc or ? close  q quit', 'Esc ? q'],
};

function footerRow(model: ViewModel, state: UiState, view: View, interactive: boolean, width: number): Row {
  if (state.editing)
    return fitRow(
      row(
        'footer',
        seg('/', { bold: true }),
        seg(state.filter, { bold: true }),
        seg('_', { inverse: true }),
        seg('  Enter keep  Esc clear  (VRID, VLAN, vrid:N, vlan:N, address, MAC, status)', { dim: true }),
      ),
      width,
    );
  const [long, short] = FOOTER_KEYS[view];
  const keys = !interactive ? '' : len(model.status) + 2 + len(long) <= width ? long : short;
  const status = fit(model.status, Math.max(0, width - (keys ? len(keys) + 2 : 0)));
  const pad = keys ? ' '.repeat(Math.max(2, width - len(status) - len(keys))) : '';
  return row(
    'footer',
    seg(status, { dim: true }),
    seg(pad),
    seg(fit(keys, Math.max(0, width - len(status) - len(pad))), { dim: true }),
  );
}

const blank = (key: string): Row => row(key, seg(' '));

/** "LEGEND A 02:99:00:00:00:01 10.99.0.1  B ...": every router's letter, one line (the help has all). */
function legendSegs(model: ViewModel, max: number): Seg[] {
  const segs: Seg[] = [seg('LEGEND', { bold: true })];
  for (const e of model.legend.slice(0, max)) {
    const more = e.addresses.length > 1 ? ` +${e.addresses.length - 1}` : '';
    const name = e.name === e.addresses[0] || e.addresses.length === 0 ? e.name : `${e.addresses[0]}${more}`;
    segs.push(seg('  '), seg(e.letter, { color: routerColor(e.letter), bold: true }), seg(` ${name}`));
  }
  if (model.legend.length === 0) segs.push(seg('  none heard yet', { dim: true }));
  return segs;
}

function helpRows(model: ViewModel, width: number): Row[] {
  const kw = Math.max(...KEY_HELP.map(([k]) => len(k)));
  const rows: Row[] = [row('h-title', seg('KEYS', { bold: true }))];
  KEY_HELP.forEach(([k, what], i) => rows.push(row(`h-k${i}`, seg(`  ${k.padEnd(kw)}  `, { bold: true }), seg(what))));
  rows.push(
    blank('h-b1'),
    row('h-routers', seg('ROUTERS', { bold: true }), seg('  one letter per router in every group', { dim: true })),
  );
  model.legend.forEach((e, i) =>
    rows.push(
      row(
        `h-r${i}`,
        seg('  '),
        seg(e.letter, { color: routerColor(e.letter), bold: true }),
        seg(` ${e.name}${e.name === e.addresses.join(', ') ? '' : `  ${e.addresses.join(', ')}`}`),
      ),
    ),
  );
  return rows.map((r) => fitRow(r, width));
}

/** The log lines of the groups shown (and findings about no group); all of them without a filter. */
function shownLog(model: ViewModel, ids: readonly string[], filtered: boolean): readonly LogLine[] {
  if (!filtered) return model.log;
  const shown = new Set(ids);
  return model.log.filter((l) => l.group === undefined || shown.has(l.group));
}

/** The whole screen for a state: never more than rows - 1 lines (ink redraws cleanly below that). */
export function screen(model: ViewModel, state: UiState, o: ScreenOptions): Screen {
  const width = Math.max(1, o.columns);
  const height = Math.max(3, o.rows - 1);
  const groups = arrange(model.groups, state.filter, state.sort);
  const ids = groups.map((g) => g.id);
  const sel = selectedIndex(state, ids);
  const view: View = state.help ? 'help' : state.log ? 'log' : state.detail && sel >= 0 ? 'detail' : 'overview';
  const header = headerRow(model, state, groups.length, o.live, width);
  const footer = footerRow(model, state, view, o.interactive, width);
  const log = shownLog(model, ids, state.filter !== '');
  const done = (body: Row[], extra: Partial<Screen> = {}): Screen => ({
    rows: [header, ...body.slice(0, height - 2), footer].map((r) => fitRow(r, width)),
    maxScroll: 0,
    logMax: 0,
    page: Math.max(1, height - 3),
    ...extra,
  });

  if (view === 'help') return done(helpRows(model, width));
  if (view === 'log') {
    const l = logRows(log, width, height - 2, state.logScroll);
    return done(l.rows, { logMax: l.maxScroll, page: Math.max(1, height - 4) });
  }
  if (view === 'detail') {
    const body = detailRows(groups[sel], { span: stripSpan(model), live: o.live, width });
    const h = height - 2;
    const maxScroll = Math.max(0, body.length - h);
    const s = Math.min(state.scroll, maxScroll);
    return done(body.slice(s, s + h), { maxScroll, page: Math.max(1, h - 1) });
  }

  // Overview: table and strips share the groups window; the legend and the log take the rest.
  const n = groups.length;
  const fixed = 1 /* header */ + 1 /* table head */ + 1 /* blank */ + 2 /* timeline head, axis */ + 1; /* legend */
  const tail = 1 /* blank */ + 1 /* log head */ + 1; /* footer */
  const minLog = Math.min(3, log.length || 1);
  const g = n === 0 ? 0 : Math.max(1, Math.min(n, Math.floor((height - fixed - tail - minLog) / 2)));
  const first = windowStart(n, g, Math.max(0, sel));
  const table = groupTableRows(groups, sel, width, first, g);
  const sp = stripSpan(model);
  const tl = timelineRows(groups, sel, sp, width, first, g);
  const rows: Row[] = [...table, blank('b1'), ...tl.header, ...tl.strips];
  if (g < n)
    rows.push(row('more', seg(`  groups ${first + 1}-${first + g} of ${n} (j/k to see the others)`, { dim: true })));
  if (n === 0 && state.filter)
    rows.push(row('nomatch', seg(`  no group matches "${state.filter}" (Esc clears the filter)`, { color: 'yellow' })));
  rows.push(row('legend', ...legendSegs(model, 20)));
  let logMax = 0;
  let page = 1;
  const logHeight = height - 2 - rows.length - 1; // header and footer, blank
  if (logHeight >= 1) {
    rows.push(blank('b2'));
    const l = logRows(log, width, logHeight, state.logScroll);
    rows.push(...l.rows);
    logMax = l.maxScroll;
    page = Math.max(1, logHeight - 2);
  }
  return done(rows, { logMax, page });
}
