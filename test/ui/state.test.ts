import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initialState, keyCommand, selectedIndex, uiReducer, type UiState } from '../../src/ui/state.js';

const ids = ['a', 'b', 'c'];

test('reducer: move selects, clamps at both ends, resets the scroll', () => {
  let s = uiReducer(initialState, { type: 'move', by: 1, ids });
  assert.deepEqual(s, { selected: 'b', index: 1, detail: false, scroll: 0 });
  s = uiReducer({ ...s, scroll: 4 }, { type: 'move', by: 1, ids });
  assert.equal(s.selected, 'c');
  assert.equal(s.scroll, 0);
  const end = uiReducer(s, { type: 'move', by: 1, ids });
  assert.equal(end, s, 'past the last group: unchanged (same object)');
  s = uiReducer(s, { type: 'move', by: -10, ids });
  assert.equal(s.selected, 'a');
  assert.equal(uiReducer(s, { type: 'move', by: -1, ids }), s, 'before the first: unchanged');
  assert.equal(uiReducer(s, { type: 'move', by: Infinity, ids }).selected, 'c');
  assert.equal(uiReducer(s, { type: 'move', by: -Infinity, ids }).selected, 'a');
  assert.equal(uiReducer(s, { type: 'move', by: NaN, ids }), s);
});

test('reducer: move with no groups is a no-op; selectedIndex is -1', () => {
  assert.equal(uiReducer(initialState, { type: 'move', by: 1, ids: [] }), initialState);
  assert.equal(selectedIndex(initialState, []), -1);
  assert.equal(selectedIndex(initialState, ids), 0, 'nothing selected yet: the first group');
});

test('reducer: the selection follows its group when the list changes, else falls back by index', () => {
  const s: UiState = { ...initialState, selected: 'b', index: 1 };
  assert.equal(selectedIndex(s, ['new', 'a', 'b', 'c']), 2, 'a group inserted before: still b');
  assert.equal(uiReducer(s, { type: 'move', by: 1, ids: ['new', 'a', 'b', 'c'] }).selected, 'c');
  assert.equal(selectedIndex(s, ['a', 'c']), 1, 'b gone: the same position');
  assert.equal(selectedIndex({ ...s, index: 7 }, ['a', 'c']), 1, 'clamped to the last');
});

test('reducer: select by id, ignoring unknown ids', () => {
  const s = uiReducer(initialState, { type: 'select', id: 'c', ids });
  assert.deepEqual([s.selected, s.index], ['c', 2]);
  assert.equal(uiReducer(s, { type: 'select', id: 'zz', ids }), s);
  assert.equal(uiReducer(s, { type: 'select', id: 'c', ids }), s);
});

test('reducer: toggle-detail opens on the selected group and closes; needs a group', () => {
  assert.equal(uiReducer(initialState, { type: 'toggle-detail', ids: [] }), initialState);
  let s = uiReducer(initialState, { type: 'toggle-detail', ids });
  assert.deepEqual(s, { selected: 'a', index: 0, detail: true, scroll: 0 });
  s = uiReducer({ ...s, scroll: 3 }, { type: 'toggle-detail', ids });
  assert.deepEqual([s.detail, s.scroll], [false, 0]);
});

test('reducer: close-detail closes, and is a no-op when closed', () => {
  const open: UiState = { selected: 'b', index: 1, detail: true, scroll: 5 };
  assert.deepEqual(uiReducer(open, { type: 'close-detail' }), { selected: 'b', index: 1, detail: false, scroll: 0 });
  assert.equal(uiReducer(initialState, { type: 'close-detail' }), initialState);
});

test('reducer: scroll is clamped to [0, max]', () => {
  let s = uiReducer(initialState, { type: 'scroll', by: 5, max: 3 });
  assert.equal(s.scroll, 3);
  s = uiReducer(s, { type: 'scroll', by: -1, max: 3 });
  assert.equal(s.scroll, 2);
  s = uiReducer(s, { type: 'scroll', by: -10, max: 3 });
  assert.equal(s.scroll, 0);
  assert.equal(uiReducer(s, { type: 'scroll', by: -1, max: 3 }), s, 'no change: same object');
  assert.equal(uiReducer(s, { type: 'scroll', by: 2, max: -4 }).scroll, 0, 'negative max means nothing to scroll');
  assert.equal(uiReducer(s, { type: 'scroll', by: 2, max: Infinity }).scroll, 0);
});

test('keys: j/k and arrows move, g/G and Home/End jump, Enter toggles, Esc/Backspace close, q and Ctrl-C quit', () => {
  const ctx = { ids, page: 10, maxScroll: 20, detail: false };
  assert.deepEqual(keyCommand('j', {}, ctx), { type: 'move', by: 1, ids });
  assert.deepEqual(keyCommand('', { downArrow: true }, ctx), { type: 'move', by: 1, ids });
  assert.deepEqual(keyCommand('k', {}, ctx), { type: 'move', by: -1, ids });
  assert.deepEqual(keyCommand('', { upArrow: true }, ctx), { type: 'move', by: -1, ids });
  assert.deepEqual(keyCommand('G', {}, ctx), { type: 'move', by: Infinity, ids });
  assert.deepEqual(keyCommand('', { home: true }, ctx), { type: 'move', by: -Infinity, ids });
  assert.deepEqual(keyCommand('', { return: true }, ctx), { type: 'toggle-detail', ids });
  assert.deepEqual(keyCommand('', { escape: true }, ctx), { type: 'close-detail' });
  assert.deepEqual(keyCommand('', { backspace: true }, ctx), { type: 'close-detail' });
  assert.deepEqual(keyCommand('', { delete: true }, ctx), { type: 'close-detail' }, 'DEL (0x7f), what Backspace sends');
  assert.deepEqual(keyCommand('q', {}, ctx), { type: 'quit' });
  assert.deepEqual(keyCommand('c', { ctrl: true }, ctx), { type: 'quit' });
  assert.equal(keyCommand('c', {}, ctx), null);
  assert.equal(keyCommand('x', {}, ctx), null);
});

test('keys: PgUp goes back in the log (scroll up) and up in the detail (scroll down)', () => {
  const list = { ids, page: 10, maxScroll: 20, detail: false };
  assert.deepEqual(keyCommand('', { pageUp: true }, list), { type: 'scroll', by: 10, max: 20 });
  assert.deepEqual(keyCommand('', { pageDown: true }, list), { type: 'scroll', by: -10, max: 20 });
  const detail = { ...list, detail: true };
  assert.deepEqual(keyCommand('', { pageUp: true }, detail), { type: 'scroll', by: -10, max: 20 });
  assert.deepEqual(keyCommand(' ', {}, detail), { type: 'scroll', by: 10, max: 20 });
  assert.deepEqual(
    keyCommand('', { pageDown: true }, { ...detail, page: 0 }),
    { type: 'scroll', by: 1, max: 20 },
    'at least one line',
  );
});
