/**
 * UI state (selection, open view, scroll, filter, sort, help) as a pure reducer, and the key
 * bindings as part of it: a key is an action, interpreted against the state it arrives in, so a
 * burst of keys ("jjj" in one read, "/10.1<Enter>jj" typed faster than a frame) is applied one key
 * after another, each seeing what the previous one did. Nothing here knows about ink.
 */
import { visibleIds, type SortOrder } from './arrange.js';
import type { GroupRow } from './view-model.js';

export type { SortOrder };

export interface UiState {
  /** Selected group id (stable while a live model adds groups); null before any group exists. */
  selected: string | null;
  /** Index of the selection (among the visible groups) when last set: the fallback if it disappears. */
  index: number;
  /** The detail view of the selected group is open. */
  detail: boolean;
  /** The full-screen log is open (`l`). */
  log: boolean;
  /** The help overlay is open (`?`). */
  help: boolean;
  /** Lines scrolled down from the top of the detail view. */
  scroll: number;
  /** Log lines scrolled back from the newest (0: the log follows new lines). */
  logScroll: number;
  /** Filter text (`/`): groups matching every word are shown. */
  filter: string;
  /** The filter is being typed: keys go to it. */
  editing: boolean;
  sort: SortOrder;
  /** q or Ctrl-C was pressed: the app ends. */
  quit: boolean;
}

export const initialState: UiState = {
  selected: null,
  index: 0,
  detail: false,
  log: false,
  help: false,
  scroll: 0,
  logScroll: 0,
  filter: '',
  editing: false,
  sort: 'problems',
  quit: false,
};

/** What a key's effect depends on besides the state: the groups and the current layout. */
export interface KeyContext {
  groups: readonly GroupRow[];
  /** Lines per page of the current view (PgUp/PgDn). */
  page: number;
  /** How far the detail view can scroll down. */
  maxScroll: number;
  /** How far the log can scroll back (the overview's log panel, or the full-screen log). */
  logMax: number;
}

/** The subset of ink's Key the bindings look at. */
export interface KeyPress {
  upArrow?: boolean;
  downArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  backspace?: boolean;
  delete?: boolean;
  ctrl?: boolean;
  tab?: boolean;
}

export interface KeyEvent {
  input: string;
  key: KeyPress;
}

export type UiAction =
  /** Keys, applied in order. */
  | { type: 'keys'; events: readonly KeyEvent[]; ctx: KeyContext }
  /** Select a group by id (ignored when it is not visible). */
  | { type: 'select'; id: string; ctx: KeyContext }
  /** `by` new log lines arrived: a log scrolled back stays on the lines shown; at 0 it follows. */
  | { type: 'log-grew'; by: number };

/** Index of the selected group in `ids`: the selected id, or the last index clamped; -1 when empty. */
export function selectedIndex(s: Pick<UiState, 'selected' | 'index'>, ids: readonly string[]): number {
  if (ids.length === 0) return -1;
  const i = s.selected === null ? -1 : ids.indexOf(s.selected);
  return i >= 0 ? i : Math.min(Math.max(s.index, 0), ids.length - 1);
}

const SORTS: readonly SortOrder[] = ['problems', 'vrid', 'vlan'];
/** Lines a mouse wheel notch scrolls. */
const WHEEL = 3;
// eslint-disable-next-line no-control-regex -- SGR mouse reports, as ink hands them over (ESC removed)
const MOUSE = /^\x1b?\[<(\d+);\d+;\d+[Mm]$/;

/**
 * Splits what ink hands useInput into single keys. ink parses escape sequences one by one but
 * gives a run of plain characters typed (or repeated) faster than it reads as one string: "jjj".
 */
export function splitKeys(input: string, key: KeyPress): KeyEvent[] {
  const cps = [...input];
  if (cps.length === 0 || MOUSE.test(input) || input.startsWith('[')) return [{ input, key }];
  // eslint-disable-next-line no-control-regex -- Enter, Backspace, Tab and Ctrl-C as raw bytes
  if (cps.length === 1 && !/^[\r\n\x7f\b\t\x03]$/.test(input)) return [{ input, key }];
  return cps.map((c): KeyEvent => {
    if (c === '\r' || c === '\n') return { input: '', key: { return: true } };
    if (c === '\x7f' || c === '\b') return { input: '', key: { backspace: true } };
    if (c === '\t') return { input: '', key: { tab: true } };
    if (c === '\x03') return { input: 'c', key: { ctrl: true } };
    return { input: c, key: {} };
  });
}

const clamp = (n: number, lo: number, hi: number) => Math.min(Math.max(n, lo), Math.max(lo, hi));

function move(s: UiState, ids: readonly string[], by: number): UiState {
  if (ids.length === 0) return s;
  const next = clamp(selectedIndex(s, ids) + by, 0, ids.length - 1);
  if (ids[next] === s.selected && next === s.index) return s;
  return { ...s, selected: ids[next], index: next, scroll: 0 };
}

/** One key against the state it arrives in. */
function applyKey(s: UiState, e: KeyEvent, ctx: KeyContext): UiState {
  const { input, key } = e;
  if (s.quit) return s;
  if ((key.ctrl && input === 'c') || (!s.editing && !key.ctrl && input === 'q')) return { ...s, quit: true };
  const ids = () => visibleIds(ctx.groups, s.filter, s.sort);

  // Typing the filter: every printable key goes to it; Enter keeps it, Esc clears it.
  if (s.editing) {
    if (key.escape) return { ...s, editing: false, filter: '', index: 0 };
    if (key.return || key.downArrow || key.upArrow) return { ...s, editing: false };
    if (key.backspace || key.delete) return { ...s, filter: [...s.filter].slice(0, -1).join(''), index: 0 };
    if (!key.ctrl && input.length > 0 && !MOUSE.test(input) && /^[\x20-\x7e]+$/.test(input))
      return { ...s, filter: (s.filter + input).slice(0, 64), index: 0 };
    return s;
  }
  if (s.help) return input === '?' || key.escape || input === 'h' || key.return ? { ...s, help: false } : s;
  if (input === '?') return { ...s, help: true };

  const mouse = MOUSE.exec(input);
  const wheel = mouse ? (Number(mouse[1]) === 64 ? -1 : Number(mouse[1]) === 65 ? 1 : 0) : 0;
  if (mouse && wheel === 0) return s;

  // The full-screen log: newest at the bottom; up goes back in time, G (or End) follows again.
  if (s.log) {
    const back = (by: number) => ({ ...s, logScroll: clamp(s.logScroll + by, 0, ctx.logMax) });
    if (key.escape || input === 'l' || key.backspace || key.delete) return { ...s, log: false };
    if (key.upArrow || input === 'k') return back(1);
    if (key.downArrow || input === 'j') return back(-1);
    if (wheel) return back(-wheel * WHEEL);
    if (key.pageUp || input === 'b') return back(Math.max(1, ctx.page));
    if (key.pageDown || input === ' ') return back(-Math.max(1, ctx.page));
    if (key.home || input === 'g') return back(Infinity);
    if (key.end || input === 'G') return { ...s, logScroll: 0 };
    if (input === '/') return { ...s, log: false, editing: true };
    return s;
  }

  if (input === 'l') return { ...s, log: true, logScroll: 0, help: false };
  if (input === '/') return { ...s, editing: true };
  if (input === 's') {
    const sort = SORTS[(SORTS.indexOf(s.sort) + 1) % SORTS.length];
    // The selection stays on its group; its index moves with the new order.
    const order = visibleIds(ctx.groups, s.filter, sort);
    const i = s.selected === null ? -1 : order.indexOf(s.selected);
    return { ...s, sort, index: i >= 0 ? i : s.index };
  }
  if (key.upArrow || (!key.ctrl && input === 'k')) return move(s, ids(), -1);
  if (key.downArrow || (!key.ctrl && input === 'j')) return move(s, ids(), 1);
  if (key.home || input === 'g') return move(s, ids(), -Infinity);
  if (key.end || input === 'G') return move(s, ids(), Infinity);
  const page = Math.max(1, ctx.page);
  if (s.detail) {
    const down = (by: number) => ({ ...s, scroll: clamp(s.scroll + by, 0, ctx.maxScroll) });
    if (wheel) return down(wheel * WHEEL);
    if (key.pageUp || input === 'b') return down(-page);
    if (key.pageDown || input === ' ') return down(page);
    if (key.return || key.escape || key.backspace || key.delete) return { ...s, detail: false, scroll: 0 };
    return s;
  }
  // Overview: the wheel moves the selection; PgUp/PgDn scroll the log panel back in time.
  if (wheel) return move(s, ids(), wheel);
  if (key.pageUp || input === 'b') return { ...s, logScroll: clamp(s.logScroll + page, 0, ctx.logMax) };
  if (key.pageDown || input === ' ') return { ...s, logScroll: clamp(s.logScroll - page, 0, ctx.logMax) };
  if (key.return) {
    const v = ids();
    if (v.length === 0) return s;
    const i = selectedIndex(s, v);
    return { ...s, selected: v[i], index: i, detail: true, scroll: 0 };
  }
  if (key.escape) return s.filter ? { ...s, filter: '', index: 0 } : s;
  return s;
}

export function uiReducer(s: UiState, a: UiAction): UiState {
  switch (a.type) {
    case 'keys':
      return a.events.reduce((st, e) => applyKey(st, e, a.ctx), s);
    case 'select': {
      const ids = visibleIds(a.ctx.groups, s.filter, s.sort);
      const i = ids.indexOf(a.id);
      if (i < 0 || (a.id === s.selected && i === s.index)) return s;
      return { ...s, selected: a.id, index: i, scroll: 0 };
    }
    case 'log-grew':
      return s.logScroll > 0 && a.by > 0 ? { ...s, logScroll: s.logScroll + a.by } : s;
    default: {
      const never: never = a;
      return never;
    }
  }
}

/** Every key, for the help overlay and the README (one table, so they cannot disagree). */
export const KEY_HELP: readonly (readonly [string, string])[] = [
  // Each description fits the 54 columns an 80-column terminal leaves beside the widest key.
  ['j / k, Down / Up', 'next / previous virtual router (also in the detail)'],
  ['g / G, Home / End', 'first / last router (log: oldest / newest, following)'],
  ['Enter', "open or close the selected router's detail"],
  ['PgUp / PgDn, b / space', 'scroll the detail, or the log back and forth'],
  ['mouse wheel', 'move the selection; scroll the detail and the log'],
  ['/', 'filter: VRID or VLAN, vrid:N, vlan:N, address, status'],
  ['Esc', 'close the help, the detail or the log; clear filter'],
  ['s', 'sort: problems first (default), by VRID, by VLAN'],
  ['l', 'the log, full screen (follows unless scrolled back)'],
  ['?', 'this help'],
  ['q, Ctrl-C', 'quit (live: the report is printed); exit as analyze'],
];
