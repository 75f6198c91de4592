/**
 * The terminal UI: an overview (group table, one timeline strip per group, the log) and a detail
 * view of the selected group. The layout is a pure function of (model, UI state, terminal size) that
 * returns rows; <App> adds the keys, the terminal size, and (live) the <Static> log.
 *
 * Mounting: `renderApp(getModel, opts)` renders the App over the model `getModel()` returns; live,
 * it asks again every `refreshMs` (250 ms) and whenever `rerender()` is called, so the live command
 * only has to keep its engine's view model current. For a file the model is fixed.
 */
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import { Box, render, useApp, useInput, useStdin, useStdout, type Key } from 'ink';
import { detailRows } from './detail.js';
import { clock, day, fit, len, span as spanText } from './format.js';
import { groupTableRows, windowStart } from './group-table.js';
import { ColorContext, Rows, colorFromEnv, fitRow, row, seg, type Row } from './lines.js';
import { StaticLog, appendLog, emptyPrintedLog, logRows, type PrintedLog } from './log-view.js';
import { initialState, keyCommand, selectedIndex, uiReducer, type UiState } from './state.js';
import { stripSpan, timelineRows } from './timeline-view.js';
import type { ViewModel } from './view-model.js';

export interface Size {
  columns: number;
  rows: number;
}

const DEFAULT_SIZE: Size = { columns: 80, rows: 24 };

function sizeOf(stdout: NodeJS.WriteStream | undefined, fallback: Size): Size {
  return { columns: stdout?.columns || fallback.columns, rows: stdout?.rows || fallback.rows };
}

/** The terminal's size, following 'resize' (ink's stdout: the real one, or a test stream). */
function useTerminalSize(fallback: Size = DEFAULT_SIZE): Size {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => sizeOf(stdout, fallback));
  useEffect(() => {
    if (!stdout) return;
    const onResize = () =>
      setSize((s) => {
        const n = sizeOf(stdout, fallback);
        return n.columns === s.columns && n.rows === s.rows ? s : n;
      });
    onResize();
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, fallback]);
  return size;
}

export interface ScreenOptions {
  columns: number;
  rows: number;
  /** Live: the log goes to <Static> above the screen, not into it. */
  live: boolean;
  /** Keys work (stdin is a terminal): show the key help. */
  interactive: boolean;
}

export interface Screen {
  rows: Row[];
  /** How far the current view can scroll (log back in time, or detail down). */
  maxScroll: number;
  /** Lines per page for PgUp/PgDn. */
  page: number;
}

function headerRow(model: ViewModel, live: boolean, width: number): Row {
  const segs = [seg('vrrpscope', { bold: true }), seg('  '), seg(model.title, { bold: true })];
  if (live) {
    segs.push(seg('  '), seg(' LIVE ', { color: 'green', bold: true, inverse: true }));
    if (model.now !== null) segs.push(seg(` ${clock(model.now)} UTC`));
  }
  // Alerts before the capture's times: they must survive a narrow terminal.
  const split = model.groups.filter((g) => g.status === 'split-brain').length;
  const none = model.groups.filter((g) => g.status === 'no-master').length;
  const errors = model.findings.filter((f) => f.severity === 'error').length;
  const alerts = [split ? `${split} SPLIT BRAIN` : '', none ? `${none} NO MASTER` : ''].filter(Boolean);
  if (alerts.length)
    segs.push(seg('  '), seg(` !! ${alerts.join(', ')} `, { color: 'red', bold: true, inverse: true }));
  if (errors) segs.push(seg(`  ${errors} error${errors === 1 ? '' : 's'}`, { color: 'red', bold: true }));
  const sp = model.span;
  if (!live && sp)
    segs.push(
      seg(`  ${day(sp.from)} ${clock(sp.from)}-${clock(sp.to)} UTC (${spanText(sp.to - sp.from)})`, { dim: true }),
    );
  return fitRow(row('header', ...segs), width);
}

function footerRow(model: ViewModel, detail: boolean, interactive: boolean, live: boolean, width: number): Row {
  const long = detail
    ? 'j/k group  PgUp/PgDn scroll  Esc back  q quit'
    : live
      ? 'j/k select  Enter details  q quit'
      : 'j/k select  Enter details  PgUp/PgDn log  q quit';
  const short = detail ? 'j/k PgUp/PgDn Esc q' : live ? 'j/k Enter q' : 'j/k Enter PgUp/PgDn q';
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

/** The whole screen for a state: never more than rows - 1 lines (ink redraws cleanly below that). */
export function screen(model: ViewModel, state: UiState, o: ScreenOptions): Screen {
  const width = Math.max(1, o.columns);
  const height = Math.max(3, o.rows - 1);
  const ids = model.groups.map((g) => g.id);
  const sel = selectedIndex(state, ids);
  const header = headerRow(model, o.live, width);
  const footer = footerRow(model, state.detail && sel >= 0, o.interactive, o.live, width);
  const sp = stripSpan(model);

  if (state.detail && sel >= 0) {
    const body = detailRows(model.groups[sel], { span: sp, live: o.live, width });
    const h = height - 2;
    const maxScroll = Math.max(0, body.length - h);
    const s = Math.min(state.scroll, maxScroll);
    return {
      rows: [header, ...body.slice(s, s + h), footer].map((r) => fitRow(r, width)),
      maxScroll,
      page: Math.max(1, h - 1),
    };
  }

  // Overview: table and strips share the groups window; the log (analyze) takes the rest.
  const n = model.groups.length;
  const fixed =
    1 /* header */ +
    1 /* table head */ +
    1 /* blank */ +
    2 /* timeline head, axis */ +
    1 /* footer */ +
    (o.live ? 0 : 2); /* blank, log head */
  const minLog = o.live ? 0 : Math.min(3, model.log.length || 1);
  const perGroup = n ? 2 : 0;
  const g = n === 0 ? 0 : Math.max(1, Math.min(n, Math.floor((height - fixed - minLog) / perGroup)));
  const first = windowStart(n, g, Math.max(0, sel));
  const table = groupTableRows(model.groups, sel, width);
  const tl = timelineRows(model.groups, sel, sp, width);
  const rows: Row[] = [
    header,
    table[0],
    ...(n ? table.slice(1 + first, 1 + first + g) : table.slice(1)),
    blank('b1'),
    ...tl.header,
    ...tl.strips.slice(first, first + g),
  ];
  if (g < n)
    rows.push(row('more', seg(`  groups ${first + 1}-${first + g} of ${n} (j/k to see the others)`, { dim: true })));
  let maxScroll = 0;
  let page = 1;
  if (!o.live) {
    const logHeight = height - rows.length - 2; // blank, footer
    if (logHeight >= 1) {
      rows.push(blank('b2'));
      const log = logRows(model.log, width, logHeight, state.scroll);
      rows.push(...log.rows);
      maxScroll = log.maxScroll;
      page = Math.max(1, logHeight - 2);
    }
  }
  // Very short terminals: keep the top and the footer.
  const body = rows.slice(0, height - 1);
  return { rows: [...body, footer].map((r) => fitRow(r, width)), maxScroll, page };
}

export interface AppProps {
  model: ViewModel;
  /** Live mode: log lines printed once above the screen (<Static>). Default: model.live. */
  live?: boolean;
  /** Fixed size (tests, embedding); default: the terminal's, following resizes. */
  columns?: number;
  rows?: number;
  /** Draw colors; default: unless NO_COLOR is set. */
  color?: boolean;
  initialState?: UiState;
}

export function App({ model, live = model.live, columns, rows, color, initialState: init = initialState }: AppProps) {
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const term = useTerminalSize();
  const size: Size = { columns: columns ?? term.columns, rows: rows ?? term.rows };
  const [state, dispatch] = useReducer(uiReducer, init);
  const interactive = isRawModeSupported === true;
  const view = useMemo(
    () => screen(model, state, { columns: size.columns, rows: size.rows, live, interactive }),
    [model, state, size.columns, size.rows, live, interactive],
  );
  const ids = model.groups.map((g) => g.id);

  // Live log: every line once, in the order first seen (append-only, as <Static> needs). State
  // adjusted while rendering a new model (React's pattern for state derived from a changing prop).
  const [printed, setPrinted] = useState<PrintedLog>(() =>
    live ? appendLog(emptyPrintedLog, model.log) : emptyPrintedLog,
  );
  const [printedFrom, setPrintedFrom] = useState(model.log);
  if (live && model.log !== printedFrom) {
    setPrintedFrom(model.log);
    setPrinted(appendLog(printed, model.log));
  }

  // The handler reads the latest layout through a ref: it stays subscribed across renders. The ref
  // is set in a layout effect, which runs before any key event can be handled after a render, so a
  // key pressed right after a render never sees the previous screen's bounds.
  const latest = useRef({ ids, view, detail: state.detail });
  useLayoutEffect(() => {
    latest.current = { ids, view, detail: state.detail };
  });
  const onKey = useCallback(
    (input: string, key: Key) => {
      const { ids: gids, view: v, detail } = latest.current;
      const cmd = keyCommand(input, key, { ids: gids, page: v.page, maxScroll: v.maxScroll, detail });
      if (!cmd) return;
      if (cmd.type === 'quit') exit();
      else dispatch(cmd);
    },
    [exit],
  );
  useInput(onKey, { isActive: interactive });

  // Without a keyboard (stdin not a terminal) a file's screen is printed once and the app ends.
  useEffect(() => {
    if (!interactive && !live) exit();
  }, [interactive, live, exit]);

  const body = (
    <Box flexDirection="column" width={size.columns}>
      {live ? <StaticLog lines={printed.lines} width={size.columns} /> : null}
      <Rows rows={view.rows} width={size.columns} />
    </Box>
  );
  return color === undefined ? body : <ColorContext.Provider value={color}>{body}</ColorContext.Provider>;
}

// ------------------------------------------------------------------ mounting

export interface RenderAppOptions {
  live: boolean;
  /** Live refresh period, ms (default 250). */
  refreshMs?: number;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  stderr?: NodeJS.WriteStream;
  /** Default: unless NO_COLOR is set. */
  color?: boolean;
  /** ink's debug mode: every frame written in full, unthrottled (tests). */
  debug?: boolean;
}

export interface AppHandle {
  /** Ask getModel() again and redraw (live: when the engine has news, besides the timer). */
  rerender(): void;
  /** Resolves when the user quits (q, Ctrl-C) or unmount() is called. */
  waitUntilExit(): Promise<void>;
  unmount(): void;
}

/** A version counter the root subscribes to: bumping it makes the root call getModel() again. */
class ModelClock {
  private version = 0;
  private listeners = new Set<() => void>();
  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => {
      this.listeners.delete(l);
    };
  };
  get = () => this.version;
  bump = () => {
    this.version++;
    for (const l of [...this.listeners]) l();
  };
}

function Root({
  clock,
  getModel,
  live,
  refreshMs,
  color,
}: {
  clock: ModelClock;
  getModel: () => ViewModel;
  live: boolean;
  refreshMs: number;
  color: boolean;
}) {
  const version = useSyncExternalStore(clock.subscribe, clock.get, clock.get);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a new version is the signal to call getModel() again
  const model = useMemo(() => getModel(), [getModel, version]);
  useEffect(() => {
    if (!live) return;
    const t = setInterval(clock.bump, Math.max(20, refreshMs));
    return () => clearInterval(t);
  }, [clock, live, refreshMs]);
  return (
    <ColorContext.Provider value={color}>
      <App model={model} live={live} />
    </ColorContext.Provider>
  );
}

export function renderApp(getModel: () => ViewModel, opts: RenderAppOptions): AppHandle {
  const clock = new ModelClock();
  const stdout = opts.stdout ?? process.stdout;
  const instance = render(
    <Root
      clock={clock}
      getModel={getModel}
      live={opts.live}
      refreshMs={opts.refreshMs ?? 250}
      color={opts.color ?? colorFromEnv()}
    />,
    {
      stdout,
      stdin: opts.stdin ?? process.stdin,
      stderr: opts.stderr ?? process.stderr,
      exitOnCtrlC: true,
      // Stray console output would tear the screen: ink prints it above the app. Only for the real terminal.
      patchConsole: stdout === process.stdout,
      debug: opts.debug ?? false,
    },
  );
  let exited: Promise<void> | null = null;
  return {
    rerender: () => clock.bump(),
    waitUntilExit: () => (exited ??= instance.waitUntilExit().then(() => undefined)),
    unmount: () => instance.unmount(),
  };
}
