import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  KEY_HELP,
  initialState,
  selectedIndex,
  splitKeys,
  uiReducer,
  type KeyContext,
  type KeyPress,
  type UiState,
} from '../../src/ui/state.js';
import { arrange, matches, visibleIds } from '../../src/ui/arrange.js';
import { threeGroups } from './helpers.js';

const groups = threeGroups().groups; // VRID 10 healthy, 20 split brain, 30 no master
const ctx: KeyContext = { groups, page: 10, maxScroll: 20, logMax: 30 };
/** Types `keys` (one string, as one read: a burst) into state `s`. */
const type = (s: UiState, keys: string, key: KeyPress = {}) =>
  uiReducer(s, { type: 'keys', events: splitKeys(keys, key), ctx });
const vrid = (s: UiState) => groups.find((g) => g.id === s.selected)?.vrid;

test('default sort is problems first: split brain, no master, then the healthy', () => {
  assert.deepEqual(
    arrange(groups, '', 'problems').map((g) => g.vrid),
    [20, 30, 10],
  );
  let s = type(initialState, 's');
  assert.equal(s.sort, 'vrid');
  assert.deepEqual(visibleIds(groups, '', s.sort), ['ipv4/vrid10', 'ipv4/vrid20', 'ipv4/vrid30']);
  s = type(s, 's');
  assert.equal(s.sort, 'vlan');
  assert.equal(type(s, 's').sort, 'problems', 's cycles');
});

test('a burst counts every key: "jj" in one read moves two rows, "jjj" clamps at the last', () => {
  assert.deepEqual(
    splitKeys('jjj', {}).map((e) => e.input),
    ['j', 'j', 'j'],
  );
  assert.equal(vrid(type(initialState, 'j')), 30);
  assert.equal(vrid(type(initialState, 'jj')), 10);
  assert.equal(vrid(type(initialState, 'jjj')), 10, 'clamped');
  assert.equal(vrid(type(type(initialState, 'jj'), 'k')), 30);
  // Enter inside a burst opens the detail, and the j after it moves the detail's group.
  const s = type(initialState, 'j\rj');
  assert.equal(s.detail, true);
  assert.equal(vrid(s), 10);
  assert.equal(type(initialState, 'jjq').quit, true, 'q in a burst quits');
  assert.equal(type(initialState, 'j\x03').quit, true, 'Ctrl-C in a burst quits');
});

test('g/G first and last; arrows; Enter toggles the detail; Esc closes it', () => {
  let s = type(initialState, 'G');
  assert.equal(vrid(s), 10);
  s = type(s, 'g');
  assert.equal(vrid(s), 20);
  s = type(s, '', { downArrow: true });
  assert.equal(vrid(s), 30);
  s = type(s, '', { return: true });
  assert.equal(s.detail, true);
  s = type(s, ' ');
  assert.equal(s.scroll, 10, 'space pages the detail down');
  s = type(s, '   ');
  assert.equal(s.scroll, 20, 'clamped to maxScroll');
  s = type(s, '', { escape: true });
  assert.equal(s.detail, false);
  assert.equal(s.scroll, 0);
});

test('/ filters by VRID, VLAN, address, router and status; Enter keeps it, Esc clears it', () => {
  let s = type(initialState, '/');
  assert.equal(s.editing, true);
  s = type(s, '20');
  assert.equal(s.filter, '20');
  assert.equal(type(s, 'q').quit, false, 'q is text while typing the filter');
  s = type(s, '\r');
  assert.equal(s.editing, false);
  assert.deepEqual(visibleIds(groups, s.filter, s.sort), ['ipv4/vrid20']);
  assert.equal(vrid(type(s, 'j')), 20, 'moves within the filtered groups');
  s = type(s, '', { escape: true });
  assert.equal(s.filter, '', 'Esc clears the filter');
  // Typed in one burst, with the Enter and the moves after it.
  s = type(initialState, '/10.0.0.5\rj');
  assert.equal(s.filter, '10.0.0.5');
  assert.equal(vrid(s), 30);
  assert.ok(matches(groups[1], 'split'), 'a status word');
  assert.ok(matches(groups[0], 'vrid:10') && !matches(groups[0], 'vlan:10'));
  assert.ok(matches(groups[0], '02:00:00:00:00:02'), 'a router MAC');
  assert.ok(!matches(groups[0], '10.0.0.200'));
  s = type(type(initialState, '/2x'), '', { backspace: true });
  assert.equal(s.filter, '2');
  assert.equal(type(s, '', { escape: true }).filter, '', 'Esc while typing clears too');
});

test('l opens the log: k/PgUp back in time, G follows again; new lines keep a scrolled log in place', () => {
  let s = type(initialState, 'l');
  assert.equal(s.log, true);
  s = type(s, 'kkk');
  assert.equal(s.logScroll, 3);
  s = uiReducer(s, { type: 'log-grew', by: 2 });
  assert.equal(s.logScroll, 5, 'the same lines stay in view');
  s = type(s, 'G');
  assert.equal(s.logScroll, 0);
  assert.equal(uiReducer(s, { type: 'log-grew', by: 2 }), s, 'at the newest line it follows');
  s = type(s, 'g');
  assert.equal(s.logScroll, 30, 'g: the oldest');
  s = type(s, '', { escape: true });
  assert.equal(s.log, false);
});

test('mouse wheel: moves the selection in the overview, scrolls the detail and the log', () => {
  const up = '[<64;10;5M';
  const down = '[<65;10;5M';
  assert.equal(vrid(type(initialState, down)), 30);
  assert.equal(vrid(type(type(initialState, down), up)), 20);
  const d = type(initialState, '\r');
  assert.equal(type(d, down).scroll, 3);
  assert.equal(type(type(initialState, 'l'), up).logScroll, 3);
  assert.equal(type(initialState, '[<0;10;5M'), initialState, 'a click does nothing');
});

test('? opens the help, which lists every key; any of ? Esc Enter closes it', () => {
  const s = type(initialState, '?');
  assert.equal(s.help, true);
  assert.equal(type(s, 'j'), s, 'keys do not act behind the help');
  assert.equal(type(s, '?').help, false);
  for (const k of ['j / k', 'g / G', 'Enter', 'PgUp / PgDn', 'mouse wheel', '/', 'Esc', 's', 'l', '?', 'q'])
    assert.ok(
      KEY_HELP.some(([keys]) => keys.startsWith(k)),
      `help lists ${k}`,
    );
});

test('selectedIndex falls back to the last index when the selected group is gone', () => {
  assert.equal(selectedIndex(initialState, []), -1);
  assert.equal(selectedIndex({ selected: 'gone', index: 5 }, ['a', 'b']), 1);
  const s = uiReducer(initialState, { type: 'select', id: 'ipv4/vrid30', ctx });
  assert.equal(vrid(s), 30);
  assert.equal(uiReducer(s, { type: 'select', id: 'zz', ctx }), s);
});
