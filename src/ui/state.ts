/**
 * UI state (which group is selected, whether its detail is open, how far the view is scrolled) as a
 * pure reducer with discriminated-union actions, and the key bindings as a pure mapping from a
 * keypress to an action. Components only dispatch; nothing here knows about ink.
 */

export interface UiState {
  /** Selected group id (stable while a live model adds groups); null before any group exists. */
  selected: string | null;
  /** Index of the selection when last set: where to fall back if that group disappears. */
  index: number;
  /** The detail view of the selected group is open. */
  detail: boolean;
  /** Lines scrolled: from the top of the detail view, or back from the newest log line. */
  scroll: number;
}

export type UiAction =
  /** Move the selection by `by` groups (negative: up), clamped to the list; ±Infinity: first/last. */
  | { type: 'move'; by: number; ids: readonly string[] }
  /** Select a group by id (ignored when it is not in the list). */
  | { type: 'select'; id: string; ids: readonly string[] }
  /** Open the detail of the selected group, or close it (Enter). Needs a group to open. */
  | { type: 'toggle-detail'; ids: readonly string[] }
  /** Back to the overview (Esc, Backspace). */
  | { type: 'close-detail' }
  /** Scroll by `by` lines, clamped to [0, max]. */
  | { type: 'scroll'; by: number; max: number };

export const initialState: UiState = { selected: null, index: 0, detail: false, scroll: 0 };

/** Index of the selected group in `ids`: the selected id, or the last index clamped; -1 when empty. */
export function selectedIndex(s: UiState, ids: readonly string[]): number {
  if (ids.length === 0) return -1;
  const i = s.selected === null ? -1 : ids.indexOf(s.selected);
  return i >= 0 ? i : Math.min(Math.max(s.index, 0), ids.length - 1);
}

export function uiReducer(s: UiState, a: UiAction): UiState {
  switch (a.type) {
    case 'move': {
      if (a.ids.length === 0) return s;
      const cur = selectedIndex(s, a.ids);
      const by = Number.isNaN(a.by) ? 0 : a.by;
      const next = Math.min(Math.max(cur + by, 0), a.ids.length - 1);
      if (a.ids[next] === s.selected && next === s.index) return s;
      return { ...s, selected: a.ids[next], index: next, scroll: 0 };
    }
    case 'select': {
      const i = a.ids.indexOf(a.id);
      if (i < 0) return s;
      if (a.id === s.selected && i === s.index) return s;
      return { ...s, selected: a.id, index: i, scroll: 0 };
    }
    case 'toggle-detail': {
      if (s.detail) return { ...s, detail: false, scroll: 0 };
      if (a.ids.length === 0) return s;
      const i = selectedIndex(s, a.ids);
      return { ...s, selected: a.ids[i], index: i, detail: true, scroll: 0 };
    }
    case 'close-detail':
      return s.detail ? { ...s, detail: false, scroll: 0 } : s;
    case 'scroll': {
      const max = Math.max(0, Number.isFinite(a.max) ? Math.floor(a.max) : 0);
      const next = Math.min(Math.max(s.scroll + (Number.isNaN(a.by) ? 0 : a.by), 0), max);
      return next === s.scroll ? s : { ...s, scroll: next };
    }
    default: {
      const never: never = a;
      return never;
    }
  }
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
}

export type KeyCommand = { type: 'quit' } | UiAction;

/**
 * Key bindings: up/down and k/j move the selection (also in the detail view, which follows it);
 * PgUp/PgDn (b/space) scroll the detail, or the log back in time; Home/End (g/G) first/last group;
 * Enter toggles the detail; Esc, Backspace (sent as DEL by most terminals) close it; q, Ctrl-C quit.
 */
export function keyCommand(
  input: string,
  key: KeyPress,
  ctx: { ids: readonly string[]; page: number; maxScroll: number; detail: boolean },
): KeyCommand | null {
  const page = Math.max(1, ctx.page);
  if ((key.ctrl && input === 'c') || (!key.ctrl && input === 'q')) return { type: 'quit' };
  if (key.upArrow || (!key.ctrl && input === 'k')) return { type: 'move', by: -1, ids: ctx.ids };
  if (key.downArrow || (!key.ctrl && input === 'j')) return { type: 'move', by: 1, ids: ctx.ids };
  if (key.home || input === 'g') return { type: 'move', by: -Infinity, ids: ctx.ids };
  if (key.end || input === 'G') return { type: 'move', by: Infinity, ids: ctx.ids };
  // The log scrolls back from the newest line (up = older); the detail scrolls down from the top.
  const down = ctx.detail ? 1 : -1;
  if (key.pageUp || input === 'b') return { type: 'scroll', by: -down * page, max: ctx.maxScroll };
  if (key.pageDown || input === ' ') return { type: 'scroll', by: down * page, max: ctx.maxScroll };
  if (key.return) return { type: 'toggle-detail', ids: ctx.ids };
  if (key.escape || key.backspace || key.delete) return { type: 'close-detail' };
  return null;
}
